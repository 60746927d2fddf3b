/// Thay đổi điều kiện trả nợ: what a change of terms writes. No money moves; unpaid instalments
/// fall due on other dates, the maturity may move, and the loan's state may change.
public struct TermsPlan: Sendable, Equatable {
    /// Every instalment due on `from` falls due on `to`; with `unpaidOnly`, only those that
    /// principal settled has not paid in full.
    public struct Move: Sendable, Equatable {
        public var from: BusinessDate
        public var to: BusinessDate
        public var unpaidOnly: Bool
        public init(from: BusinessDate, to: BusinessDate, unpaidOnly: Bool = true) {
            self.from = from
            self.to = to
            self.unpaidOnly = unpaidOnly
        }
    }

    public var event: LoanEventKind
    public var state: LoanState
    public var moves: [Move]
    /// The loan's maturity after, when it changes.
    public var maturity: BusinessDate?
    /// Instalments change order, so the principal settled is spread over them again.
    public var reallocates: Bool { !moves.isEmpty }

    public init(
        event: LoanEventKind, state: LoanState, moves: [Move], maturity: BusinessDate? = nil
    ) {
        self.event = event
        self.state = state
        self.moves = moves
        self.maturity = maturity
    }
}

/// The changes of terms (điều chỉnh kỳ hạn, gia hạn, thu hồi trước hạn) as plans, each from the
/// loan's holding read under its lock.
extension LoanCommands {
    /// The loan's unpaid instalments on `date` in due order (what principal settled leaves).
    static func unpaid(_ p: LoanHolding, on date: BusinessDate) throws -> [Instalment] {
        let reduced = try p.facts.principalReduced(before: date.adding(days: 1))
        return try PrincipalRules.position(
            schedule: p.facts.schedule, principalPaid: reduced, on: date
        ).unpaid
    }

    /// Điều chỉnh kỳ hạn nợ: one unpaid instalment, not the last, to a later date before the
    /// maturity.
    public static func adjustTerm(
        _ p: LoanHolding, instalmentDue: BusinessDate, to newDate: BusinessDate,
        on date: BusinessDate, file: RiskFile, today: BusinessDate
    ) throws -> TermsPlan {
        try file.check()
        try p.check(date: date, today: today)
        try Transitions.check(loan: p.standing.status, to: .termAdjusted)
        guard try unpaid(p, on: date).contains(where: { $0.dueOn == instalmentDue }) else {
            throw LendingError.riskLimit(
                "kỳ ngày \(instalmentDue.vietnamese) không còn nợ gốc phải trả")
        }
        _ = try RiskRules.adjust(
            schedule: p.facts.schedule, instalmentDue: instalmentDue, to: newDate)
        return TermsPlan(
            event: .termAdjustment, state: .termAdjusted,
            moves: [.init(from: instalmentDue, to: newDate)])
    }

    /// Gia hạn nợ: the final instalment, and the maturity, to a later date within the limit
    /// the loan's term allows from its original maturity (half the repayment period for a
    /// student contract).
    public static func extend(
        _ p: LoanHolding, to newMaturity: BusinessDate, maturity: BusinessDate,
        originalMaturity: BusinessDate, termMonths: Int, limits: RiskLimits,
        study: StudyPlan? = nil, on date: BusinessDate, file: RiskFile, today: BusinessDate
    ) throws -> TermsPlan {
        try file.check()
        try p.check(date: date, today: today)
        try Transitions.check(loan: p.standing.status, to: .extended)
        let schedule = try RiskRules.extend(
            schedule: p.facts.schedule, originalMaturity: originalMaturity,
            termMonths: termMonths, to: newMaturity, limits: limits,
            capMonths: study.map(StudentLoans.maxExtensionMonths))
        return TermsPlan(
            event: .extension, state: .extended,
            moves: [.init(from: maturity, to: schedule.last?.dueOn ?? newMaturity)],
            maturity: newMaturity)
    }

    /// Thu hồi nợ trước hạn (misuse found by the loan-use check): all of the outstanding falls due
    /// on the date. Every instalment due later moves, paid ones too: principal settles in due
    /// order, so an instalment paid ahead left behind would take the payment back from the
    /// recalled ones and leave part of the loan not due. Refused when nothing unpaid would move
    /// (recalled already, or due in full).
    public static func recall(
        _ p: LoanHolding, on date: BusinessDate, file: RiskFile, today: BusinessDate
    ) throws -> TermsPlan {
        try file.check()
        try p.check(date: date, today: today)
        guard ![.writtenOff, .repaid, .frozen].contains(p.standing.status) else {
            throw LendingError.loanClosed(p.standing.status.label)
        }
        guard try unpaid(p, on: date).contains(where: { $0.dueOn > date }) else {
            throw LendingError.riskLimit("không còn kỳ trả nợ nào chưa đến hạn để thu hồi")
        }
        let later = Set(p.facts.schedule.map(\.dueOn).filter { $0 > date })
        return TermsPlan(
            event: .recall, state: p.facts.state,
            moves: later.sorted().map { .init(from: $0, to: date, unpaidOnly: false) },
            maturity: date)
    }
}
