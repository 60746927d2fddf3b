import Foundation

/// Số tiền (đồng). Whole đồng in an `Int64`: VBSP books carry no fractions of a đồng, and an
/// integer makes every sum exact. Arithmetic traps nothing: overflow is reported as an error.
public struct Money: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let dong: Int64

    public init(dong: Int64) { self.dong = dong }
    public static let zero = Money(dong: 0)

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.dong < rhs.dong }

    public func adding(_ other: Money) throws(MoneyError) -> Money {
        let (value, overflow) = dong.addingReportingOverflow(other.dong)
        guard !overflow else { throw .overflow }
        return Money(dong: value)
    }

    public func subtracting(_ other: Money) throws(MoneyError) -> Money {
        let (value, overflow) = dong.subtractingReportingOverflow(other.dong)
        guard !overflow else { throw .overflow }
        return Money(dong: value)
    }

    public func multiplied(by factor: Int64) throws(MoneyError) -> Money {
        let (value, overflow) = dong.multipliedReportingOverflow(by: factor)
        guard !overflow else { throw .overflow }
        return Money(dong: value)
    }

    public var isNegative: Bool { dong < 0 }

    /// An amount as people type it: "1.500.000", "1500000 đ", "1 500 000". Whole đồng, not negative.
    public init(text: String) throws(MoneyError) {
        var digits = text.trimmingCharacters(in: .whitespaces)
        for suffix in ["đồng", "đ", "VND", "vnd"] where digits.hasSuffix(suffix) { digits.removeLast(suffix.count) }
        digits = digits.filter { $0 != "." && $0 != " " && $0 != "\u{00A0}" }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), let value = Int64(digits) else { throw .malformed(text) }
        self.init(dong: value)
    }

    /// `1.234.567 đ`: Vietnamese grouping with dots, as on VBSP receipts.
    public var description: String { formatted() }

    public func formatted(withSymbol: Bool = true) -> String {
        let magnitude = dong.magnitude
        let digits = Array(String(magnitude))
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped.append(".") }
            grouped.append(digit)
        }
        let sign = dong < 0 ? "-" : ""
        return withSymbol ? "\(sign)\(grouped) đ" : "\(sign)\(grouped)"
    }

    public init(from decoder: any Decoder) throws {
        dong = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(dong)
    }
}

public enum MoneyError: Error, Equatable, Sendable {
    case overflow
    case malformed(String)
}

extension Sequence where Element == Money {
    /// Sum with overflow checking: a ledger total that wrapped around would be a silent disaster.
    public func sum() throws(MoneyError) -> Money {
        var total = Money.zero
        for amount in self { total = try total.adding(amount) }
        return total
    }
}
