/// Hoàn trả lãi do điều chỉnh lãi suất hồi tố: what one loan gets back when an adjustment
/// reaches months already closed. The interest those months booked above the adjusted rate is
/// taken out of income; it first clears interest the borrower still owes (offset against the
/// receivable), and the rest is owed to the borrower, paid at the commune's sitting.
public struct InterestRefund: Sendable, Equatable {
    public var loan: LoanDimensions
    /// Interest the closed months took above the adjusted rate.
    public var amount: Money
    /// Trừ vào lãi phải thu: the part that clears interest still receivable.
    public var offset: Money
    /// Phải trả lại người vay: the part the borrower had already paid, to be paid back.
    public var owed: Money

    public init(loan: LoanDimensions, amount: Money, offset: Money, owed: Money) {
        self.loan = loan
        self.amount = amount
        self.offset = offset
        self.owed = owed
    }
}

/// The rules of a retroactive adjustment's month-end and of paying the refund out.
public enum RefundRules {
    /// The refund of one loan: interest accrued through `closedThrough` (the last closed month's
    /// end) with only the adjustments already settled, less with every adjustment; nil when the
    /// pending ones take nothing back (they start later, or raise the rate: a rise is ordinary
    /// accrual the month-end books anyway). `receivable` is what the loan's 3941 holds.
    public static func refund(
        facts: LoanFacts, loan: LoanDimensions, pending: Set<String>,
        closedThrough: BusinessDate, receivable: Money
    ) throws(MoneyError) -> InterestRefund? {
        guard closedThrough > facts.disbursedOn,
            facts.adjustments.contains(where: { pending.contains($0.id) })
        else { return nil }
        var before = facts
        before.adjustments.removeAll { pending.contains($0.id) }
        let took = try LoanAccount.interestAccrued(before, through: closedThrough)
        let due = try LoanAccount.interestAccrued(facts, through: closedThrough)
        let amount = try took.subtracting(due)
        guard amount.dong > 0 else { return nil }
        let offset = Money(dong: min(amount.dong, max(0, receivable.dong)))
        return InterestRefund(
            loan: loan, amount: amount, offset: offset, owed: try amount.subtracting(offset))
    }

    /// The month's refund entry: income less by each refund; the receivable cleared by the
    /// offsets; what is owed to borrowers payable (4592). Nil when there is nothing to post.
    public static func entry(
        id: EntryID, on date: BusinessDate, refunds: [InterestRefund], description: String
    ) -> JournalEntry? {
        let lines = refunds.flatMap { refund -> [JournalLine] in
            let all = [
                refund.loan.line(ChartOfAccounts.interestIncome, debit: refund.amount),
                refund.loan.line(ChartOfAccounts.interestReceivable, credit: refund.offset),
                refund.loan.line(ChartOfAccounts.interestRefundPayable, credit: refund.owed),
            ]
            return all.filter { $0.debit.dong > 0 || $0.credit.dong > 0 }
        }
        guard !lines.isEmpty else { return nil }
        return JournalEntry(
            id: id, postedOn: date, kind: "interest_refund", description: description,
            lines: lines)
    }

    /// Chi trả lãi hoàn: the payable to the borrower paid out in cash or by transfer.
    public static func payout(
        id: EntryID, on date: BusinessDate, loan: LoanDimensions, amount: Money,
        method: PaymentMethod, description: String
    ) -> JournalEntry {
        JournalEntry(
            id: id, postedOn: date, kind: "interest_refund_payout", description: description,
            lines: [
                loan.line(ChartOfAccounts.interestRefundPayable, debit: amount),
                loan.line(method.account, credit: amount),
            ])
    }
}
