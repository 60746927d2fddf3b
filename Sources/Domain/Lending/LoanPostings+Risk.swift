/// The entries of the risk commands, from the loan's balances per account (code → debit − credit):
/// the one place that says which accounts a freeze empties and what a write-off charges.
extension LoanPostings {
    /// Khoanh nợ: what sits on the current and overdue accounts moves to the frozen account.
    public static func freeze(
        id: EntryID, on date: BusinessDate, balances: [String: Int64], loan: LoanDimensions,
        description: String
    ) throws(MoneyError) -> JournalEntry {
        var lines: [JournalLine] = []
        var total = Money.zero
        for account in [ChartOfAccounts.loansCurrent, ChartOfAccounts.loansOverdue] {
            guard let balance = balances[account.code], balance > 0 else { continue }
            lines.append(loan.line(account, credit: Money(dong: balance)))
            total = try total.adding(Money(dong: balance))
        }
        return JournalEntry(
            id: id, postedOn: date, kind: "freeze", description: description,
            lines: [loan.line(ChartOfAccounts.loansFrozen, debit: total)] + lines)
    }

    /// Xóa nợ: with `principalToo`, the principal on every loan account is charged to the risk
    /// expense (8821); in both kinds, interest month-end accrued and now written off leaves income
    /// again (Nợ 7021 / Có 3941), up to what the receivable holds. Nil when nothing moves.
    public static func writeOff(
        id: EntryID, on date: BusinessDate, principalToo: Bool, interestDue: Money,
        balances: [String: Int64], loan: LoanDimensions, description: String
    ) throws(MoneyError) -> JournalEntry? {
        var lines: [JournalLine] = []
        if principalToo {
            var principal = Money.zero
            for account in [
                ChartOfAccounts.loansOverdue, ChartOfAccounts.loansCurrent,
                ChartOfAccounts.loansFrozen,
            ] {
                guard let balance = balances[account.code], balance > 0 else { continue }
                lines.append(loan.line(account, credit: Money(dong: balance)))
                principal = try principal.adding(Money(dong: balance))
            }
            if principal.dong > 0 {
                lines.insert(loan.line(ChartOfAccounts.writeOffExpense, debit: principal), at: 0)
            }
        }
        let receivable = max(0, balances[ChartOfAccounts.interestReceivable.code] ?? 0)
        let accrued = Money(dong: min(max(0, interestDue.dong), receivable))
        if accrued.dong > 0 {
            lines += [
                loan.line(ChartOfAccounts.interestIncome, debit: accrued),
                loan.line(ChartOfAccounts.interestReceivable, credit: accrued),
            ]
        }
        guard !lines.isEmpty else { return nil }
        return JournalEntry(
            id: id, postedOn: date, kind: principalToo ? "write_off" : "interest_write_off",
            description: description, lines: lines)
    }
}
