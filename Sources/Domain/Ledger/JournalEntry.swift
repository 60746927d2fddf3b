/// One line of a journal entry: an account, one side, and the dimensions reports sum over.
public struct JournalLine: Sendable, Codable, Hashable {
    public var account: String
    public var debit: Money
    public var credit: Money
    /// Sub-ledger and report dimensions; nil where they do not apply.
    public var loanID: LoanID?
    public var programCode: String?
    public var unitID: String?
    public var groupID: String?

    public init(
        account: String, debit: Money = .zero, credit: Money = .zero, loanID: LoanID? = nil,
        programCode: String? = nil,
        unitID: String? = nil, groupID: String? = nil
    ) {
        self.account = account
        self.debit = debit
        self.credit = credit
        self.loanID = loanID
        self.programCode = programCode
        self.unitID = unitID
        self.groupID = groupID
    }
}

/// Bút toán: one balanced entry. It is never updated or deleted; a correction is a new entry that
/// reverses it (`reverses`).
public struct JournalEntry: Sendable, Codable, Hashable {
    public typealias ID = Identifier<JournalEntry>

    public let id: ID
    /// Ngày hạch toán: the business date the movement belongs to.
    public var postedOn: BusinessDate
    /// What caused it, e.g. `disbursement`, `repayment`, `reversal`.
    public var kind: String
    public var description: String
    public var lines: [JournalLine]
    public var reverses: ID?

    public init(
        id: ID, postedOn: BusinessDate, kind: String, description: String, lines: [JournalLine],
        reverses: ID? = nil
    ) {
        self.id = id
        self.postedOn = postedOn
        self.kind = kind
        self.description = description
        self.lines = lines
        self.reverses = reverses
    }

    public var totalDebit: Money { Money(dong: lines.reduce(0) { $0 &+ $1.debit.dong }) }
    public var totalCredit: Money { Money(dong: lines.reduce(0) { $0 &+ $1.credit.dong }) }

    /// An entry is posted only when each line has exactly one positive side on a known account and
    /// the sides balance to a non-zero amount.
    public func validate() throws(LedgerError) {
        guard lines.count >= 2 else { throw .unbalanced(debit: totalDebit, credit: totalCredit) }
        for line in lines {
            guard ChartOfAccounts.account(line.account) != nil else {
                throw .unknownAccount(line.account)
            }
            guard !line.debit.isNegative, !line.credit.isNegative,
                (line.debit.dong == 0) != (line.credit.dong == 0)
            else {
                throw .badLine(line.account)
            }
        }
        var debit: Int64 = 0
        var credit: Int64 = 0
        for line in lines {
            let (d, o1) = debit.addingReportingOverflow(line.debit.dong)
            let (c, o2) = credit.addingReportingOverflow(line.credit.dong)
            guard !o1, !o2 else { throw .unbalanced(debit: totalDebit, credit: totalCredit) }
            (debit, credit) = (d, c)
        }
        guard debit == credit, debit > 0 else {
            throw .unbalanced(debit: Money(dong: debit), credit: Money(dong: credit))
        }
    }

    /// The entry that undoes this one on `date`: the same lines with the sides swapped.
    public func reversal(id: ID, on date: BusinessDate, reason: String) -> JournalEntry {
        JournalEntry(
            id: id, postedOn: date, kind: "reversal",
            description: "Đảo bút toán \(self.id): \(reason)",
            lines: lines.map {
                var l = $0; (l.debit, l.credit) = ($0.credit, $0.debit); return l
            }, reverses: self.id)
    }
}

/// Kỳ kế toán: a month closed by month-end takes no posting dated in it.
public enum AccountingPeriod {
    /// "2026-03"
    public static func key(of date: BusinessDate) -> String { String(date.iso.prefix(7)) }

    public static func check(_ date: BusinessDate, closedMonths: Set<String>) throws(LedgerError) {
        if closedMonths.contains(key(of: date)) { throw .periodClosed(key(of: date)) }
    }
}
