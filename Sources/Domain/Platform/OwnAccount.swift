/// Tài khoản của chính mình: what an administrator may not do to their own account through the
/// user administration. Renaming oneself is fine; disabling, demoting or re-scoping oneself is
/// refused, so one slip cannot leave a province without its administrator, and a password is
/// changed on "Đổi mật khẩu", which asks for the current one.
public enum OwnAccount {
    /// The refusal for a change of `userID` made by `actorID`, or nil.
    public static func refusal(
        actorID: String?, userID: String, from before: ScopeSpec, _ beforeRole: Role,
        to after: ScopeSpec, _ afterRole: Role, disabling: Bool
    ) -> PlatformError? {
        guard actorID == userID else { return nil }
        return disabling || before != after || beforeRole != afterRole ? .ownAccountChange : nil
    }

    /// The refusal for an administrator's password reset of `userID`, or nil.
    public static func resetRefusal(actorID: String?, userID: String) -> PlatformError? {
        actorID == userID ? .ownPasswordReset : nil
    }
}
