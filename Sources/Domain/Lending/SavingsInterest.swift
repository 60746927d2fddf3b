/// Lãi tiền gửi của tổ viên (CHANGES 2026-12-01 item 9; VBSP's savings rules for the poor, 2009):
/// each day earns on the balance at the end of that day, counted from the day the leader
/// deposits, on a 365-day year. Each month-end books what the month earned as an expense owed to
/// the members (accrual); the interest is credited to their accounts twice a year, on 30/6 and
/// 31/12, for the half-year, rounded down to the đồng once per account and half-year. The rate is
/// reference data (`savings_interest_bp_year`, unconfirmed) and may change inside a half-year:
/// each month counts at the rate in force at its end.
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

    /// Whether a month-end is a crediting day: 30 June or 31 December.
    public static func credits(on monthEnd: BusinessDate) -> Bool {
        monthEnd.day == monthEnd.daysInMonth && (monthEnd.month == 6 || monthEnd.month == 12)
    }

    /// The first day of the half-year holding `date` (1 January or 1 July).
    public static func halfStart(of date: BusinessDate) -> BusinessDate {
        BusinessDate(fixedYear: date.year, month: date.month <= 6 ? 1 : 7, day: 1)
    }

    /// Σ end-of-day balance over the days of the month ending on `monthEnd`: the opening balance
    /// for every day, each movement from its day to the month's end.
    public static func balanceDays(
        opening: Money, movements: [Movement], monthEnd: BusinessDate
    ) -> Int128 {
        balanceDays(
            opening: opening, movements: movements, from: monthEnd.firstOfMonth, through: monthEnd)
    }

    /// Σ end-of-day balance over the days from `first` through `last`: `opening` is the balance
    /// before `first`; a movement before `first` counts from `first`.
    public static func balanceDays(
        opening: Money, movements: [Movement], from first: BusinessDate,
        through last: BusinessDate
    ) -> Int128 {
        guard first <= last else { return 0 }
        var total = Int128(opening.dong) * Int128(first.days(until: last) + 1)
        for m in movements where m.on <= last {
            total += Int128(m.amount.dong) * Int128(max(m.on, first).days(until: last) + 1)
        }
        return total
    }

    /// The month's interest; never negative (an overdrawn day cannot happen, but earns nothing).
    public static func amount(
        opening: Money, movements: [Movement], monthEnd: BusinessDate, basisPointsPerYear: Int64
    ) -> Money {
        floor(
            balanceDays(opening: opening, movements: movements, monthEnd: monthEnd)
                * Int128(max(0, basisPointsPerYear)))
    }

    /// What one account is credited at the half-year's end: each month of the half at its own
    /// rate (`rates` by month-end, a missing month at zero), summed exactly and rounded down once.
    /// `opening` is the balance before the half-year; `movements` are the half's, interest an
    /// earlier rule credited included (it is in the balance from its day).
    public static func halfYear(
        opening: Money, movements: [Movement], through end: BusinessDate,
        rates: [BusinessDate: Int64]
    ) -> Money {
        toDate(opening: opening, movements: movements, through: end, rates: rates)
    }

    /// The half-year's interest from its first day through `end`, any day: the months before
    /// `end`'s whole, `end`'s month to `end` (each at `rates[its month-end]`), rounded down once.
    public static func toDate(
        opening: Money, movements: [Movement], through end: BusinessDate,
        rates: [BusinessDate: Int64]
    ) -> Money {
        var sum: Int128 = 0
        var monthEnd = halfStart(of: end).lastOfMonth
        while monthEnd.firstOfMonth <= end {
            // A movement before the month counts from its first day, as the balance it left.
            sum +=
                balanceDays(
                    opening: opening, movements: movements, from: monthEnd.firstOfMonth,
                    through: min(monthEnd, end)) * Int128(max(0, rates[monthEnd] ?? 0))
            monthEnd = monthEnd.adding(days: 1).lastOfMonth
        }
        return floor(sum)
    }

    /// One account at a month-end: its balance at the month's start and end, what the month
    /// earned (owed to the member), and on a crediting day what the account is credited.
    public struct AccountMonth: Sendable, Equatable {
        public var opening: Money
        public var earned: Money
        public var credit: Money
        public var closing: Money
    }

    /// The month of one account: `opening` is its balance before `periodStart` (the half-year's
    /// first day on a crediting day, else the month's), `movements` the period's, `paidInHalf`
    /// the interest an earlier monthly rule already credited in the half. Amounts from the
    /// database are added with checks: a corrupt one is refused, never wrapped.
    public static func month(
        opening: Money, movements: [Movement], paidInHalf: Money, on date: BusinessDate,
        rates: [BusinessDate: Int64]
    ) throws(MoneyError) -> AccountMonth {
        let first = date.firstOfMonth
        let before = try opening.adding(try movements.filter { $0.on < first }.map(\.amount).sum())
        let inMonth = movements.filter { $0.on >= first && $0.on <= date }
        let earned = amount(opening: before, movements: inMonth, monthEnd: date,
                            basisPointsPerYear: rates[date] ?? 0)
        var credit = Money.zero
        if credits(on: date) {
            let half = halfYear(opening: opening, movements: movements, through: date, rates: rates)
            credit = Money(dong: max(0, try half.subtracting(paidInHalf).dong))
        }
        let closing = try before.adding(try inMonth.map(\.amount).sum()).adding(credit)
        return AccountMonth(opening: before, earned: earned, credit: credit, closing: closing)
    }

    /// Balance-days × basis points per year to đồng, rounded down, never negative.
    static func floor(_ numerator: Int128) -> Money {
        guard numerator > 0 else { return .zero }
        let value = numerator / (10_000 * 365)
        return Money(dong: value > Int128(Int64.max) ? .max : Int64(value))
    }
}

/// The month-end's savings postings for one group (Nợ 8012 / Có 4913 each month; on 30/6 and 31/12
/// Nợ 4913 what was booked, Nợ 8012 the rounding the exact half-year adds, Có 4211 per member).
public struct SavingsInterestPlan: Sendable, Equatable {
    /// What the month earned, booked as owed to the members.
    public var accrued: Money
    /// On a crediting day, what each account is credited; empty otherwise.
    public var credits: [String: Money]
    /// On a crediting day, what the payable held for the half-year before this month's accrual.
    public var payableBefore: Money

    public init(accrued: Money, credits: [String: Money], payableBefore: Money) {
        self.accrued = accrued
        self.credits = credits
        self.payableBefore = payableBefore
    }

    /// The entry's lines for the group (empty when nothing moves).
    public func lines(unitID: String, groupID: String) throws(MoneyError) -> [JournalLine] {
        func line(_ account: Account, debit: Money = .zero, credit: Money = .zero) -> JournalLine {
            JournalLine(
                account: account.code, debit: debit, credit: credit, unitID: unitID,
                groupID: groupID)
        }
        var lines: [JournalLine] = []
        if accrued.dong > 0 {
            lines += [
                line(ChartOfAccounts.savingsInterestExpense, debit: accrued),
                line(ChartOfAccounts.savingsInterestPayable, credit: accrued),
            ]
        }
        let credited = try credits.values.sum()
        guard credited.dong > 0 || payableBefore.dong > 0 else { return lines }
        let booked = try payableBefore.adding(accrued)
        // The exact half-year rounds once, so it is never below the months' floors; a payable
        // above it (a rate corrected downwards afterwards) goes back to the expense.
        let rounding = try credited.subtracting(booked)
        if booked.dong > 0 {
            lines.append(line(ChartOfAccounts.savingsInterestPayable, debit: booked))
        }
        if rounding.dong > 0 {
            lines.append(line(ChartOfAccounts.savingsInterestExpense, debit: rounding))
        }
        if rounding.dong < 0 {
            lines.append(
                line(ChartOfAccounts.savingsInterestExpense, credit: Money(dong: -rounding.dong)))
        }
        if credited.dong > 0 { lines.append(line(ChartOfAccounts.memberSavings, credit: credited)) }
        return lines
    }
}
