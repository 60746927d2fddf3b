/// Số định danh cá nhân / căn cước công dân: 12 digits.
/// `PPP` place-of-birth code (the Ministry of Public Security's list, which uses the 63
/// provinces before the 2025 mergers: 033 Hưng Yên, 034 Thái Bình), `G` century and sex
/// (0/1: 20th century male/female, 2/3: 21st, 4/5: 22nd …), `YY` year of birth, six digits.
/// Circular 59/2021/TT-BCA, art. 7. The place-of-birth list is reference data passed in.
public struct CitizenID: Hashable, Sendable, Codable, CustomStringConvertible {
    public let digits: String

    public init(_ text: String, birthplaces: Set<Int>) throws(CitizenIDError) {
        let trimmed = String(text.filter { !$0.isWhitespace })
        guard trimmed.utf8.count == 12, trimmed.isASCIIDigits else { throw .notTwelveDigits }
        let place = Self.number(trimmed, 0..<3)
        guard birthplaces.contains(place) else { throw .unknownBirthplace(place) }
        digits = trimmed
    }

    /// The value of the ASCII digits at `range` (a stored number is checked when stored; a
    /// corrupt one reads as zeros rather than trapping).
    private static func number(_ text: String, _ range: Range<Int>) -> Int {
        let bytes = Array(text.utf8)
        guard range.upperBound <= bytes.count else { return 0 }
        return bytes[range].reduce(0) { $0 * 10 + ((48...57).contains($1) ? Int($1 - 48) : 0) }
    }

    /// A number read back from storage, checked when it was stored.
    public init(trusted digits: String) { self.digits = digits }

    public var birthplaceCode: Int { Self.number(digits, 0..<3) }

    /// 0 = male, 1 = female in every century pair.
    public var isFemale: Bool { Self.number(digits, 3..<4) % 2 == 1 }

    public var birthYear: Int {
        1900 + (Self.number(digits, 3..<4) / 2) * 100 + Self.number(digits, 4..<6)
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
