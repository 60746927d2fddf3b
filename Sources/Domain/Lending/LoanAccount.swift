/// Khoanh nợ: from the decision date through its end, no principal is collected and no interest accrues.
public struct FreezePeriod: Sendable, Codable, Hashable {
    public var from: BusinessDate
    public var through: BusinessDate
    public init(from: BusinessDate, through: BusinessDate) {
        self.from = from
        self.through = through
    }

    public func covers(_ date: BusinessDate) -> Bool { from <= date && date <= through }
}

/// What the book holds about one loan, as plain values: the store reads them, the rules below say
/// what the loan owes on any date.
public struct LoanFacts: Sendable, Equatable {
    public var disbursedOn: BusinessDate
    public var schedule: [Instalment]
    /// Disbursements (+), principal repaid or written off (−).
    public var movements: [PrincipalMovement]
    /// The loan's rates from disbursement (re-pricing included, freezes not yet applied).
    public var rates: [RatePeriod]
    public var overduePercent: Int64
    public var dayCount: DayCount
    public var interestPaid: Money
    public var interestWrittenOff: Money
    public var freezes: [FreezePeriod]
    /// The stored state: what commands decided (adjusted, extended, written off, repaid).
    public var state: LoanState
    /// Nhập sổ cũ: a loan brought in from an old book accrues here from the cut-over day, and
    /// owes from then the interest the old book left unpaid (nil and zero for a loan lent here).
    public var interestFrom: BusinessDate?
    public var openingInterest: Money
    /// Điều chỉnh lãi suất reaching this loan (its program, province and capital source).
    public var adjustments: [RateAdjustment]
    /// Ngày đến hạn trả lãi: the sittings of the loan's commune, in order (CHANGES 2026-12-01
    /// item 8); empty when its calendar is not known.
    public var interestDueDates: [BusinessDate] = []
    /// Ngày bắt đầu trả nợ of a student contract: no interest falls due before it, though it
    /// accrues from the first tranche and may be paid early (nil for other loans).
    public var duesFrom: BusinessDate? = nil

    public init(disbursedOn: BusinessDate, schedule: [Instalment], movements: [PrincipalMovement], rates: [RatePeriod], overduePercent: Int64,
                dayCount: DayCount, interestPaid: Money = .zero, interestWrittenOff: Money = .zero, freezes: [FreezePeriod] = [],
                state: LoanState = .current, interestFrom: BusinessDate? = nil,
                openingInterest: Money = .zero, adjustments: [RateAdjustment] = []) {
        self.disbursedOn = disbursedOn
        self.schedule = schedule
        self.movements = movements
        self.rates = rates
        self.overduePercent = overduePercent
        self.dayCount = dayCount
        self.interestPaid = interestPaid
        self.interestWrittenOff = interestWrittenOff
        self.freezes = freezes
        self.state = state
        self.interestFrom = interestFrom
        self.openingInterest = openingInterest
        self.adjustments = adjustments
    }

    public func disbursed(through date: BusinessDate? = nil) throws(MoneyError) -> Money {
        try movements.filter { m in m.amount.dong > 0 && (date.map { m.on <= $0 } ?? true) }
            .map(\.amount).sum()
    }

    public func principalReduced(before date: BusinessDate? = nil) throws(MoneyError) -> Money {
        try movements.filter { m in m.amount.dong < 0 && (date.map { m.on < $0 } ?? true) }
            .map { Money(dong: -max($0.amount.dong, -Int64.max)) }.sum()
    }

    /// The rates with every freeze's days at zero.
    public var effectiveRates: [RatePeriod] {
        guard !freezes.isEmpty, !rates.isEmpty else { return rates }
        let sorted = rates.sorted { $0.from < $1.from }
        func base(on day: BusinessDate) -> Rate { (sorted.last { $0.from <= day } ?? sorted[0]).rate }
        var starts = Set(sorted.map(\.from))
        for f in freezes { starts.insert(f.from.adding(days: 1)); starts.insert(f.through.adding(days: 1)) }
        return starts.sorted().map { day in
            RatePeriod(from: day, rate: freezes.contains { $0.from < day && day <= $0.through } ? Rate(billionthsPerMonth: 0) : base(on: day))
        }
    }
}

/// Tình trạng khoản vay on a date.
public struct LoanStanding: Sendable, Equatable, Codable {
    public var outstanding: Money
    /// Principal of instalments past due and unpaid (zero while frozen: frozen debt is reported apart).
    public var overdue: Money
    /// Interest accrued from disbursement through the date, less what was paid or written off.
    public var interestDue: Money
    /// Lãi tồn: interest due at a past interest due date (the commune's sitting) and still unpaid
    /// (`LoanAccount.arrearsCutoff`).
    public var interestArrears: Money
    public var status: LoanState
    public var frozen: Money { status == .frozen ? outstanding : .zero }
}

/// The rules that say what a loan owes and what a repayment may be.
public enum LoanAccount {
    public static func interestAccrued(_ facts: LoanFacts,
                                       through date: BusinessDate) throws(MoneyError) -> Money {
        let from = max(facts.disbursedOn, facts.interestFrom ?? facts.disbursedOn)
        return try InterestCalculator.interest(
            schedule: facts.schedule, movements: facts.movements, rates: facts.effectiveRates,
            adjustments: facts.adjustments, overduePercent: facts.overduePercent, dayCount: facts.dayCount, from: from, through: date)
            .adding(facts.openingInterest)
    }

    public static func standing(_ facts: LoanFacts, on date: BusinessDate) throws(MoneyError) -> LoanStanding {
        let reduced = try facts.principalReduced(before: date.adding(days: 1))
        let disbursed = try facts.disbursed(through: date)
        let position = try PrincipalRules.position(schedule: facts.schedule, principalPaid: reduced, on: date)
        let outstanding = max(0, min(position.outstanding.dong, try disbursed.subtracting(reduced).dong))
        let settled = try facts.interestPaid.adding(facts.interestWrittenOff)
        let accrued = try interestAccrued(facts, through: date)
        var arrears: Int64 = 0
        if let cutoff = arrearsCutoff(facts, on: date) {
            arrears = max(0, try interestAccrued(facts, through: cutoff).subtracting(settled).dong)
        }
        let frozen = facts.freezes.contains { $0.covers(date) }
        let status: LoanState
        switch facts.state {
        case .writtenOff, .repaid: status = facts.state
        case _ where frozen: status = .frozen
        case _ where outstanding == 0 && disbursed.dong > 0: status = .repaid
        case _ where position.overdue.dong > 0: status = .overdue
        case .frozen, .overdue: status = .current
        default: status = facts.state
        }
        let overdue = status == .frozen || status == .writtenOff ? 0 : min(position.overdue.dong, outstanding)
        return LoanStanding(outstanding: Money(dong: outstanding), overdue: Money(dong: overdue),
                            interestDue: Money(dong: max(0, try accrued.subtracting(settled).dong)),
                            interestArrears: Money(dong: arrears), status: status)
    }

    /// Lãi tồn là lãi đến hạn chưa trả (CHANGES 2026-12-01 item 8): interest is due at each
    /// interest due date, the commune's sitting, for what accrued through it. Arrears on `date`
    /// are what accrued through the last due date before it and is still unpaid, so a borrower who
    /// pays at every sitting has none between the 1st and the next sitting. Without a known
    /// calendar the previous month's end stands in for the due date. Nil before the first one,
    /// and before a student contract's dues begin.
    public static func arrearsCutoff(_ facts: LoanFacts, on date: BusinessDate) -> BusinessDate? {
        let cutoff: BusinessDate?
        if facts.interestDueDates.isEmpty {
            cutoff = date.firstOfMonth.adding(days: -1)
        } else {
            cutoff = facts.interestDueDates.last { $0 < date }
        }
        return cutoff.flatMap {
            $0 > facts.disbursedOn && $0 >= (facts.duesFrom ?? $0) ? $0 : nil
        }
    }

    /// A single amount paid at the counter: interest first, the rest to principal.
    public static func split(amount: Money, interestDue: Money) -> (interest: Money, principal: Money) {
        let interest = max(.zero, min(amount, interestDue))
        // 0 ≤ interest ≤ amount when amount ≥ 0, so the difference cannot overflow.
        return (interest, Money(dong: amount.dong - interest.dong))
    }

    /// Every reason a repayment cannot be taken, in Vietnamese: a future date, a date before the
    /// loan, nothing paid, principal above the outstanding, interest above the interest due.
    public static func repaymentProblems(_ facts: LoanFacts, on date: BusinessDate, today: BusinessDate, interest: Money,
                                         principal: Money) throws(MoneyError) -> [LendingError] {
        var problems: [LendingError] = []
        if date > today { problems.append(.futureDate(date)) }
        if date < facts.disbursedOn { problems.append(.beforeDisbursement(facts.disbursedOn)) }
        if interest.isNegative || principal.isNegative || (interest.dong == 0 && principal.dong == 0) {
            problems.append(.invalidAmount)
        }
        let standing = try standing(facts, on: date)
        if [.writtenOff, .repaid].contains(facts.state) { problems.append(.loanClosed(facts.state.label)) }
        if principal > standing.outstanding { problems.append(.principalAboveOutstanding(standing.outstanding)) }
        if interest > standing.interestDue { problems.append(.interestAboveDue(standing.interestDue)) }
        return problems
    }
}
