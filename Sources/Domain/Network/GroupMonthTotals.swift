/// Số liệu tháng của tổ: what month-end sums for one Savings & Loan Group at the month's end. Both
/// the month's fees (`GroupFeeFigures`) and the rating's inputs (`GroupMonthFigures`) derive from
/// it, so the commission, the grade and the indicators read the same figures.
public struct GroupMonthTotals: Sendable, Codable, Equatable {
    public var groupID: String
    public var organisation: Organisation
    public var unitID: String
    public var loans: Int
    public var outstanding: Money
    public var overdue: Money
    public var frozen: Money
    /// Lãi tồn at the month's end, and how many loans reach three months of it.
    public var interestArrears: Money
    public var arrearsLoans: Int
    /// Interest accrued in the month (what fell due), collected in the month, and by the leader.
    public var interestDue: Money
    public var interestCollected: Money
    public var interestViaLeader: Money
    /// Principal of the instalments falling due in the month, and how much of it is paid.
    public var principalDue: Money
    public var principalCollected: Money
    /// Members at the month's end, those with a savings balance, the balance now and a month ago.
    public var members: Int
    public var membersSaving: Int
    public var savings: Money
    public var savingsPrevious: Money
    /// Group meetings held and transaction-day batches posted in the month.
    public var meetings: Int
    public var sittings: Int
    /// Dư nợ có thu được lãi: the balance of the loans on which interest was collected in the
    /// month (the entrustment fee's base).
    public var outstandingWithInterest: Money

    public init(
        groupID: String, organisation: Organisation, unitID: String, loans: Int = 0,
        outstanding: Money = .zero, overdue: Money = .zero,
        frozen: Money = .zero, interestArrears: Money = .zero, arrearsLoans: Int = 0,
        interestDue: Money = .zero, interestCollected: Money = .zero,
        interestViaLeader: Money = .zero, principalDue: Money = .zero,
        principalCollected: Money = .zero, members: Int = 0, membersSaving: Int = 0,
        savings: Money = .zero, savingsPrevious: Money = .zero, meetings: Int = 0,
        sittings: Int = 0,
        outstandingWithInterest: Money = .zero
    ) {
        self.groupID = groupID
        self.organisation = organisation
        self.unitID = unitID
        self.loans = loans
        self.outstanding = outstanding
        self.overdue = overdue
        self.frozen = frozen
        self.interestArrears = interestArrears
        self.arrearsLoans = arrearsLoans
        self.interestDue = interestDue
        self.interestCollected = interestCollected
        self.interestViaLeader = interestViaLeader
        self.principalDue = principalDue
        self.principalCollected = principalCollected
        self.members = members
        self.membersSaving = membersSaving
        self.savings = savings
        self.savingsPrevious = savingsPrevious
        self.meetings = meetings
        self.sittings = sittings
        self.outstandingWithInterest = outstandingWithInterest
    }

    public var fees: GroupFeeFigures {
        GroupFeeFigures(
            groupID: groupID, organisation: organisation, unitID: unitID, interestDue: interestDue,
            interestCollected: Money(dong: max(0, interestCollected.dong)),
            interestViaLeader: interestViaLeader,
            outstanding: outstanding, overdue: overdue,
            outstandingWithInterest: outstandingWithInterest)
    }

    /// The rating's inputs. A figure that counts against the group rounds up (1,01 ‰ overdue is
    /// 2 ‰), one that counts for it rounds down (99,9 % collected is 99 %), so rounding never lifts
    /// a grade. Nothing due counts as fully collected; no savings a month ago and some now as 100 %.
    public var rating: GroupMonthFigures {
        func percent(_ part: Int64, of whole: Int64) -> Int {
            whole <= 0 ? 100 : Int(min(100, max(0, Int128(part) * 100 / Int128(whole))))
        }
        let overduePerMille =
            outstanding.dong <= 0
            ? 0
            : Int(
                min(
                    1000,
                    (Int128(max(0, overdue.dong)) * 1000 + Int128(outstanding.dong) - 1)
                        / Int128(outstanding.dong)))
        let growth: Int
        if savingsPrevious.dong <= 0 {
            growth = savings.dong > 0 ? 100 : 0
        } else {
            // Floor division, also for a fall: −0,5 % is −1 %.
            let change = (Int128(savings.dong) - Int128(savingsPrevious.dong)) * 100,
                base = Int128(savingsPrevious.dong)
            let quotient = change / base
            growth = Int(clamping: change % base != 0 && change < 0 ? quotient - 1 : quotient)
        }
        return GroupMonthFigures(
            meetingsHeld: meetings + sittings, overduePerMille: overduePerMille,
            principalCollectedPercent: percent(principalCollected.dong, of: principalDue.dong),
            interestCollectedPercent: percent(interestCollected.dong, of: interestDue.dong),
            membersSavingPercent: members <= 0 ? 0 : Int(min(100, membersSaving * 100 / members)),
            savingsGrowthPercent: growth)
    }
}
