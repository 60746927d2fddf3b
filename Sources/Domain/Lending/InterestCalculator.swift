/// A change in what a loan owes on a day: principal disbursed (+) or repaid (−).
public struct PrincipalMovement: Sendable, Hashable {
    public var on: BusinessDate
    public var amount: Money
    public init(on: BusinessDate, amount: Money) {
        self.on = on
        self.amount = amount
    }
}

/// A rate from a date (the loan's rate; a re-pricing act adds a later one).
public struct RatePeriod: Sendable, Hashable {
    public var from: BusinessDate
    public var rate: Rate
    /// The act that set it (nil for a period made inside a calculation, like a freeze's zero).
    public var act: RateAct?
    public init(from: BusinessDate, rate: Rate, act: RateAct? = nil) {
        self.from = from
        self.rate = rate
        self.act = act
    }
}

/// Tính lãi (lending.md §7, method unconfirmed, so the day count is a parameter): simple interest on
/// the principal outstanding at the start of each day, at the loan's rate on current principal and
/// at the overdue percentage of it on overdue principal, from the day after `from` through `to`.
/// A rate adjustment covering a day changes that day's rate (`RateChange`), never below zero and
/// never on a day the loan accrues nothing (a freeze). The sum is exact and rounded half up to the
/// đồng once — the one place interest rounds.
public enum InterestCalculator {
    public static func interest(
        schedule: [Instalment], movements: [PrincipalMovement], rates: [RatePeriod],
        adjustments: [RateAdjustment] = [], overduePercent: Int64, dayCount: DayCount,
        from: BusinessDate, through to: BusinessDate
    ) throws(MoneyError) -> Money {
        guard from < to, !rates.isEmpty else { return .zero }
        let sortedRates = rates.sorted { $0.from < $1.from }
        // Numerator in đồng × 10⁻¹³ per year × days; divided once at the end by 10¹³ × the
        // days of the convention's year (360 for 30-day months, 365).
        var numerator = WideSum()
        for stretch in stretches(schedule: schedule, movements: movements, rates: sortedRates,
                                 adjustments: adjustments, from: from, through: to) {
            let day = BusinessDate(dayNumber: stretch.start)
            let days = Int64(stretch.days)
            // The balance at the start of the day: movements dated before it.
            let disbursed = try movements.filter { $0.on < day && $0.amount.dong > 0 }.map(\.amount).sum()
            let repaid = try movements.filter { $0.on < day && $0.amount.dong < 0 }
                .map { Money(dong: -$0.amount.dong) }.sum()
            let position = try PrincipalRules.position(schedule: schedule, principalPaid: repaid, on: day)
            let held = try disbursed.subtracting(repaid)
            let outstanding = max(0, min(position.outstanding.dong, held.dong))
            let overdue = min(position.overdue.dong, outstanding)
            let base = (sortedRates.last { $0.from <= day } ?? sortedRates[0]).rate
            let year = try yearRate(base, adjustments.filter { $0.covers(day) })
            try numerator.add(outstanding - overdue, times: [year, 100, days])
            try numerator.add(overdue, times: [year, overduePercent, days])
        }
        let denominator: Int64 = 10_000_000_000_000 * (dayCount == .monthly30 ? 360 : 365)
        return try Rate.divide((numerator.high, numerator.low), by: denominator)
    }

    /// The day's rate in 10⁻¹¹ per year: the monthly rate × 12, a factor of it, plus the points
    /// per year of the adjustments covering the day, floored at zero. A day at zero (a freeze)
    /// stays at zero. Two factors on one day are refused when the second is recorded; should the
    /// store hold them anyway, the first counts.
    static func yearRate(_ base: Rate, _ covering: [RateAdjustment]) throws(MoneyError) -> Int64 {
        guard base.billionthsPerMonth > 0 else { return 0 }
        var factor: Int64 = 100, points: Int64 = 0
        for adjustment in covering {
            switch adjustment.change {
            case .factorPercent(let percent) where factor == 100: factor = percent
            case .factorPercent: continue
            case .pointsPerYear(let value):
                let (sum, overflow) = points.addingReportingOverflow(value)
                guard !overflow else { throw .overflow }
                points = sum
            }
        }
        let (scaled, o1) = base.billionthsPerMonth.multipliedReportingOverflow(by: 12 * factor)
        let (added, o2) = points.multipliedReportingOverflow(by: 100)
        let (year, o3) = scaled.addingReportingOverflow(added)
        guard !o1, !o2, !o3 else { throw .overflow }
        return max(0, year)
    }

    /// The state is constant between change days (the day after a movement or a due date, the
    /// first day of a rate), so each stretch counts once: balance × rate × days.
    static func stretches(schedule: [Instalment], movements: [PrincipalMovement], rates: [RatePeriod],
                          adjustments: [RateAdjustment] = [],
                          from: BusinessDate, through to: BusinessDate) -> [(start: Int, days: Int)] {
        var changes = Set<Int>()
        for a in adjustments {
            changes.insert(a.from.dayNumber)
            changes.insert(a.through.dayNumber + 1)
        }
        for m in movements { changes.insert(m.on.dayNumber + 1) }
        for i in schedule { changes.insert(i.dueOn.dayNumber + 1) }
        for r in rates { changes.insert(r.from.dayNumber) }
        let first = from.dayNumber + 1, last = to.dayNumber
        let starts = ([first] + changes.filter { $0 > first && $0 <= last }).sorted()
        return starts.enumerated().map { index, start in
            let end = index + 1 < starts.count ? starts[index + 1] - 1 : last
            return (start, end - start + 1)
        }
    }
}

/// A signed 128-bit running sum of products, with every step checked: interest on the largest
/// balance over the longest life stays exact or is refused, never wrapped.
struct WideSum {
    var high: Int64 = 0
    var low: UInt64 = 0

    /// Adds `value` × the product of `factors` (each factor's product must fit an `Int64`).
    mutating func add(_ value: Int64, times factors: [Int64]) throws(MoneyError) {
        var factor: Int64 = 1
        for f in factors {
            let (product, overflow) = factor.multipliedReportingOverflow(by: f)
            guard !overflow else { throw .overflow }
            factor = product
        }
        let product = value.multipliedFullWidth(by: factor)
        let (sumLow, carry) = low.addingReportingOverflow(product.low)
        let (partial, overflow1) = high.addingReportingOverflow(product.high)
        let (sumHigh, overflow2) = partial.addingReportingOverflow(carry ? 1 : 0)
        guard !overflow1, !overflow2 else { throw .overflow }
        (high, low) = (sumHigh, sumLow)
    }
}
