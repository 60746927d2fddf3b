/// Một sổ tiết kiệm của tổ viên khi tất toán: what the account holds on the half-year that
/// holds the closing day, read under the group's lock.
public struct SavingsAccountStanding: Sendable, Equatable {
    public var accountID: String
    public var householdID: String
    public var groupID: String
    public var unitID: String
    /// The balance before the half-year (1 January or 1 July) that holds the closing day.
    public var openingOfHalf: Money
    /// The half's movements, oldest first; interest credited in it included.
    public var movements: [SavingsInterest.Movement]
    /// Interest already credited to the account in the half.
    public var paidInHalf: Money
    /// The last movement's day (of any half), nil for an account that never moved.
    public var lastMovement: BusinessDate?
    public var closedOn: BusinessDate?

    public init(
        accountID: String, householdID: String, groupID: String, unitID: String,
        openingOfHalf: Money, movements: [SavingsInterest.Movement], paidInHalf: Money,
        lastMovement: BusinessDate?, closedOn: BusinessDate?
    ) {
        self.accountID = accountID
        self.householdID = householdID
        self.groupID = groupID
        self.unitID = unitID
        self.openingOfHalf = openingOfHalf
        self.movements = movements
        self.paidInHalf = paidInHalf
        self.lastMovement = lastMovement
        self.closedOn = closedOn
    }
}

/// Kế hoạch tất toán: the half-year's interest to the closing day credited, then the whole
/// balance paid out, in one balanced entry (none when nothing moves).
public struct SavingsClosePlan: Sendable, Equatable {
    public var interest: Money
    /// What the member is paid: the balance and the interest.
    public var payout: Money
    public var entry: JournalEntry?
}

/// Các lệnh trên sổ tiết kiệm của tổ viên.
public enum SavingsCommands {
    /// Tất toán sổ tiết kiệm (CHANGES 2026-12-01 item 9: interest is credited on 30/6, 31/12
    /// "and when the account closes"): the half's interest to the day (each month at its rate,
    /// the closing month at the rate in force on the day: `rates` keyed by month-end), less
    /// what the half already credited; the interest is the group's expense (Nợ 8012 / Có 4211),
    /// the payout leaves by cash or transfer (Nợ 4211 / Có 1011 or 1113). What month-ends
    /// accrued for the account in earlier months of the half goes back to the expense when the
    /// half is credited, as any payable above what is credited.
    public static func close(
        _ account: SavingsAccountStanding, on date: BusinessDate, today: BusinessDate,
        method: PaymentMethod, rates: [BusinessDate: Int64], entryID: EntryID
    ) throws -> SavingsClosePlan {
        if let closed = account.closedOn { throw SavingsError.alreadyClosed(closed) }
        guard date <= today else { throw SavingsError.futureDate(date) }
        if let last = account.lastMovement, date < last {
            throw SavingsError.closeBeforeLastMovement(last)
        }
        let earned = SavingsInterest.toDate(
            opening: account.openingOfHalf, movements: account.movements, through: date,
            rates: rates)
        let interest = Money(dong: max(0, try earned.subtracting(account.paidInHalf).dong))
        let balance = try account.openingOfHalf.adding(account.movements.map(\.amount).sum())
        let payout = try Money(dong: max(0, balance.dong)).adding(interest)
        func line(_ a: Account, debit: Money = .zero, credit: Money = .zero) -> JournalLine {
            JournalLine(
                account: a.code, debit: debit, credit: credit, unitID: account.unitID,
                groupID: account.groupID)
        }
        var lines: [JournalLine] = []
        if interest.dong > 0 {
            lines += [
                line(ChartOfAccounts.savingsInterestExpense, debit: interest),
                line(ChartOfAccounts.memberSavings, credit: interest),
            ]
        }
        if payout.dong > 0 {
            lines += [
                line(ChartOfAccounts.memberSavings, debit: payout),
                line(method.account, credit: payout),
            ]
        }
        let entry =
            lines.isEmpty
            ? nil
            : JournalEntry(
                id: entryID, postedOn: date, kind: "savings_close",
                description: "Tất toán sổ tiết kiệm của hộ \(account.householdID)", lines: lines)
        return SavingsClosePlan(interest: interest, payout: payout, entry: entry)
    }
}
