/// Số định danh cá nhân / căn cước công dân: 12 digits.
/// `PPP` place-of-birth code (the Ministry of Public Security's list, which uses the 63
/// provinces before the 2025 mergers: 033 Hưng Yên, 034 Thái Bình), `G` century and sex
/// (0/1: 20th century male/female, 2/3: 21st, 4/5: 22nd …), `YY` year of birth, six digits.
/// Circular 59/2021/TT-BCA, art. 7. The place-of-birth list is reference data passed in.
public struct CitizenID: Hashable, Sendable, Codable, CustomStringConvertible {
    public let digits: String

    public init(_ text: String, birthplaces: Set<Int>) throws(CitizenIDError) {
        let trimmed = String(text.filter { !$0.isWhitespace })
        guard trimmed.count == 12, trimmed.allSatisfy(\.isASCIIDigit) else { throw .notTwelveDigits }
        let chars = Array(trimmed)
        let place = Int(String(chars[0..<3]))!
        guard birthplaces.contains(place) else { throw .unknownBirthplace(place) }
        digits = trimmed
    }

    /// A number read back from storage, checked when it was stored.
    public init(trusted digits: String) { self.digits = digits }

    public var birthplaceCode: Int { Int(String(Array(digits)[0..<3]))! }

    /// 0 = male, 1 = female in every century pair.
    public var isFemale: Bool { Int(String(Array(digits)[3]))! % 2 == 1 }

    public var birthYear: Int {
        let chars = Array(digits)
        let centuryDigit = Int(String(chars[3]))!
        let yy = Int(String(chars[4...5]))!
        return 1900 + (centuryDigit / 2) * 100 + yy
    }

    public var description: String { digits }

    /// `033******234`: enough to tell two people apart on a list, not enough to use the number.
    public var masked: String { String(digits.prefix(3)) + String(repeating: "*", count: 6) + String(digits.suffix(3)) }

    /// The number as `role` may see it.
    public func shown(to role: Role) -> String { role.seesFullCitizenIDs ? digits : masked }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(digits)
    }
}

public enum CitizenIDError: Error, Equatable, Sendable {
    case notTwelveDigits
    case unknownBirthplace(Int)
}
