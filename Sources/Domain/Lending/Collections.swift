/// Who took a member's interest: the group leader (under the group's authorisation, which earns
/// her commission) or the borrower at the counter. Principal is always paid by the borrower.
public enum CollectionVia: String, Sendable, Codable, CaseIterable {
    case leader, borrower

    public var label: String { self == .leader ? "Tổ trưởng thu" : "Người vay nộp tại quầy" }
}

/// Một dòng của bảng kê thu: a member with, where it applies, a loan.
public struct CollectionLine: Sendable, Codable, Equatable {
    /// The member household's id.
    public var member: String
    public var loan: LoanID?
    public var interest: Money
    public var via: CollectionVia
    public var principal: Money
    public var savingsDeposit: Money
    public var savingsWithdrawal: Money
    /// Trả lãi từ tiền gửi (CHANGES 2026-12-01 item 9): the member pays the line's interest out
    /// of her savings at the sitting; no cash changes hands for it.
    public var interestFromSavings: Bool

    public init(
        member: String, loan: LoanID? = nil, interest: Money = .zero, via: CollectionVia = .leader,
        principal: Money = .zero,
        savingsDeposit: Money = .zero, savingsWithdrawal: Money = .zero,
        interestFromSavings: Bool = false
    ) {
        self.member = member
        self.loan = loan
        self.interest = interest
        self.via = via
        self.principal = principal
        self.savingsDeposit = savingsDeposit
        self.savingsWithdrawal = savingsWithdrawal
        self.interestFromSavings = interestFromSavings
    }

    enum CodingKeys: String, CodingKey {
        case member, loan, interest, via, principal, savingsDeposit, savingsWithdrawal
        case interestFromSavings
    }

    /// Lines stored before interest could be paid from savings have no such key: paid in cash.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        member = try c.decode(String.self, forKey: .member)
        loan = try c.decodeIfPresent(LoanID.self, forKey: .loan)
        interest = try c.decode(Money.self, forKey: .interest)
        via = try c.decode(CollectionVia.self, forKey: .via)
        principal = try c.decode(Money.self, forKey: .principal)
        savingsDeposit = try c.decode(Money.self, forKey: .savingsDeposit)
        savingsWithdrawal = try c.decode(Money.self, forKey: .savingsWithdrawal)
        interestFromSavings =
            try c.decodeIfPresent(Bool.self, forKey: .interestFromSavings) ?? false
    }

    /// Nothing paid in or out: a member who paid nothing this time (skipped by the page and the
    /// file, refused when sent alone).
    public var isEmpty: Bool {
        interest == .zero && principal == .zero && savingsDeposit == .zero
            && savingsWithdrawal == .zero
    }

    /// Interest the member pays in cash (none when it comes from her savings).
    public var interestInCash: Money { interestFromSavings ? .zero : interest }

    /// What the line takes out of the member's savings: the withdrawal, and the interest when
    /// she pays it from them.
    public func drawnFromSavings() throws(MoneyError) -> Money {
        try savingsWithdrawal.adding(interestFromSavings ? interest : .zero)
    }

    /// Cash this line brings to the teller: what was paid in, less the savings paid out.
    public func cash() throws(MoneyError) -> Money {
        try [interestInCash, principal, savingsDeposit].sum().subtracting(savingsWithdrawal)
    }
}

/// The rules of a group's collection batch that need nothing but the lines themselves.
public enum CollectionRules {
    /// `cashCounted` must equal this: all cash taken in for the group, less withdrawals paid out.
    /// A sum past what the books can hold is refused (`amount_overflow`), never wrapped.
    public static func expectedCash(_ lines: [CollectionLine]) throws(MoneyError) -> Money {
        var total = Money.zero
        for line in lines { total = try total.adding(line.cash()) }
        return total
    }

    /// What is wrong with one line on its own (amounts, a loan named for interest or principal, the
    /// minimum deposit), as (field, message) pairs in Vietnamese.
    public static func problems(
        _ line: CollectionLine, minimumDeposit: Money
    ) -> [(field: String, message: String)] {
        var problems: [(String, String)] = []
        for (field, amount) in [
            ("interest", line.interest), ("principal", line.principal),
            ("savingsDeposit", line.savingsDeposit),
            ("savingsWithdrawal", line.savingsWithdrawal),
        ] where amount.isNegative {
            problems.append((field, "Số tiền không được âm."))
        }
        if line.loan == nil, line.interest.dong > 0 || line.principal.dong > 0 {
            problems.append(("loan", "Thu lãi, thu gốc phải ghi khoản vay."))
        }
        if line.interestFromSavings, line.interest.dong <= 0 {
            problems.append(("interestFromSavings", "Trả lãi từ tiền gửi phải ghi số lãi."))
        }
        if line.savingsDeposit.dong > 0, line.savingsDeposit < minimumDeposit {
            problems.append(("savingsDeposit", "Gửi tiết kiệm tối thiểu \(minimumDeposit)."))
        }
        if line.isEmpty {
            problems.append(("member", "Dòng không có khoản thu, chi nào."))
        }
        return problems
    }

    /// The balanced entry of one line: cash in for interest, principal and deposit; cash out for a withdrawal.
    public static func entry(
        id: EntryID, on date: BusinessDate, line: CollectionLine, interestReceivable: Money = .zero,
        principalCredits: [(account: Account, amount: Money)], loan: LoanDimensions?,
        unitID: String, groupID: String,
        description: String
    ) -> JournalEntry {
        func at(
            _ account: Account, debit: Money = .zero, credit: Money = .zero, onLoan: Bool
        ) -> JournalLine {
            JournalLine(
                account: account.code, debit: debit, credit: credit,
                loanID: onLoan ? loan?.loanID : nil,
                programCode: onLoan ? loan?.programCode : nil, unitID: unitID, groupID: groupID)
        }
        var lines: [JournalLine] = []
        // Each amount was bounded at the edge (≤ 10¹⁸ đ), so two of them fit.
        let paidIn = line.interestInCash.dong + line.principal.dong
        if paidIn > 0 {
            lines.append(at(ChartOfAccounts.cash, debit: Money(dong: paidIn), onLoan: true))
        }
        if line.interestFromSavings, line.interest.dong > 0 {
            lines.append(at(ChartOfAccounts.memberSavings, debit: line.interest, onLoan: false))
        }
        for credit in LoanPostings.interestCredits(line.interest, receivable: interestReceivable) {
            lines.append(at(credit.account, credit: credit.amount, onLoan: true))
        }
        for credit in principalCredits where credit.amount.dong > 0 {
            lines.append(at(credit.account, credit: credit.amount, onLoan: true))
        }
        if line.savingsDeposit.dong > 0 {
            lines.append(at(ChartOfAccounts.cash, debit: line.savingsDeposit, onLoan: false))
            lines.append(
                at(ChartOfAccounts.memberSavings, credit: line.savingsDeposit, onLoan: false))
        }
        if line.savingsWithdrawal.dong > 0 {
            lines.append(
                at(ChartOfAccounts.memberSavings, debit: line.savingsWithdrawal, onLoan: false))
            lines.append(at(ChartOfAccounts.cash, credit: line.savingsWithdrawal, onLoan: false))
        }
        return JournalEntry(
            id: id, postedOn: date, kind: "collection", description: description, lines: lines)
    }
}
