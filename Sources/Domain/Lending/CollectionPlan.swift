/// Một buổi thu của tổ: what a group's collection batch is decided on, read under the locks of
/// the group's savings and of every loan its lines name.
public struct CollectionSitting: Sendable {
    public var groupID: String
    public var unitID: String
    public var groupName: String
    public var date: BusinessDate
    public var today: BusinessDate
    /// The group's members on the date (household ids).
    public var members: Set<String>
    public var minimumDeposit: Money
    /// Each member's savings balance; a member without an account is absent.
    public var savings: [String: Money]
    /// Every loan the lines name that the reader may see, by id.
    public var loans: [LoanID: LoanHolding]

    public init(
        groupID: String, unitID: String, groupName: String, date: BusinessDate,
        today: BusinessDate, members: Set<String>, minimumDeposit: Money,
        savings: [String: Money], loans: [LoanID: LoanHolding]
    ) {
        self.groupID = groupID
        self.unitID = unitID
        self.groupName = groupName
        self.date = date
        self.today = today
        self.members = members
        self.minimumDeposit = minimumDeposit
        self.savings = savings
        self.loans = loans
    }
}

/// Kế hoạch ghi bảng kê thu: everything a batch writes, decided in Domain; the store writes it
/// in one transaction.
public struct CollectionPlan: Sendable, Equatable {
    /// One loan's payment in the batch (a repayment event, with the line's entry).
    public struct Repayment: Sendable, Equatable {
        public var loanID: LoanID
        public var entryID: EntryID
        public var principal: Money
        public var interest: Money
        public var via: CollectionVia
    }

    /// A deposit (+) or a withdrawal (−) on a member's savings account.
    public struct SavingsMovement: Sendable, Equatable {
        public var household: String
        public var amount: Money
        public var entryID: EntryID
        /// The member paid loan interest out of her savings (trả lãi từ tiền gửi).
        public var paysInterest = false
        public var kind: String {
            paysInterest ? "loan_interest" : amount.isNegative ? "withdrawal" : "deposit"
        }
    }

    /// The batch's sums, each checked (a sum past what the books hold is refused, not wrapped).
    public struct Totals: Sendable, Equatable {
        public var interest = Money.zero
        public var interestViaLeader = Money.zero
        public var principal = Money.zero
        public var savingsDeposits = Money.zero
        public var savingsWithdrawals = Money.zero
        /// Interest members paid out of their savings (in `interest` too).
        public var interestFromSavings = Money.zero
    }

    /// The lines as posted (a member left empty filled in from the loan's borrower).
    public var lines: [CollectionLine] = []
    /// One balanced entry per line, in line order.
    public var entries: [JournalEntry] = []
    public var repayments: [Repayment] = []
    /// Each loan's change of its running figures (principal repaid, interest paid).
    public var loans: [LoanID: LoanPlan.Figures] = [:]
    /// Loans the batch repays in full.
    public var repaid: [LoanID] = []
    public var movements: [SavingsMovement] = []
    /// Each member's change of savings balance.
    public var savings: [String: Money] = [:]
    /// Members whose account opens with this batch (no account before).
    public var newAccounts: [String] = []
    public var totals = Totals()

    /// Loans whose principal settled changed: their instalments are settled again.
    public var reallocates: [LoanID] {
        loans.filter { $0.value.principalRepaid.dong > 0 }.map(\.key).sorted()
    }
}
