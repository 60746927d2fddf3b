import Foundation

/// Các lệnh tiền trên khoản vay: each money command's one rule, from the loan's position to its
/// plan or its refusal. The store decides nothing of its own; a rule changed here changes the
/// command at the counter, in a batch and in the tests alike.
public enum LoanCommands {
    /// What a tranche asks (giải ngân).
    public struct Tranche: Sendable, Equatable {
        public var date: BusinessDate
        public var amount: Money
        public var method: PaymentMethod
        public var source: CapitalSource
        public init(date: BusinessDate, amount: Money, method: PaymentMethod, source: CapitalSource)
        {
            self.date = date
            self.amount = amount
            self.method = method
            self.source = source
        }
    }

    /// Giải ngân on the transaction day, within what the approval leaves, never before the
    /// approval (`approvedOn`). `first` is the date of the loan's first tranche, nil when this
    /// tranche opens the loan.
    public static func tranche(
        _ request: Tranche, loan: LoanDimensions, borrowerName: String, approved: Money,
        approvedOn: BusinessDate?, disbursed: Money, state: LoanState, first: BusinessDate?,
        today: BusinessDate, entryID: EntryID
    ) throws -> LoanPlan {
        guard request.date <= today else { throw LendingError.futureDate(request.date) }
        if let approvedOn, request.date < approvedOn {
            throw LendingError.beforeApproval(approvedOn)
        }
        guard request.amount.dong > 0 else { throw LendingError.invalidAmount }
        guard ![.writtenOff, .repaid].contains(state) else {
            throw LendingError.loanClosed(state.label)
        }
        let left = try approved.subtracting(disbursed)
        guard request.amount <= left else { throw LendingError.aboveApproved(left) }
        if let first, request.date < first { throw LendingError.beforeDisbursement(first) }
        let entry = LoanPostings.disbursement(
            id: entryID, on: request.date, amount: request.amount, method: request.method,
            source: request.source, loan: loan,
            description: "Giải ngân khoản vay \(loan.loanID) cho \(borrowerName)")
        var plan = LoanPlan(
            posting: .entry(entry), event: .disbursement, principal: request.amount,
            method: request.method, source: request.source)
        plan.figures.disbursed = request.amount
        return plan
    }

    /// A later tranche of a loan already open.
    public static func tranche(
        _ request: Tranche, position p: LoanHolding, today: BusinessDate, entryID: EntryID
    ) throws -> LoanPlan {
        try tranche(
            request, loan: p.loan, borrowerName: p.borrowerName, approved: p.approved,
            approvedOn: nil, disbursed: p.disbursed, state: p.facts.state,
            first: p.facts.disbursedOn,
            today: today, entryID: entryID)
    }

    /// Thu nợ: interest and principal, each within what is owed on the date. Principal leaves
    /// overdue first (`LoanPostings.principalCredits`); the loan is repaid when the last of its
    /// principal is paid and nothing of the approval is left to disburse.
    public static func repayment(
        _ p: LoanHolding, on date: BusinessDate, interest: Money, principal: Money,
        method: PaymentMethod, today: BusinessDate, entryID: EntryID
    ) throws -> LoanPlan {
        let problems = try LoanAccount.repaymentProblems(
            p.facts, on: date, today: today, interest: interest, principal: principal)
        if let first = problems.first { throw first }
        let entry = LoanPostings.repayment(
            id: entryID, on: date, interest: interest,
            interestReceivable: p.held(ChartOfAccounts.interestReceivable),
            principalCredits: LoanPostings.principalCredits(
                amount: principal, balances: p.balances),
            method: method, loan: p.loan,
            description: "Thu nợ khoản vay \(p.loan.loanID) của \(p.borrowerName)")
        var plan = LoanPlan(
            posting: .entry(entry), event: .repayment, principal: Money(dong: -principal.dong),
            interest: interest, method: method)
        plan.figures.principalRepaid = principal
        plan.figures.interestPaid = interest
        plan.reallocates = true
        let after = try p.standing.outstanding.subtracting(principal)
        if principal.dong > 0,
            repays(approved: p.approved, disbursed: p.disbursed, outstanding: after)
        {
            try Transitions.check(loan: p.standing.status, to: .repaid)
            plan.state = .repaid
        }
        return plan
    }

    /// Tất toán: a payment of principal that leaves none outstanding repays the loan, once
    /// nothing of its approval is left to disburse.
    public static func repays(approved: Money, disbursed: Money, outstanding: Money) -> Bool {
        outstanding.dong == 0 && approved == disbursed
    }

    /// Đảo một lần thu nợ: its entry reversed, and the loan's figures as if it had not been taken.
    public static func reversal(
        _ p: LoanHolding, event eventID: LoanEvent.ID, on date: BusinessDate, reason: String,
        today: BusinessDate
    ) throws -> LoanPlan {
        let why = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !why.isEmpty else { throw LendingError.reasonRequired }
        try p.check(date: date, today: today)
        guard let event = p.events.first(where: { $0.id == eventID }), event.kind == .repayment,
            let entryID = event.entryID
        else {
            throw PlatformError.inputRefused(
                field: "event", message: "Chỉ đảo được một lần thu nợ của khoản vay này.")
        }
        guard !event.reversed else { throw LedgerError.alreadyReversed(entryID) }
        guard p.facts.state != .writtenOff else {
            throw LendingError.loanClosed(p.facts.state.label)
        }
        // The repayment's principal is its (negative) change of the outstanding.
        let interest = try Money.zero.subtracting(event.interest)
        var plan = LoanPlan(
            posting: .reversal(entryID: entryID, reason: why), event: .reversal,
            principal: try Money.zero.subtracting(event.principal), interest: interest,
            method: event.method, reverses: eventID)
        plan.figures.principalRepaid = event.principal
        plan.figures.interestPaid = interest
        plan.reallocates = true
        if p.facts.state == .repaid { plan.state = .current }
        return plan
    }
}
