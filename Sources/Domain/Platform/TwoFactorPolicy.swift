/// Xác thực hai lớp bắt buộc: which roles must sign in with a second factor, read from the dated
/// reference value `mfa_required_roles` ("admin,bank", or "none").
public struct TwoFactorPolicy: Sendable, Equatable {
    public let roles: Set<Role>

    public init(roles: Set<Role>) { self.roles = roles }

    /// Unknown words are ignored, so a typo in the reference value requires nothing more (and the
    /// page that edits it shows what was read).
    public init(referenceValue text: String?) {
        let words = (text ?? "").split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" })
        roles = Set(words.compactMap { Role(rawValue: String($0).lowercased()) })
    }

    public func requires(_ role: Role) -> Bool { roles.contains(role) }
}
