/// What month-end asks of a loan (lending.md §7): what its interest income should be at the
/// month's end, the interest that fell due in the month, whether its unpaid interest has reached
/// the arrears threshold, and how much principal moves between the current and overdue accounts.
extension LoanAccount {
    /// Interest accrued to `date` and not written off: what the loan's income (7021) should hold.
    public static func incomeTarget(_ facts: LoanFacts,
                                    through date: BusinessDate) throws(MoneyError) -> Money {
        try interestAccrued(facts, through: date).subtracting(facts.interestWrittenOff)
    }

    /// Interest accrued in the month ending on `monthEnd` (what fell due in it).
    public static func interestAccrued(_ facts: LoanFacts,
                                       inMonthEnding monthEnd: BusinessDate) throws(MoneyError) -> Money {
        let previous = monthEnd.firstOfMonth.adding(days: -1)
        let before = previous >= facts.disbursedOn ? try interestAccrued(facts, through: previous) : .zero
        return try interestAccrued(facts, through: monthEnd).subtracting(before)
    }

    /// Interest that fell due in the month ending on `monthEnd`: what accrued in it, nothing
    /// while a student contract's dues have not begun, and in the month they begin all that
    /// accrued since the first tranche (so a group's collection rate counts only what was due).
    public static func interestFallingDue(
        _ facts: LoanFacts, inMonthEnding monthEnd: BusinessDate
    ) throws(MoneyError) -> Money {
        guard let dues = facts.duesFrom else {
            return try interestAccrued(facts, inMonthEnding: monthEnd)
        }
        if monthEnd < dues { return .zero }
        if monthEnd.firstOfMonth > dues {
            return try interestAccrued(facts, inMonthEnding: monthEnd)
        }
        return try interestAccrued(facts, through: monthEnd)
    }

    /// Lãi phải thu at a sitting on `date`: nothing while frozen or before a student contract's
    /// dues begin (the borrower may still pay it early at the counter).
    public static func interestToCollect(
        _ facts: LoanFacts, _ standing: LoanStanding, on date: BusinessDate
    ) -> Money {
        if standing.status == .frozen { return .zero }
        if let dues = facts.duesFrom, date < dues { return .zero }
        return standing.interestDue
    }

    /// Lãi tồn từ `months` tháng: an open, unfrozen loan whose interest arrears reach `months`
    /// months of its current interest (arrears ≥ outstanding × monthly rate × months), compared
    /// exactly in integers. Branches flag such loans "not active" (a branch threshold, three months).
    public static func reachesArrears(_ standing: LoanStanding, rate: Rate?, months: Int64 = 3) -> Bool {
        guard ![.writtenOff, .repaid, .frozen].contains(standing.status), standing.interestArrears.dong > 0, let rate else { return false }
        let right = (Int128(standing.outstanding.dong) * Int128(rate.billionthsPerMonth))
            .multipliedReportingOverflow(by: Int128(months))
        // Two Int64 factors always fit an Int128; only the months could push it past.
        return !right.overflow && Int128(standing.interestArrears.dong) * Int128(Rate.scale) >= right.partialValue
    }

    /// Chuyển nợ quá hạn: the principal to move from 2111 to 2112 (positive) or back (negative) so
    /// the overdue account holds the loan's overdue principal; never more than the current account
    /// holds, so a loan mid-correction keeps its book consistent.
    public static func overdueTransfer(target: Money, held: Money,
                                       current: Money) throws(MoneyError) -> Money {
        let change = try target.subtracting(held).dong
        return Money(dong: change > 0 ? min(change, max(0, current.dong)) : change)
    }
}
