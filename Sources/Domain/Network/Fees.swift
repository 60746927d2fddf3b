/// Phí ủy thác và hoa hồng (network.md §2): who is paid, on what base, at what rate, and the
/// results that reduce or suspend it. Every figure is unconfirmed, so it is dated reference data.
public struct FeeRules: Sendable, Equatable {
    /// Hoa hồng của tổ: basis points (1 = 0,01 %) of the interest the leader collected.
    public var groupCommissionBasisPoints: Int64
    /// Phí ủy thác of the commune-level and province-level organisation: basis points of the
    /// interest collected in their groups.
    public var communeOrganisationBasisPoints: Int64
    public var provinceOrganisationBasisPoints: Int64
    /// Below this interest collection rate (%) nothing is paid for the group that month.
    public var minimumCollectionPercent: Int64
    /// Above this overdue ratio (%) nothing is paid for the group that month.
    public var maximumOverduePercent: Int64

    public init(groupCommissionBasisPoints: Int64, communeOrganisationBasisPoints: Int64, provinceOrganisationBasisPoints: Int64,
                minimumCollectionPercent: Int64, maximumOverduePercent: Int64) {
        self.groupCommissionBasisPoints = groupCommissionBasisPoints
        self.communeOrganisationBasisPoints = communeOrganisationBasisPoints
        self.provinceOrganisationBasisPoints = provinceOrganisationBasisPoints
        self.minimumCollectionPercent = minimumCollectionPercent
        self.maximumOverduePercent = maximumOverduePercent
    }
}

/// A group's month, as the fees read it.
public struct GroupFeeFigures: Sendable, Equatable {
    public var groupID: String
    public var organisation: Organisation
    public var unitID: String
    /// Interest accrued on the group's loans in the month (what was due).
    public var interestDue: Money
    /// Interest collected in the month, and the part the leader collected.
    public var interestCollected: Money
    public var interestViaLeader: Money
    public var outstanding: Money
    public var overdue: Money

    public init(groupID: String, organisation: Organisation, unitID: String, interestDue: Money, interestCollected: Money, interestViaLeader: Money,
                outstanding: Money, overdue: Money) {
        self.groupID = groupID
        self.organisation = organisation
        self.unitID = unitID
        self.interestDue = interestDue
        self.interestCollected = interestCollected
        self.interestViaLeader = interestViaLeader
        self.outstanding = outstanding
        self.overdue = overdue
    }
}

public enum FeePayee: String, Sendable, Codable, CaseIterable {
    case group
    case communeOrganisation = "commune_organisation"
    case provinceOrganisation = "province_organisation"

    public var label: String {
        switch self {
        case .group: "Hoa hồng tổ TK&VV"
        case .communeOrganisation: "Phí ủy thác hội cấp xã"
        case .provinceOrganisation: "Phí ủy thác hội cấp tỉnh"
        }
    }
}

/// One amount payable for a month, with why.
public struct FeeLine: Sendable, Codable, Equatable {
    public var payee: FeePayee
    public var groupID: String
    public var organisation: Organisation
    public var unitID: String
    public var base: Money
    public var basisPoints: Int64
    public var amount: Money
    public var reason: String

    public init(payee: FeePayee, groupID: String, organisation: Organisation, unitID: String, base: Money, basisPoints: Int64, amount: Money, reason: String) {
        self.payee = payee
        self.groupID = groupID
        self.organisation = organisation
        self.unitID = unitID
        self.base = base
        self.basisPoints = basisPoints
        self.amount = amount
        self.reason = reason
    }
}

public enum FeeCalculator {
    /// Tỷ lệ thu lãi (%, rounded down): collected over due; a month with nothing due counts as fully collected.
    public static func collectionPercent(_ f: GroupFeeFigures) -> Int64 {
        f.interestDue.dong <= 0 ? 100
            : Int64(clamping: Int128(f.interestCollected.dong) * 100 / Int128(f.interestDue.dong))
    }

    /// Overdue ratio (%, rounded up so that a threshold is never passed by rounding).
    public static func overduePercent(_ f: GroupFeeFigures) -> Int64 {
        f.outstanding.dong <= 0 ? 0
            : Int64(clamping: (Int128(f.overdue.dong) * 100 + Int128(f.outstanding.dong) - 1) / Int128(f.outstanding.dong))
    }

    /// base × basis points / 10.000, half up to the đồng: the one place a fee rounds.
    public static func apply(_ basisPoints: Int64, to base: Money) throws(MoneyError) -> Money {
        let (q, r) = (Int128(base.dong) * Int128(basisPoints)).quotientAndRemainder(dividingBy: 10_000)
        let rounded = r * 2 >= 10_000 ? q + 1 : q
        guard let amount = Int64(exactly: rounded) else { throw .overflow }
        return Money(dong: amount)
    }

    /// Why nothing is paid for the group this month, or nil: collection too low or overdue too high.
    public static func suspension(_ f: GroupFeeFigures, rules: FeeRules) -> String? {
        let collection = collectionPercent(f), overdue = overduePercent(f)
        if collection < rules.minimumCollectionPercent { return "tỷ lệ thu lãi \(collection) % dưới \(rules.minimumCollectionPercent) %" }
        if overdue > rules.maximumOverduePercent { return "tỷ lệ nợ quá hạn \(overdue) % trên \(rules.maximumOverduePercent) %" }
        return nil
    }

    /// The group's commission and its organisation's fees for a month; suspended (zero, with the
    /// reason) when collection is too low or overdue too high.
    public static func lines(for f: GroupFeeFigures, rules: FeeRules) throws(MoneyError) -> [FeeLine] {
        let suspended = suspension(f, rules: rules)
        func line(_ payee: FeePayee, base: Money, bp: Int64, basis: String) throws(MoneyError) -> FeeLine {
            let amount = suspended == nil ? try apply(bp, to: base) : .zero
            let percent = "\(bp / 100),\(bp % 100 < 10 ? "0" : "")\(bp % 100) %"
            let reason = suspended.map { "Không trả: \($0)." } ?? "\(percent) × \(basis) \(base)."
            return FeeLine(payee: payee, groupID: f.groupID, organisation: f.organisation, unitID: f.unitID, base: base, basisPoints: bp, amount: amount,
                           reason: reason)
        }
        return [try line(.group, base: f.interestViaLeader, bp: rules.groupCommissionBasisPoints, basis: "lãi tổ trưởng thu"),
                try line(.communeOrganisation, base: f.interestCollected, bp: rules.communeOrganisationBasisPoints, basis: "lãi thu được"),
                try line(.provinceOrganisation, base: f.interestCollected, bp: rules.provinceOrganisationBasisPoints, basis: "lãi thu được")]
    }
}

extension FeeCalculator {
    /// Tính lại phí: the ledger lines that bring what a month made payable from `old` to `new`
    /// (matched by payee and group): Nợ 8011 / Có 4591 for an increase, the reverse for a decrease.
    public static func adjustment(from old: [FeeLine], to new: [FeeLine]) throws(MoneyError) -> [JournalLine] {
        func key(_ l: FeeLine) -> String { "\(l.payee.rawValue)|\(l.groupID)" }
        var before: [String: Money] = [:]
        for line in old { before[key(line)] = try before[key(line), default: .zero].adding(line.amount) }
        var lines: [JournalLine] = []
        for line in new {
            let delta = try line.amount.subtracting(before[key(line)] ?? .zero).dong
            guard delta != 0 else { continue }
            let amount = Money(dong: Int64(clamping: delta.magnitude))
            let (debit, credit) = delta > 0 ? (ChartOfAccounts.feesExpense, ChartOfAccounts.feesPayable) : (ChartOfAccounts.feesPayable, ChartOfAccounts.feesExpense)
            lines.append(JournalLine(account: debit.code, debit: amount, unitID: line.unitID, groupID: line.groupID))
            lines.append(JournalLine(account: credit.code, credit: amount, unitID: line.unitID, groupID: line.groupID))
        }
        return lines
    }
}

