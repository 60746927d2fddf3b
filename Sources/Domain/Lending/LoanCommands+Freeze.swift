/// Khoanh nợ bổ sung and the schedule after a freeze (issue 15, risk files).
extension LoanCommands {
    /// Khoanh nợ bổ sung: while the loan is frozen its window runs `months` longer, the whole
    /// freeze within the longest the loss allows. No money moves; the balance stays frozen.
    public static func extendFreeze(
        _ p: LoanHolding, on date: BusinessDate, months: Int, lossPercent: Int,
        limits: RiskLimits, today: BusinessDate
    ) throws -> LoanPlan {
        try p.check(date: date, today: today)
        guard p.facts.state == .frozen, let frozen = p.frozen, date >= frozen.from,
            date <= frozen.through
        else { throw LendingError.wrongStage(p.standing.status.label) }
        let allowed = try RiskRules.maxFreezeMonths(lossPercent: lossPercent, limits: limits)
        // Counted from the freeze's start, so a day clamped in a short month comes back.
        let held = monthsSpanned(from: frozen.from, to: frozen.through.adding(days: 1))
        let through = RepaymentSchedule.adding(months: held + months, to: frozen.from)
            .adding(days: -1)
        let limit = RepaymentSchedule.adding(months: allowed, to: frozen.from).adding(days: -1)
        guard months > 0, through <= limit else {
            throw LendingError.riskLimit(
                "thiệt hại \(lossPercent)% được khoanh tối đa \(allowed) tháng kể từ "
                    + "\(frozen.from.vietnamese), tức đến \(limit.vietnamese)")
        }
        var plan = LoanPlan(posting: .none, event: .freezeExtension)
        plan.state = .frozen
        plan.frozen = FreezePeriod(from: frozen.from, through: through)
        return plan
    }

    /// Lịch trả nợ sau khoanh: the whole months the freeze lasted (from its start to `end`,
    /// rounded up) are added to every unpaid instalment and to the maturity, so what fell due
    /// while frozen is owed again on a new schedule instead of turning overdue at once. An
    /// instalment that was already late when the freeze began, and would still fall before its
    /// end, falls due one month after the end.
    public static func scheduleAfterFreeze(
        _ schedule: [Instalment], unpaid: [Instalment], frozenFrom: BusinessDate,
        end: BusinessDate
    ) -> TermsPlan? {
        let months = monthsSpanned(from: frozenFrom, to: end)
        guard months > 0, let maturity = schedule.map(\.dueOn).max() else { return nil }
        let dates = Set(unpaid.filter { $0.principal.dong > 0 }.map(\.dueOn)).sorted()
        guard !dates.isEmpty else { return nil }
        let floor = RepaymentSchedule.adding(months: 1, to: end)
        let moves = dates.map { due in
            let shifted = RepaymentSchedule.adding(months: months, to: due)
            return TermsPlan.Move(from: due, to: shifted <= end ? floor : shifted)
        }
        let newMaturity = max(
            RepaymentSchedule.adding(months: months, to: maturity),
            moves.map(\.to).max() ?? maturity)
        return TermsPlan(event: .freezeEnd, state: .current, moves: moves, maturity: newMaturity)
    }

    /// The whole months from `from` until `end` is reached, rounded up.
    static func monthsSpanned(from: BusinessDate, to end: BusinessDate) -> Int {
        var months = 0
        while RepaymentSchedule.adding(months: months, to: from) < end, months < 1_200 {
            months += 1
        }
        return months
    }
}
