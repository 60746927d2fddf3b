/// Lãi tiền gửi của tổ viên for one month: each day earns on the balance at the end of that day,
/// on a 365-day year, rounded down to the đồng once for the month (the rate and the convention
/// are reference data: `savings_interest_bp_year`, unconfirmed).
public enum SavingsInterest {
    /// A deposit (+) or withdrawal (−) on a day.
    public struct Movement: Sendable, Equatable {
        public var on: BusinessDate
        public var amount: Money
        public init(on: BusinessDate, amount: Money) {
            self.on = on
            self.amount = amount
        }
    }

    /// Σ end-of-day balance over the days of the month ending on `monthEnd`: the opening balance for
    /// every day, each movement from its day to the month's end.
    public static func balanceDays(opening: Money, movements: [Movement], monthEnd: BusinessDate) -> Int128 {
        let first = monthEnd.firstOfMonth
        var total = Int128(opening.dong) * Int128(monthEnd.daysInMonth)
        for m in movements where m.on <= monthEnd {
            let from = max(m.on, first)
            total += Int128(m.amount.dong) * Int128(from.days(until: monthEnd) + 1)
        }
        return total
    }

    /// The month's interest; never negative (an overdrawn day cannot happen, but earns nothing).
    public static func amount(opening: Money, movements: [Movement], monthEnd: BusinessDate, basisPointsPerYear: Int64) -> Money {
        let days = balanceDays(opening: opening, movements: movements, monthEnd: monthEnd)
        guard days > 0, basisPointsPerYear > 0 else { return .zero }
        return Money(dong: Int64(days * Int128(basisPointsPerYear) / (10_000 * 365)))
    }
}
