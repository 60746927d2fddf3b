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
    public init(from: BusinessDate, rate: Rate) {
        self.from = from
        self.rate = rate
    }
}

/// Tính lãi (lending.md §7, method unconfirmed, so the day count is a parameter): simple interest on
/// the principal outstanding at the start of each day, at the loan's rate on current principal and
/// at the overdue percentage of it on overdue principal, from the day after `from` through `to`.
/// The sum is exact and rounded half up to the đồng once — the one place interest rounds.
public enum InterestCalculator {
    public static func interest(schedule: [Instalment], movements: [PrincipalMovement], rates: [RatePeriod], overduePercent: Int64,
                                dayCount: DayCount, from: BusinessDate, through to: BusinessDate) -> Money {
        guard from < to, !rates.isEmpty else { return .zero }
        let sortedRates = rates.sorted { $0.from < $1.from }
        // Numerator in đồng × billionths-per-month units; divided once at the end.
        var numerator: (high: Int64, low: UInt64) = (0, 0)
        func add(_ value: Int64, times factor: Int64) {
            let product = value.multipliedFullWidth(by: factor)
            let (low, carry) = numerator.low.addingReportingOverflow(product.low)
            numerator = (numerator.high &+ product.high &+ (carry ? 1 : 0), low)
        }
        // The state is constant between change days (the day after a movement or a due date, the
        // first day of a rate), so each stretch counts once: balance × rate × days.
        var changes = Set<Int>()
        for m in movements { changes.insert(m.on.dayNumber + 1) }
        for i in schedule { changes.insert(i.dueOn.dayNumber + 1) }
        for r in sortedRates { changes.insert(r.from.dayNumber) }
        let first = from.dayNumber + 1, last = to.dayNumber
        let starts = ([first] + changes.filter { $0 > first && $0 <= last }).sorted()
        let dailyFactor: Int64 = dayCount == .monthly30 ? 1 : 12  // annual/365: the monthly rate × 12 per 365 days
        for (index, start) in starts.enumerated() {
            let end = index + 1 < starts.count ? starts[index + 1] - 1 : last
            let day = BusinessDate(dayNumber: start)
            let days = Int64(end - start + 1)
            // The balance at the start of the day: movements dated before it.
            let disbursed = movements.filter { $0.on < day && $0.amount.dong > 0 }.reduce(0) { $0 + $1.amount.dong }
            let repaid = -movements.filter { $0.on < day && $0.amount.dong < 0 }.reduce(0) { $0 + $1.amount.dong }
            let position = PrincipalRules.position(schedule: schedule, principalPaid: Money(dong: repaid), on: day)
            let outstanding = max(0, min(position.outstanding.dong, disbursed - repaid))
            let overdue = min(position.overdue.dong, outstanding)
            let rate = (sortedRates.last { $0.from <= day } ?? sortedRates[0]).rate
            add(outstanding - overdue, times: rate.billionthsPerMonth * dailyFactor * days)
            add(overdue, times: rate.scaled(byPercent: overduePercent).billionthsPerMonth * dailyFactor * days)
        }
        let denominator: Int64 = Rate.scale * (dayCount == .monthly30 ? 30 : 365)
        let (quotient, remainder) = denominator.dividingFullWidth((numerator.high, numerator.low))
        return Money(dong: remainder * 2 >= denominator ? quotient + 1 : quotient)
    }
}
