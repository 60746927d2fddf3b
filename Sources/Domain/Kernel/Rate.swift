import Foundation

/// Lãi suất (%/tháng). Exact: an integer number of billionths per month, so that every rate VBSP
/// publishes (0,55 %/tháng = 5_500_000) and every derived rate (130 % of 0,6875 %/tháng =
/// 8_937_500) is represented without rounding. Rounding happens once, when a rate is applied to
/// money (`interest(on:)`).
public struct Rate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// 10⁻⁹ per month.
    public let billionthsPerMonth: Int64
    public static let scale: Int64 = 1_000_000_000

    public init(billionthsPerMonth: Int64) { self.billionthsPerMonth = billionthsPerMonth }
    public static let zero = Rate(billionthsPerMonth: 0)

    /// The highest rate a person or a file may give: 10 %/tháng, far above any VBSP rate and the
    /// Civil Code's 20 %/năm ceiling; it keeps every product of a rate and a term in range.
    public static let inputMaximum = Rate(billionthsPerMonth: 100_000_000)

    /// Parses a percentage per month written either way: "0,6875" or "0.6875" (meaning
    /// 0,6875 %), ASCII digits, at most `inputMaximum`.
    public init(percentPerMonth text: String) throws(RateError) {
        let normalised = text.trimmingCharacters(in: .whitespaces)
            .replacingOccurrences(of: ",", with: ".")
        let parts = normalised.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), (1...3).contains(parts[0].count),
              parts[0].allSatisfy(\.isASCIIDigit), let whole = Int64(parts[0]) else {
            throw .malformed(text)
        }
        let fraction = parts.count == 2 ? String(parts[1]) : ""
        // A percent is 10⁻², so 7 fractional digits of a percent reach 10⁻⁹.
        guard fraction.count <= 7, fraction.allSatisfy(\.isASCIIDigit) else { throw .malformed(text) }
        let padded = fraction.padding(toLength: 7, withPad: "0", startingAt: 0)
        guard let fractionPart = Int64(padded) else { throw .malformed(text) }
        // whole ≤ 999, so neither the product nor the sum can overflow.
        let value = whole * 10_000_000 + fractionPart
        guard value <= Rate.inputMaximum.billionthsPerMonth else { throw .aboveMaximum(text) }
        billionthsPerMonth = value
    }

    public static func < (lhs: Rate, rhs: Rate) -> Bool { lhs.billionthsPerMonth < rhs.billionthsPerMonth }

    /// `factorPercent` of this rate, exact when the result falls on the 10⁻⁹ grid (130 % of any
    /// VBSP rate does); otherwise rounded half up, which is the one place a derived rate rounds.
    /// A product past `Int64` (only a corrupt stored value could give one) saturates, and the
    /// interest it would give is then refused as an overflow.
    public func scaled(byPercent factorPercent: Int64) -> Rate {
        let (product, overflow) = billionthsPerMonth.multipliedReportingOverflow(by: factorPercent)
        guard !overflow, product <= Int64.max - 50 else { return Rate(billionthsPerMonth: .max) }
        return Rate(billionthsPerMonth: (product + 50) / 100)
    }

    /// Interest for `days` days on `principal`, VBSP convention: monthly rate ÷ 30 per day,
    /// rounded half up to the đồng once per posting.
    public func interest(on principal: Money, days: Int) throws(MoneyError) -> Money {
        let (perDay, overflow) = billionthsPerMonth.multipliedReportingOverflow(by: Int64(days))
        guard !overflow else { throw .overflow }
        return try Rate.divide(principal.dong.multipliedFullWidth(by: perDay), by: Rate.scale * 30)
    }

    /// A 128-bit numerator over a positive denominator, rounded half up; `overflow` when the
    /// quotient leaves `Int64` (where `dividingFullWidth` would trap).
    static func divide(_ numerator: (high: Int64, low: UInt64),
                       by denominator: Int64) throws(MoneyError) -> Money {
        guard denominator > 0 else { throw .overflow }
        // |numerator| < denominator · 2⁶³ keeps the quotient inside Int64.
        let limit = denominator.multipliedFullWidth(by: Int64.max)
        let negative = numerator.high < 0
        let magnitude = negative ? negate(numerator) : numerator
        guard (magnitude.high, magnitude.low) < (limit.high, limit.low) else { throw .overflow }
        let (quotient, remainder) = denominator.dividingFullWidth(magnitude)
        let rounded = remainder >= denominator - remainder ? quotient + 1 : quotient
        return Money(dong: negative ? -rounded : rounded)
    }

    private static func negate(_ value: (high: Int64, low: UInt64)) -> (high: Int64, low: UInt64) {
        let low = ~value.low &+ 1
        return (~value.high &+ (low == 0 ? 1 : 0), low)
    }

    /// `0,6875 %/tháng`
    public var description: String {
        let whole = billionthsPerMonth / 10_000_000
        var fraction = String(billionthsPerMonth % 10_000_000)
        fraction = String(repeating: "0", count: 7 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return fraction.isEmpty ? "\(whole) %/tháng" : "\(whole),\(fraction) %/tháng"
    }

    /// The percentage per month with a decimal point, as `init(percentPerMonth:)` reads it: "0.6875".
    public var percentString: String {
        let whole = billionthsPerMonth / 10_000_000
        var fraction = String(billionthsPerMonth % 10_000_000)
        fraction = String(repeating: "0", count: 7 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return fraction.isEmpty ? "\(whole)" : "\(whole).\(fraction)"
    }

    /// The fraction per month as a decimal string for the API (ratios as fractions): 0.006875.
    public var fractionString: String {
        let whole = billionthsPerMonth / Rate.scale
        var fraction = String(billionthsPerMonth % Rate.scale)
        fraction = String(repeating: "0", count: 9 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return fraction.isEmpty ? "\(whole)" : "\(whole).\(fraction)"
    }
}

public enum RateError: DomainError, Equatable {
    case malformed(String)
    /// Above `Rate.inputMaximum`.
    case aboveMaximum(String)

    public var code: String { "invalid_rate" }

    public var message: String {
        switch self {
        case .malformed(let text):
            "Lãi suất không hợp lệ: «\(text.prefix(40))» (phần trăm một tháng, vd: 0,55)."
        case .aboveMaximum(let text):
            "Lãi suất «\(text.prefix(40))» vượt mức tối đa \(Rate.inputMaximum)."
        }
    }

    public var kind: FailureKind { .malformed }
}

extension Character {
    /// 0–9 and nothing else: a range test on `Character` would let "0" with a combining mark
    /// through, which `Int(_:)` then refuses.
    var isASCIIDigit: Bool { asciiValue.map { (48...57).contains($0) } ?? false }
}
