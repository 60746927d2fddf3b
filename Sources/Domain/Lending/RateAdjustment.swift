import Foundation

/// Mức điều chỉnh lãi suất: what a rate adjustment does to the rate a loan carries. A cut quoted
/// in %/năm stays in billionths per year, never a monthly or daily share of it: a month's share of
/// 2 %/năm is not a whole number of billionths per month (CHANGES 2026-12-01 item 5).
public enum RateChange: Sendable, Hashable {
    /// Cộng (trừ) số điểm %/năm: signed billionths per year; −2 %/năm is −20_000_000.
    case pointsPerYear(Int64)
    /// Bằng một tỷ lệ % của lãi suất: 50 is half the rate.
    case factorPercent(Int64)

    /// The widest change a person may enter: ±20 %/năm, and a factor from 0 to 200 %.
    public static let pointsLimit: Int64 = 200_000_000
    public static let factorLimit: Int64 = 200

    /// Parses a change in %/năm written either way ("-2", "−2,5", "+0.75"), at most
    /// 7 decimals of a percent and within ±`pointsLimit`.
    public static func points(
        percentPerYear text: String
    ) throws(RateAdjustmentError)
        -> RateChange
    {
        let (sign, body) = signed(text, minus: "-−")
        // The magnitude reads as a percentage; billionths per month and per year share a scale.
        guard let magnitude = try? Rate(percentPerMonth: String(body)).billionthsPerMonth
        else { throw .invalidChange(text) }
        return try points(sign * magnitude, text)
    }

    /// Parses a change as the API writes it, a signed fraction per year ("-0.02"), at most
    /// 9 decimals and within ±`pointsLimit`.
    public static func points(
        fractionPerYear text: String
    ) throws(RateAdjustmentError)
        -> RateChange
    {
        let (sign, body) = signed(text, minus: "-")
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0] == "0", (1...9).contains(parts[1].count),
            parts[1].allSatisfy(\.isASCIIDigit),
            let value = Int64(String(parts[1]).padding(toLength: 9, withPad: "0", startingAt: 0))
        else { throw .invalidChange(text) }
        return try points(sign * value, text)
    }

    /// The sign a text starts with (+ or one of `minus`) and the rest.
    static func signed(_ text: String, minus: String) -> (Int64, Substring) {
        let body = Substring(text.trimmingCharacters(in: .whitespaces))
        guard let first = body.first, (minus + "+").contains(first) else { return (1, body) }
        return (first == "+" ? 1 : -1, body.dropFirst())
    }

    static func points(_ value: Int64, _ text: String) throws(RateAdjustmentError) -> RateChange {
        guard value != 0, value.magnitude <= UInt64(pointsLimit) else { throw .invalidChange(text) }
        return .pointsPerYear(value)
    }

    public static func factor(percent value: Int64) throws(RateAdjustmentError) -> RateChange {
        guard (0...factorLimit).contains(value), value != 100 else {
            throw .invalidChange(String(value))
        }
        return .factorPercent(value)
    }

    /// "−2 %/năm", "50 % lãi suất"
    public var description: String {
        switch self {
        case .pointsPerYear(let points):
            let text = Rate(billionthsPerMonth: Int64(clamping: points.magnitude))
                .percentString.replacingOccurrences(of: ".", with: ",")
            return (points < 0 ? "−" : "+") + text + " %/năm"
        case .factorPercent(let percent): return "\(percent) % lãi suất"
        }
    }

    /// The change as the API writes it: a fraction per year ("-0.02") or a factor percent.
    public var fractionPerYear: String? {
        guard case .pointsPerYear(let points) = self else { return nil }
        let text = Rate(billionthsPerMonth: Int64(clamping: points.magnitude)).fractionString
        return points < 0 ? "-" + text : text
    }
}

/// Phạm vi điều chỉnh: the loans an adjustment reaches. An empty set means every value of that
/// dimension; a loan is in scope when it matches all three.
public struct RateAdjustmentScope: Sendable, Hashable, Codable {
    public var programCodes: Set<String>
    public var provinceCodes: Set<Int>
    public var capitalSources: Set<CapitalSource>

    public init(
        programCodes: Set<String> = [], provinceCodes: Set<Int> = [],
        capitalSources: Set<CapitalSource> = []
    ) {
        self.programCodes = programCodes
        self.provinceCodes = provinceCodes
        self.capitalSources = capitalSources
    }

    public func contains(program: String, province: Int, source: CapitalSource?) -> Bool {
        (programCodes.isEmpty || programCodes.contains(program))
            && (provinceCodes.isEmpty || provinceCodes.contains(province))
            && (capitalSources.isEmpty || source.map(capitalSources.contains) == true)
    }

    /// Whether some loan could be in both scopes.
    public func overlaps(_ other: RateAdjustmentScope) -> Bool {
        func meet<T>(_ a: Set<T>, _ b: Set<T>) -> Bool {
            a.isEmpty || b.isEmpty || !a.isDisjoint(with: b)
        }
        return meet(programCodes, other.programCodes) && meet(provinceCodes, other.provinceCodes)
            && meet(capitalSources, other.capitalSources)
    }
}

/// Điều chỉnh lãi suất cho vay: a temporary cut (or rise) for loans in a scope, from a day
/// through a day, set by an act (Decision 2654/QĐ-TTg: −2 %/năm from 01/10 to 31/12/2025). It is
/// reference data: a correction is a new adjustment, never an edit. A retroactive one reaches
/// months already closed: the next month-end gives back, per loan, the interest those months
/// took above the adjusted rate (`InterestRefund`).
public struct RateAdjustment: Sendable, Hashable, Identifiable {
    /// Mã điều chỉnh, e.g. "QD2654-2025".
    public var id: String
    public var name: String
    public var scope: RateAdjustmentScope
    public var from: BusinessDate
    public var through: BusinessDate
    public var change: RateChange
    public var legalSource: String

    public init(
        id: String, name: String, scope: RateAdjustmentScope, from: BusinessDate,
        through: BusinessDate, change: RateChange, legalSource: String
    ) {
        self.id = id
        self.name = name
        self.scope = scope
        self.from = from
        self.through = through
        self.change = change
        self.legalSource = legalSource
    }

    public func covers(_ day: BusinessDate) -> Bool { from <= day && day <= through }

    /// Checks a new adjustment on its own and against those already recorded: an id used once,
    /// dates in order, a legal source, and no two factors on the same loan on the same day (their
    /// product would leave the exact grid).
    public func validate(against existing: [RateAdjustment]) throws(RateAdjustmentError) {
        guard id.count <= 40, !id.isEmpty,
            id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) })
        else { throw .invalidID(id) }
        guard !existing.contains(where: { $0.id == id }) else { throw .duplicate(id) }
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty, name.count <= 200 else {
            throw .nameRequired
        }
        guard from <= through else { throw .datesOutOfOrder }
        guard !legalSource.trimmingCharacters(in: .whitespaces).isEmpty, legalSource.count <= 300
        else { throw .legalSourceRequired }
        guard case .factorPercent = change else { return }
        if let clash = existing.first(where: {
            if case .factorPercent = $0.change, $0.scope.overlaps(scope),
                $0.from <= through, from <= $0.through
            {
                return true
            }
            return false
        }) {
            throw .overlappingFactor(clash.id)
        }
    }
}
