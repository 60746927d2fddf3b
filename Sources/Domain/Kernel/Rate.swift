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

    /// Parses a percentage per month written either way: "0,6875" or "0.6875" (meaning 0,6875 %).
    public init(percentPerMonth text: String) throws(RateError) {
        let normalised = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        let parts = normalised.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].allSatisfy(\.isASCIIDigit),
              let whole = Int64(parts[0]) else {
            throw .malformed(text)
        }
        let fraction = parts.count == 2 ? String(parts[1]) : ""
        // A percent is 10⁻², so 7 fractional digits of a percent reach 10⁻⁹.
        guard fraction.count <= 7, fraction.allSatisfy(\.isASCIIDigit) else { throw .malformed(text) }
        let padded = fraction.padding(toLength: 7, withPad: "0", startingAt: 0)
        let (wholePart, overflow) = whole.multipliedReportingOverflow(by: 10_000_000)
        guard !overflow, let fractionPart = Int64(padded) else { throw .malformed(text) }
        billionthsPerMonth = wholePart + fractionPart
    }

    public static func < (lhs: Rate, rhs: Rate) -> Bool { lhs.billionthsPerMonth < rhs.billionthsPerMonth }

    /// `factorPercent` of this rate, exact when the result falls on the 10⁻⁹ grid (130 % of any
    /// VBSP rate does); otherwise rounded half up, which is the one place a derived rate rounds.
    public func scaled(byPercent factorPercent: Int64) -> Rate {
        let product = billionthsPerMonth * factorPercent
        return Rate(billionthsPerMonth: (product + 50) / 100)
    }

    /// Interest for `days` days on `principal`, VBSP convention: monthly rate ÷ 30 per day,
    /// rounded half up to the đồng once per posting.
    public func interest(on principal: Money, days: Int) throws(MoneyError) -> Money {
        let numerator = principal.dong.multipliedFullWidth(by: billionthsPerMonth * Int64(days))
        let denominator = Rate.scale * 30
        let (quotient, remainder) = denominator.dividingFullWidth(numerator)
        let rounded = remainder * 2 >= denominator ? quotient + 1 : quotient
        return Money(dong: rounded)
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

public enum RateError: Error, Equatable, Sendable {
    case malformed(String)
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
