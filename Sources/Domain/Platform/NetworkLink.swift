/// Liên kết tổ chức, tổ: which accounts a link narrows. An organisation officer (Hội, Đoàn) is
/// tied to their organisation and a group leader to their group; a link on any other role would
/// narrow an account nobody meant to narrow, so it is refused.
public enum NetworkLink {
    /// The refusal for tying an account of `role` to `organisation` and `groupID`, or nil.
    public static func refusal(
        role: Role, organisation: Organisation?, groupID: String?
    ) -> PlatformError? {
        if organisation != nil, role != .union { return .linkNotForRole(role.label) }
        if groupID != nil, role != .leader { return .linkNotForRole(role.label) }
        return nil
    }

    /// The organisation that narrows an account of `role`: only an organisation officer's.
    public static func organisation(_ organisation: Organisation?, role: Role) -> Organisation? {
        role == .union ? organisation : nil
    }

    /// The group that narrows an account of `role`: only a group leader's.
    public static func group(_ groupID: String?, role: Role) -> String? {
        role == .leader ? groupID : nil
    }
}
