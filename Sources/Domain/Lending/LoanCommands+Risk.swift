/// The risk commands (khoanh nợ, hết khoanh, xóa nợ) as plans: which accounts move, the state
/// and the freeze window after, from the loan's position.
extension LoanCommands {
    /// Khoanh nợ: for a loss of `lossPercent` of the capital, at most the months the limits allow;
    /// the outstanding moves to the frozen account and stops accruing interest.
    public static func freeze(
        _ p: LoanHolding, on date: BusinessDate, lossPercent: Int, months: Int,
        limits: RiskLimits, today: BusinessDate, entryID: EntryID
    ) throws -> LoanPlan {
        try p.check(date: date, today: today)
        let allowed = try RiskRules.maxFreezeMonths(lossPercent: lossPercent, limits: limits)
        guard months > 0, months <= allowed else {
            throw LendingError.riskLimit(
                "thiệt hại \(lossPercent)% được khoanh tối đa \(allowed) tháng")
        }
        try Transitions.check(loan: p.standing.status, to: .frozen)
        let through = RepaymentSchedule.adding(months: months, to: date).adding(days: -1)
        let entry = try LoanPostings.freeze(
            id: entryID, on: date, balances: p.balances, loan: p.loan,
            description: "Khoanh nợ khoản vay \(p.loan.loanID) đến \(through.vietnamese)")
        var plan = LoanPlan(posting: .entry(entry), event: .freeze)
        plan.state = .frozen
        plan.frozen = FreezePeriod(from: date, through: through)
        return plan
    }

    /// Hết khoanh nợ (at its end, or earlier when the borrower can pay again): the frozen balance
    /// returns to the current account; the window ends the day before.
    public static func endFreeze(
        _ p: LoanHolding, on date: BusinessDate, today: BusinessDate, entryID: EntryID
    ) throws -> LoanPlan {
        try p.check(date: date, today: today)
        guard p.facts.state == .frozen, let frozen = p.frozen, date > frozen.from else {
            throw LendingError.wrongStage(p.standing.status.label)
        }
        let amount = p.held(ChartOfAccounts.loansFrozen)
        let posting: LoanPlan.Posting =
            amount.dong > 0
            ? .entry(
                LoanPostings.move(
                    id: entryID, kind: "freeze_end", on: date, amount: amount,
                    from: ChartOfAccounts.loansFrozen, to: ChartOfAccounts.loansCurrent,
                    loan: p.loan, description: "Hết khoanh nợ khoản vay \(p.loan.loanID)"))
            : .none
        var plan = LoanPlan(posting: posting, event: .freezeEnd)
        plan.state = .current
        plan.frozen = FreezePeriod(
            from: frozen.from, through: min(frozen.through, date.adding(days: -1)))
        plan.terms = scheduleAfterFreeze(
            p.facts.schedule, unpaid: try unpaid(p, on: date), frozenFrom: frozen.from,
            end: date)
        return plan
    }

    /// Xóa nợ: of the interest only (the loan stays), or of principal and interest (the loan
    /// closes, its principal charged to the risk expense).
    public static func writeOff(
        _ p: LoanHolding, on date: BusinessDate, principalToo: Bool, today: BusinessDate,
        entryID: EntryID
    ) throws -> LoanPlan {
        try p.check(date: date, today: today)
        let interest = p.standing.interestDue
        if principalToo {
            try Transitions.check(loan: p.standing.status, to: .writtenOff)
        } else {
            guard ![.writtenOff, .repaid].contains(p.facts.state) else {
                throw LendingError.loanClosed(p.facts.state.label)
            }
            guard interest.dong > 0 else {
                throw LendingError.riskLimit("khoản vay không còn lãi phải trả để xóa")
            }
        }
        let id = p.loan.loanID
        let entry = try LoanPostings.writeOff(
            id: entryID, on: date, principalToo: principalToo, interestDue: interest,
            balances: p.balances, loan: p.loan,
            description: principalToo
                ? "Xóa nợ gốc và lãi khoản vay \(id)" : "Xóa nợ lãi khoản vay \(id)")
        let outstanding = principalToo ? p.standing.outstanding : .zero
        var plan = LoanPlan(
            posting: entry.map { .entry($0) } ?? .none,
            event: principalToo ? .writeOff : .interestWriteOff,
            principal: try Money.zero.subtracting(outstanding), interest: interest)
        plan.figures.interestWrittenOff = interest
        if principalToo {
            plan.figures.principalWrittenOff = outstanding
            plan.state = .writtenOff
            plan.reallocates = true
        }
        return plan
    }
}
