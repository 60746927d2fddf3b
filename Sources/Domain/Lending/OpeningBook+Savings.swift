/// Tiền gửi tiết kiệm của một tổ viên in the old book: a member's savings balance in a group on
/// the cut-over day.
public struct OpeningSavings: Sendable, Equatable {
    public var row: Int
    public var unitID: String
    public var groupID: String
    public var householdID: String
    public var balance: Money
    /// The commune's province, for the account's scope.
    public var provinceCode: Int

    public init(
        row: Int, unitID: String, groupID: String, householdID: String, balance: Money,
        provinceCode: Int = 0
    ) {
        self.row = row
        self.unitID = unitID
        self.groupID = groupID
        self.householdID = householdID
        self.balance = balance
        self.provinceCode = provinceCode
    }
}

/// What an import does with the members' savings of its file, against the accounts here.
public struct OpeningSavingsSort: Sendable, Equatable {
    public var fresh: [OpeningSavings] = []
    public var unchanged = 0
    public var clashes: [OpeningProblem] = []
}

extension OpeningBook {
    /// The file's savings against the accounts already here (`held`: each household's balance):
    /// an account not here is opened; one here with the same balance is unchanged, so the same
    /// file twice changes nothing; one here with another balance is refused.
    public static func sortSavings(
        _ rows: [OpeningSavings], held: [String: Money]
    ) -> OpeningSavingsSort {
        var sorted = OpeningSavingsSort()
        for row in rows {
            guard let balance = held[row.householdID] else {
                sorted.fresh.append(row)
                continue
            }
            if balance == row.balance {
                sorted.unchanged += 1
                continue
            }
            sorted.clashes.append(
                OpeningProblem(
                    row: row.row, column: "so_du",
                    message: "Tiền gửi tiết kiệm: hộ đã có sổ với số dư \(balance), khác tệp này."))
        }
        return sorted
    }

    /// The reconciliation line of a commune's members' savings: "loans" counts the accounts and
    /// "outstanding" holds their balance (the control totals give it the same way).
    public static let savingsKey = "tiet_kiem"

    public static func savingsFigures(
        _ accounts: [OpeningSavings]
    ) throws(MoneyError) -> [OpeningKey: OpeningFigures] {
        var figures: [OpeningKey: OpeningFigures] = [:]
        for account in accounts {
            let key = OpeningKey(unitID: account.unitID, programCode: savingsKey)
            var line = figures[key] ?? OpeningFigures()
            line.loans += 1
            line.outstanding = try line.outstanding.adding(account.balance)
            figures[key] = line
        }
        return figures
    }

    /// The entries that bring a commune's members' savings in: each group's balance onto
    /// members' savings (4211) against the migration account, then the control's balance (less
    /// what the book already held) out of it against the deposits the bank holds (1113), so the
    /// migration account's savings line is zero when the book and the control agree.
    public static func savingsEntries(
        ids: (opening: EntryID, control: EntryID), unitID: String,
        on date: BusinessDate, accounts: [OpeningSavings],
        controlBalance: Money?
    ) throws(MoneyError) -> [JournalEntry] {
        var perGroup: [String: Money] = [:]
        for account in accounts where account.balance.dong > 0 {
            perGroup[account.groupID] = try perGroup[account.groupID, default: .zero].adding(
                account.balance)
        }
        let total = try perGroup.values.sum()
        guard total.dong > 0 else { return [] }
        func line(
            _ account: Account, debit: Money = .zero, credit: Money = .zero, group: String? = nil
        ) -> JournalLine {
            JournalLine(
                account: account.code, debit: debit, credit: credit, programCode: savingsKey,
                unitID: unitID, groupID: group)
        }
        var entries = [
            JournalEntry(
                id: ids.opening, postedOn: date, kind: "opening_savings",
                description: "Nhập sổ cũ: tiền gửi tiết kiệm của tổ viên, xã \(unitID)",
                lines: [line(ChartOfAccounts.bookMigration, debit: total)]
                    + perGroup.sorted { $0.key < $1.key }.map {
                        line(ChartOfAccounts.memberSavings, credit: $0.value, group: $0.key)
                    })
        ]
        let checked = controlBalance ?? total
        if checked.dong != 0 {
            let amount = Money(dong: Int64(exactly: checked.dong.magnitude) ?? 0)
            let out = checked.dong > 0
            entries.append(
                JournalEntry(
                    id: ids.control, postedOn: date, kind: "opening_control",
                    description: "Nhập sổ cũ: số kiểm soát tiền gửi tiết kiệm, xã \(unitID)",
                    lines: [
                        line(
                            ChartOfAccounts.bookMigration, debit: out ? .zero : amount,
                            credit: out ? amount : .zero),
                        line(
                            ChartOfAccounts.transfers, debit: out ? amount : .zero,
                            credit: out ? .zero : amount),
                    ]))
        }
        return entries
    }
}
