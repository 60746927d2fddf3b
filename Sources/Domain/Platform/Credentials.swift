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

    public static func validate(password: String, username: String) throws(PlatformError) {
        guard password.count >= minPasswordLength else { throw .weakPassword }
        guard password.lowercased() != username.lowercased() else { throw .weakPassword }
    }
}
