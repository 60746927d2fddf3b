/// Where a loan sits in the book: the dimensions every line of its entries carries.
public struct LoanDimensions: Sendable, Hashable {
    public var loanID: LoanID
    public var programCode: String
    public var unitID: String
    public var groupID: String?
    public init(loanID: LoanID, programCode: String, unitID: String, groupID: String?) {
        self.loanID = loanID
        self.programCode = programCode
        self.unitID = unitID
        self.groupID = groupID
    }

    func line(_ account: Account, debit: Money = .zero, credit: Money = .zero) -> JournalLine {
        JournalLine(
            account: account.code, debit: debit, credit: credit, loanID: loanID,
            programCode: programCode, unitID: unitID, groupID: groupID)
    }
}

/// The balanced entries of the loan commands. Until month-end (#7) moves overdue principal to its
/// own account, a loan's principal sits in "current" unless frozen; interest is income when collected.
public enum LoanPostings {
    /// Giải ngân: the loan is debited; the cash or transfer account credited. A second pair moves the
    /// amount from the capital source into the disbursed book, so the ledger says what each source financed.
    public static func disbursement(
        id: EntryID, on date: BusinessDate, amount: Money, method: PaymentMethod,
        source: CapitalSource,
        loan: LoanDimensions, description: String
    ) -> JournalEntry {
        JournalEntry(
            id: id, postedOn: date, kind: "disbursement", description: description,
            lines: [
                loan.line(ChartOfAccounts.loansCurrent, debit: amount),
                loan.line(method.account, credit: amount),
                loan.line(method.account, debit: amount),
                loan.line(source.account, credit: amount),
            ])
    }

    /// Thu nợ: interest clears what month-end accrued (3941) first, the rest is income; principal
    /// leaves the accounts the loan sits in (`principalCredits`).
    public static func repayment(
        id: EntryID, on date: BusinessDate, interest: Money, interestReceivable: Money = .zero,
        principalCredits: [(account: Account, amount: Money)], method: PaymentMethod,
        loan: LoanDimensions,
        description: String
    ) -> JournalEntry {
        let principal = principalCredits.reduce(0) { $0 + $1.amount.dong }
        var lines: [JournalLine] = [
            loan.line(method.account, debit: Money(dong: interest.dong + principal))
        ]
        lines += interestCredits(interest, receivable: interestReceivable).map {
            loan.line($0.account, credit: $0.amount)
        }
        for credit in principalCredits where credit.amount.dong > 0 {
            lines.append(loan.line(credit.account, credit: credit.amount))
        }
        return JournalEntry(
            id: id, postedOn: date, kind: "repayment", description: description, lines: lines)
    }

    /// Interest paid: the accrued receivable first, then income.
    public static func interestCredits(
        _ interest: Money, receivable: Money
    ) -> [(account: Account, amount: Money)] {
        let cleared = min(interest.dong, max(0, receivable.dong))
        return [
            (ChartOfAccounts.interestReceivable, Money(dong: cleared)),
            (ChartOfAccounts.interestIncome, Money(dong: interest.dong - cleared)),
        ]
        .filter { $0.1.dong > 0 }
    }

    /// Dự thu lãi at month-end: interest accrued and not yet income.
    public static func accrual(
        id: EntryID, on date: BusinessDate, loans: [(LoanDimensions, Money)], description: String
    ) -> JournalEntry {
        JournalEntry(
            id: id, postedOn: date, kind: "interest_accrual", description: description,
            lines: loans.flatMap { loan, amount in
                [
                    loan.line(ChartOfAccounts.interestReceivable, debit: amount),
                    loan.line(ChartOfAccounts.interestIncome, credit: amount),
                ]
            })
    }

    /// Where principal paid leaves a loan's accounts: overdue first, then current, then frozen; any
    /// rest (the book not yet holding it) from current.
    public static func principalCredits(
        amount: Money, balances: [String: Int64]
    ) -> [(account: Account, amount: Money)] {
        var left = amount.dong
        var credits: [(account: Account, amount: Money)] = []
        for account in [
            ChartOfAccounts.loansOverdue, ChartOfAccounts.loansCurrent, ChartOfAccounts.loansFrozen,
        ] where left > 0 {
            let take = min(left, max(0, balances[account.code] ?? 0))
            if take > 0 { credits.append((account, Money(dong: take))) }
            left -= take
        }
        if left > 0 { credits.append((ChartOfAccounts.loansCurrent, Money(dong: left))) }
        return credits
    }

    /// The loan's balances once `principal` has left them in the order `principalCredits` takes
    /// (a batch with two lines for one loan takes the second from what the first left).
    public static func balances(
        _ balances: [String: Int64], afterPrincipal principal: Money
    ) -> [String: Int64] {
        var left = balances
        for credit in principalCredits(amount: principal, balances: balances) {
            left[credit.account.code, default: 0] -= credit.amount.dong
        }
        return left
    }

    /// The accounts a loan's balances are read on: principal by status, and the receivable.
    public static let loanAccounts = [
        ChartOfAccounts.loansCurrent, ChartOfAccounts.loansOverdue,
        ChartOfAccounts.loansFrozen, ChartOfAccounts.interestReceivable,
    ]

    /// Khoanh nợ / hết khoanh: the outstanding moves between the current and the frozen account.
    public static func move(
        id: EntryID, kind: String, on date: BusinessDate, amount: Money, from: Account, to: Account,
        loan: LoanDimensions,
        description: String
    ) -> JournalEntry {
        JournalEntry(
            id: id, postedOn: date, kind: kind, description: description,
            lines: [
                loan.line(to, debit: amount), loan.line(from, credit: amount),
            ])
    }

    /// Xóa nợ gốc: the principal written off is charged to the risk expense.
    public static func writeOff(
        id: EntryID, on date: BusinessDate, principal: Money, from: Account, loan: LoanDimensions,
        description: String
    ) -> JournalEntry {
        move(
            id: id, kind: "write_off", on: date, amount: principal, from: from,
            to: ChartOfAccounts.writeOffExpense, loan: loan,
            description: description)
    }
}
