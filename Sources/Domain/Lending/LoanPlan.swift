/// Where one loan stands (its holding) when a command on it is decided, read under the loan's
/// lock: its facts, its standing on the command's date, its balance on each loan account and
/// its events.
public struct LoanHolding: Sendable {
    public var loan: LoanDimensions
    public var borrowerName: String
    public var facts: LoanFacts
    public var standing: LoanStanding
    /// Debit − credit per account code, on the accounts of `LoanPostings.loanAccounts`.
    public var balances: [String: Int64]
    public var approved: Money
    public var disbursed: Money
    public var frozen: FreezePeriod?
    public var events: [LoanEvent]
    /// The borrowing household (nil for a unit that borrows directly).
    public var household: String?

    public init(
        loan: LoanDimensions, borrowerName: String, facts: LoanFacts, standing: LoanStanding,
        balances: [String: Int64], approved: Money, disbursed: Money, frozen: FreezePeriod?,
        events: [LoanEvent], household: String? = nil
    ) {
        self.loan = loan
        self.borrowerName = borrowerName
        self.facts = facts
        self.standing = standing
        self.balances = balances
        self.approved = approved
        self.disbursed = disbursed
        self.frozen = frozen
        self.events = events
        self.household = household
    }

    /// A command on the loan is dated on or before today and not before the loan's first
    /// disbursement: the balances it moves are the loan's whole balances, which a date before
    /// the disbursement does not have.
    public func check(date: BusinessDate, today: BusinessDate) throws(LendingError) {
        guard date <= today else { throw .futureDate(date) }
        guard date >= facts.disbursedOn else { throw .beforeDisbursement(facts.disbursedOn) }
    }

    /// What a balance holds, never below zero (a credit balance on an asset holds nothing).
    func held(_ account: Account) -> Money { Money(dong: max(0, balances[account.code] ?? 0)) }
}

/// Kế hoạch của một lệnh tiền trên khoản vay: everything the command writes, decided in Domain
/// from the `LoanHolding`. The store reads the position, asks one function of `LoanCommands`
/// for the plan (or gets its refusal), and writes exactly this, in one transaction.
public struct LoanPlan: Sendable, Equatable {
    /// The money that moves: one balanced entry, the reversal of an earlier one, or nothing.
    public enum Posting: Sendable, Equatable {
        case entry(JournalEntry)
        case reversal(entryID: EntryID, reason: String)
        case none
    }

    /// Changes to the loan's running figures (signed).
    public struct Figures: Sendable, Equatable {
        public var disbursed = Money.zero
        public var principalRepaid = Money.zero
        public var interestPaid = Money.zero
        public var principalWrittenOff = Money.zero
        public var interestWrittenOff = Money.zero
        public init() {}
    }

    public var posting: Posting
    public var event: LoanEventKind
    /// The event's signed change of the outstanding principal.
    public var principal: Money
    /// Interest paid (+), its reversal (−), or written off.
    public var interest: Money
    public var method: PaymentMethod?
    public var source: CapitalSource?
    /// The event a reversal undoes.
    public var reverses: LoanEvent.ID?
    public var figures = Figures()
    /// The loan's state after, when the command changes it.
    public var state: LoanState?
    /// The freeze window the loan carries after (khoanh nợ and its end).
    public var frozen: FreezePeriod?
    /// Principal settled changed: the instalments are settled again in due order.
    public var reallocates = false
    /// The schedule the command moves (a freeze's end gives the unpaid balance a new one).
    public var terms: TermsPlan?

    public init(
        posting: Posting, event: LoanEventKind, principal: Money = .zero, interest: Money = .zero,
        method: PaymentMethod? = nil, source: CapitalSource? = nil, reverses: LoanEvent.ID? = nil
    ) {
        self.posting = posting
        self.event = event
        self.principal = principal
        self.interest = interest
        self.method = method
        self.source = source
        self.reverses = reverses
    }

    /// The id of the entry the plan posts (a reversal's id is given by the ledger).
    public var entryID: EntryID? {
        if case .entry(let entry) = posting { entry.id } else { nil }
    }
}
