import Foundation

/// Mã đơn vị hành chính: the General Statistics Office code of a province (2 digits), legacy
/// district (3) or commune, ward or special zone (5). Codes are reused across the 2025
/// rearrangement (Phường Phố Hiến took 11953, the code of the former Phường Hiến Nam), so a code
/// names a unit only together with its level and a date (`AdministrativeUnit.id`).
public struct UnitCode: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let value: Int

    public init(_ value: Int) throws(PlacesError) {
        guard (1...99_999).contains(value) else { throw .invalidUnitCode(String(value)) }
        self.value = value
    }

    /// Accepts "11953", "00004" or "033".
    public init(text: String) throws(PlacesError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 5, trimmed.allSatisfy(\.isASCIIDigit),
              let value = Int(trimmed) else { throw .invalidUnitCode(text) }
        try self.init(value)
    }

    public static func < (lhs: UnitCode, rhs: UnitCode) -> Bool { lhs.value < rhs.value }
    public var description: String { String(value) }

    public init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer().decode(Int.self)
        try self.init(value)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
