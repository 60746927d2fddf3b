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

    /// The largest amount a person, a request or a file may give: 10¹⁸ đồng (a million times the
    /// province's whole book), so that the sum of any nine such amounts still fits an `Int64`.
    /// The one bound every edge applies; `invalid_amount` outside 0…`inputMaximum`.
    public static let inputMaximum = Money(dong: 1_000_000_000_000_000_000)

    /// An amount given at an edge (an API field, a file cell): whole đồng in 0…`inputMaximum`.
    public init(input dong: Int64) throws(MoneyError) {
        guard (0...Money.inputMaximum.dong).contains(dong) else { throw .outOfRange(String(dong)) }
        self.init(dong: dong)
    }

    /// An amount as people type it: "1.500.000", "1500000 đ", "1 500 000". Whole đồng, not
    /// negative, ASCII digits, at most `inputMaximum`.
    public init(text: String) throws(MoneyError) {
        var digits = text.trimmingCharacters(in: .whitespaces)
        for suffix in ["đồng", "đ", "VND", "vnd"] where digits.hasSuffix(suffix) {
            digits.removeLast(suffix.count)
        }
        digits = digits.filter { $0 != "." && $0 != " " && $0 != "\u{00A0}" }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) else { throw .malformed(text) }
        guard digits.count <= 19, let value = Int64(digits) else { throw .outOfRange(text) }
        try self.init(input: value)
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

    /// From a request (`InputDecoding`), an amount outside 0…`inputMaximum` is refused; from
    /// storage, any stored amount (a reversal's negative principal) reads back.
    public init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer().decode(Int64.self)
        if InputDecoding.isInput(decoder) { self = try Money(input: value) } else { dong = value }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(dong)
    }
}

public enum MoneyError: DomainError, Equatable {
    /// A sum or product left the range of the books: refused, never wrapped or trapped.
    case overflow
    case malformed(String)
    /// A well-formed amount outside 0…`Money.inputMaximum`.
    case outOfRange(String)

    public var code: String {
        switch self {
        case .overflow: "amount_overflow"
        case .malformed, .outOfRange: "invalid_amount"
        }
    }

    public var message: String {
        switch self {
        case .overflow:
            "Tổng số tiền vượt quá giới hạn tính toán của sổ sách; không có gì được ghi."
        case .malformed(let text):
            "Số tiền không hợp lệ: «\(text.prefix(40))» (số đồng không âm, vd: 1.500.000)."
        case .outOfRange(let text):
            "Số tiền «\(text.prefix(40))» nằm ngoài khoảng 0–\(Money.inputMaximum.formatted())."
        }
    }

    public var kind: FailureKind { self == .overflow ? .ruleBroken : .malformed }
}

extension Sequence where Element == Money {
    /// Sum with overflow checking: a ledger total that wrapped around would be a silent disaster.
    public func sum() throws(MoneyError) -> Money {
        var total = Money.zero
        for amount in self { total = try total.adding(amount) }
        return total
    }
}
