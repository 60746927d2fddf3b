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
/// The sum is exact and rounded half up to the đồng once — the one place interest rounds.
public enum InterestCalculator {
    public static func interest(schedule: [Instalment], movements: [PrincipalMovement], rates: [RatePeriod], overduePercent: Int64,
                                dayCount: DayCount, from: BusinessDate,
                                through to: BusinessDate) throws(MoneyError) -> Money {
        guard from < to, !rates.isEmpty else { return .zero }
        let sortedRates = rates.sorted { $0.from < $1.from }
        // Numerator in đồng × billionths-per-month units; divided once at the end.
        var numerator = WideSum()
        let dailyFactor: Int64 = dayCount == .monthly30 ? 1 : 12  // annual/365: the monthly rate × 12 per 365 days
        for stretch in stretches(schedule: schedule, movements: movements, rates: sortedRates,
                                 from: from, through: to) {
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
            let rate = (sortedRates.last { $0.from <= day } ?? sortedRates[0]).rate
            let overdueRate = rate.scaled(byPercent: overduePercent)
            try numerator.add(outstanding - overdue, times: [rate.billionthsPerMonth, dailyFactor, days])
            try numerator.add(overdue, times: [overdueRate.billionthsPerMonth, dailyFactor, days])
        }
        let denominator: Int64 = Rate.scale * (dayCount == .monthly30 ? 30 : 365)
        return try Rate.divide((numerator.high, numerator.low), by: denominator)
    }

    /// The state is constant between change days (the day after a movement or a due date, the
    /// first day of a rate), so each stretch counts once: balance × rate × days.
    static func stretches(schedule: [Instalment], movements: [PrincipalMovement], rates: [RatePeriod],
                          from: BusinessDate, through to: BusinessDate) -> [(start: Int, days: Int)] {
        var changes = Set<Int>()
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
