/// One period of a loan's rate history with its adjustments: the act that set the rate, the
/// adjustments covering the period, and the exact rate per year it runs at.
public struct PricedPeriod: Sendable, Hashable {
    public var from: BusinessDate
    /// The rate the act set, before any adjustment.
    public var base: Rate
    public var act: RateAct?
    /// The adjustments covering every day of the period (none outside them).
    public var adjustments: [RateAdjustment]
    /// Billionths per year after the adjustments, exact (a 2 %/năm cut stays 20_000_000).
    public var billionthsPerYear: Int64

    /// The rate per year as a fraction ("0.046" for 4,6 %/năm).
    public var fractionPerYear: String {
        Rate(billionthsPerMonth: billionthsPerYear).fractionString
    }
}

extension LoanPricing {
    /// The rate periods split where an adjustment starts or ends, each with the adjustments that
    /// cover it. The exact yearly rate rounds nowhere: a fraction of a billionth per year would
    /// only come from a factor of an odd rate, and the history shows it to the billionth below.
    public static func history(
        _ rates: [RatePeriod], adjustments: [RateAdjustment]
    ) -> [PricedPeriod] {
        let sorted = rates.sorted { $0.from < $1.from }
        guard let first = sorted.first else { return [] }
        var starts = Set(sorted.map(\.from))
        for a in adjustments where a.through >= first.from {
            starts.insert(max(a.from, first.from))
            starts.insert(a.through.adding(days: 1))
        }
        var periods: [PricedPeriod] = []
        for day in starts.sorted() {
            let base = sorted.last { $0.from <= day } ?? first
            let covering = adjustments.filter { $0.covers(day) }
            let year = (try? InterestCalculator.yearRate(base.rate, covering)).map { $0 / 100 } ?? 0
            if let last = periods.last, last.base == base.rate, last.act == base.act,
                last.adjustments == covering
            {
                continue
            }
            periods.append(
                PricedPeriod(
                    from: day, base: base.rate, act: base.act, adjustments: covering,
                    billionthsPerYear: year))
        }
        return periods
    }
}
