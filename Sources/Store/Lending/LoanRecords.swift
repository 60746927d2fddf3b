import Domain

/// A line of the loan list (`GET /api/v1/loans`).
public struct LoanSummary: Sendable, Codable, Equatable {
    public var id: String
    public var programCode: String
    public var programName: String
    public var householdID: String?
    public var householdCode: String?
    public var borrowerName: String
    public var groupID: String?
    public var groupName: String?
    public var unitID: String
    public var unitName: String
    public var status: LoanState
    public var outstanding: Money
    public var disbursedOn: BusinessDate
    public var maturity: BusinessDate
}

/// A line of the repayment schedule with what is still unpaid of it.
public struct InstalmentRow: Sendable, Codable, Equatable {
    public var seq: Int
    public var dueOn: BusinessDate
    public var originalDueOn: BusinessDate
    public var principal: Money
    public var paid: Money
    public var unpaid: Money { Money(dong: principal.dong - paid.dong) }
}

/// A journal line of one loan, for its page.
public struct LoanLedgerLine: Sendable, Codable, Equatable {
    public var entryID: String
    public var postedOn: BusinessDate
    public var kind: String
    public var account: String
    public var debit: Money
    public var credit: Money
}

/// The loan page and `GET /api/v1/loans/{id}`.
public struct LoanDetail: Sendable {
    public var summary: LoanSummary
    public var applicationID: String
    public var channel: Channel
    public var organisation: String?
    public var provinceCode: Int
    public var approved: Money
    public var termMonths: Int
    public var intervalMonths: Int
    public var originalMaturity: BusinessDate
    public var disbursed: Money
    public var principalRepaid: Money
    public var principalWrittenOff: Money
    public var interestPaid: Money
    public var interestWrittenOff: Money
    public var frozen: FreezePeriod?
    public var standing: LoanStanding
    public var asOf: BusinessDate
    public var rates: [RatePeriod]
    public var overduePercent: Int64
    public var dayCount: DayCount
    public var schedule: [InstalmentRow]
    public var events: [LoanEvent]
    public var ledger: [LoanLedgerLine]
    public var facts: LoanFacts
    /// Bộ tham số the loan was disbursed under (stored on the loan).
    public var parameterSet: ProgramParameters?
    /// What the old book said of the loan, when it was brought in from one.
    public var oldBook: OldBookRecord? = nil
}

/// The answer of a money command on a loan (kept as the replay of its Idempotency-Key).
public struct LoanPosting: Sendable, Codable, Equatable {
    public var loan: String
    public var event: String
    public var kind: LoanEventKind
    public var date: BusinessDate
    public var interest: Money
    public var principal: Money
    public var entry: String?
    public var outstanding: Money
    public var interestDue: Money
    public var status: LoanState
}
