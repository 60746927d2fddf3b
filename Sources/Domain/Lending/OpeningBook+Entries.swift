/// A commune and a program: the cell the branch's control totals are given in.
public struct OpeningKey: Sendable, Hashable, Codable, Comparable {
    public var unitID: String
    public var programCode: String

    public init(unitID: String, programCode: String) {
        self.unitID = unitID
        self.programCode = programCode
    }

    public static func < (a: OpeningKey, b: OpeningKey) -> Bool {
        (a.unitID, a.programCode) < (b.unitID, b.programCode)
    }
}

/// Số liệu của một xã × chương trình: how many open loans and what they owe.
public struct OpeningFigures: Sendable, Equatable, Codable {
    public var loans: Int
    public var outstanding: Money
    public var overdue: Money
    public var frozen: Money

    public init(
        loans: Int = 0, outstanding: Money = .zero, overdue: Money = .zero, frozen: Money = .zero
    ) {
        self.loans = loans
        self.outstanding = outstanding
        self.overdue = overdue
        self.frozen = frozen
    }

    mutating func add(_ loan: OpeningLoan) throws(MoneyError) {
        loans += 1
        outstanding = try outstanding.adding(loan.outstanding())
        overdue = try overdue.adding(loan.overdue)
        frozen = try frozen.adding(loan.frozen)
    }
}

/// A line of the reconciliation report: the file, the branch's control totals and the book after
/// the import, side by side, with each difference between control and book named.
public struct ReconciliationLine: Sendable, Equatable, Codable {
    public var key: OpeningKey
    public var file: OpeningFigures
    public var control: OpeningFigures?
    public var book: OpeningFigures
    public var differences: [String]
}

extension OpeningBook {
    public static func figures(
        _ loans: [OpeningLoan]
    ) throws(MoneyError) -> [OpeningKey: OpeningFigures] {
        var figures: [OpeningKey: OpeningFigures] = [:]
        for loan in loans {
            try figures[
                OpeningKey(unitID: loan.unitID, programCode: loan.programCode),
                default: OpeningFigures()
            ].add(loan)
        }
        return figures
    }

    /// File, control and book per commune × program, for the communes the file or the control
    /// totals name. Without control totals nothing is compared (the report still shows the rest).
    public static func reconcile(
        file: [OpeningKey: OpeningFigures], control: [OpeningKey: OpeningFigures]?,
        book: [OpeningKey: OpeningFigures]
    ) -> [ReconciliationLine] {
        let units = Set(file.keys.map(\.unitID)).union((control ?? [:]).keys.map(\.unitID))
        // The savings line only where the file or the control speaks of savings.
        let named = Set(file.keys).union((control ?? [:]).keys)
        let keys = named.union(
            book.keys.filter {
                units.contains($0.unitID) && ($0.programCode != savingsKey || named.contains($0))
            })
        return keys.sorted().map { key in
            let booked = book[key] ?? OpeningFigures()
            let checked = control.map { $0[key] ?? OpeningFigures() }
            return ReconciliationLine(
                key: key, file: file[key] ?? OpeningFigures(), control: checked, book: booked,
                differences: checked.map {
                    differences(control: $0, book: booked, savings: key.programCode == savingsKey)
                } ?? [])
        }
    }

    /// Each measure where the book differs from the control totals, in Vietnamese (for the
    /// savings line: accounts and their balance).
    public static func differences(
        control: OpeningFigures, book: OpeningFigures,
        savings: Bool = false
    ) -> [String] {
        var found: [String] = []
        if control.loans != book.loans {
            found.append(
                "\(savings ? "số sổ tiết kiệm" : "số khoản vay"): sổ \(book.loans), số kiểm "
                    + "soát \(control.loans)"
            )
        }
        let measures =
            savings
            ? [("số dư tiền gửi", control.outstanding, book.outstanding)]
            : [
                ("dư nợ", control.outstanding, book.outstanding),
                ("dư nợ quá hạn", control.overdue, book.overdue),
                ("dư nợ khoanh", control.frozen, book.frozen),
            ]
        for (label, c, b) in measures where c != b {
            let gap = (try? b.subtracting(c)).map(\.description) ?? "?"
            found.append("\(label): sổ \(b), số kiểm soát \(c) (chênh \(gap))")
        }
        return found
    }

    /// The two entries that bring a commune's loans in. The opening entry puts each loan's
    /// principal on its account by status and its unpaid interest on interest receivable (as income
    /// the loan has earned, so month-end and `verify` see it as any other), against the migration
    /// account per program. The control entry takes the branch's control outstanding out of the
    /// migration account into each loan's capital source: the account comes to zero when the book
    /// and the control agree, and holds the difference, for follow-up, when it was accepted.
    public static func entries(
        ids: (opening: EntryID, control: EntryID), unitID: String, on date: BusinessDate,
        loans: [(id: LoanID, loan: OpeningLoan)],
        controlOutstanding: [String: Money]
    ) throws(MoneyError) -> [JournalEntry] {
        var opening: [JournalLine] = [], control: [JournalLine] = []
        var perProgram: [String: Money] = [:]
        var bySource: [String: [CapitalSource: Money]] = [:]
        for (id, loan) in loans {
            func line(
                _ account: Account, debit: Money = .zero, credit: Money = .zero
            ) -> JournalLine {
                JournalLine(
                    account: account.code, debit: debit, credit: credit, loanID: id,
                    programCode: loan.programCode, unitID: unitID, groupID: loan.groupID)
            }
            for (account, amount) in [
                (ChartOfAccounts.loansCurrent, loan.current),
                (ChartOfAccounts.loansOverdue, loan.overdue),
                (ChartOfAccounts.loansFrozen, loan.frozen),
            ] where amount.dong > 0 {
                opening.append(line(account, debit: amount))
            }
            if loan.unpaidInterest.dong > 0 {
                opening.append(line(ChartOfAccounts.interestReceivable, debit: loan.unpaidInterest))
                opening.append(line(ChartOfAccounts.interestIncome, credit: loan.unpaidInterest))
            }
            let owed = try loan.outstanding()
            control.append(line(loan.source.account, credit: owed))
            perProgram[loan.programCode] = try perProgram[loan.programCode, default: .zero].adding(
                owed)
            bySource[loan.programCode, default: [:]][loan.source] =
                try bySource[loan.programCode]?[loan.source, default: .zero]
                .adding(owed) ?? owed
        }
        for (program, total) in perProgram.sorted(by: { $0.key < $1.key }) {
            func line(
                _ account: Account, debit: Money = .zero, credit: Money = .zero
            ) -> JournalLine {
                JournalLine(
                    account: account.code, debit: debit, credit: credit, programCode: program,
                    unitID: unitID)
            }
            opening.append(line(ChartOfAccounts.bookMigration, credit: total))
            let checked = controlOutstanding[program] ?? total
            if checked.dong > 0 {
                control.append(line(ChartOfAccounts.bookMigration, debit: checked))
            }
            if checked.dong < 0 {
                control.append(
                    line(ChartOfAccounts.bookMigration, credit: Money(dong: -checked.dong)))
            }
            // The capital the old book says funds these loans: the difference goes to the
            // program's main source, so the migration account alone shows what is unexplained.
            let difference = try checked.subtracting(total)
            let main =
                (bySource[program] ?? [:]).max {
                    ($0.value, $0.key.rawValue) < ($1.value, $1.key.rawValue)
                }?.key ?? .central
            if difference.dong > 0 { control.append(line(main.account, credit: difference)) }
            if difference.dong < 0 {
                control.append(line(main.account, debit: Money(dong: -difference.dong)))
            }
        }
        return [
            JournalEntry(
                id: ids.opening, postedOn: date, kind: "opening",
                description: "Nhập sổ cũ: số dư các khoản vay của xã \(unitID)", lines: opening),
            JournalEntry(
                id: ids.control, postedOn: date, kind: "opening_control",
                description: "Nhập sổ cũ: số kiểm soát của chi nhánh,"
                    + " xã \(unitID)", lines: control),
        ]
    }
}
