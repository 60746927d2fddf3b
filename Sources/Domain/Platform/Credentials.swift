import Foundation

/// Rules for usernames and passwords, checked once at the edge.
public enum Credentials {
    public static let minPasswordLength = 8

    /// 3–40 characters: lower-case ASCII letters, digits, dot, dash, underscore.
    public static func validate(username: String) throws(PlatformError) -> String {
        let name = username.trimmingCharacters(in: .whitespaces).lowercased()
        let allowed = name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || ".-_".contains($0)) }
        guard (3...40).contains(name.count), allowed else { throw .invalidUsername }
        return name
    }

    /// Bcrypt reads only the first 72 bytes: a longer password would seem stronger than it is.
    public static let maxPasswordBytes = 72

    /// At least 8 characters, at most 72 bytes, not the user name, not one character or a run of
    /// consecutive keys, and not on the list of common passwords (`common`, lower-cased).
    public static func validate(password: String, username: String, common: Set<String> = []) throws(PlatformError) {
        guard password.count >= minPasswordLength else { throw .weakPassword }
        guard password.utf8.count <= maxPasswordBytes else { throw .passwordTooLong }
        let folded = password.lowercased()
        guard folded != username.lowercased() else { throw .weakPassword }
        guard !common.contains(folded), !isTrivial(folded) else { throw .commonPassword }
    }

    /// "aaaaaaaa", "12345678", "87654321", "abcdefgh": one character, or each the next (or the
    /// previous) of the one before.
    static func isTrivial(_ password: String) -> Bool {
        let scalars = Array(password.unicodeScalars.map(\.value))
        guard scalars.count > 1 else { return true }
        let steps = Set(zip(scalars, scalars.dropFirst()).map { Int64($1) - Int64($0) })
        return steps.count == 1 && [0, 1, -1].contains(steps.first ?? 2)
    }
}
