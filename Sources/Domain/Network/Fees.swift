/// Phí ủy thác và hoa hồng (network.md §2, CHANGES item 10): who is paid, on what base, at what
/// rate, how the fee is split between the organisation's levels, and the results that reduce or
/// suspend it. Every figure is unconfirmed, so each is dated reference data.
public struct FeeRules: Sendable, Equatable {
    /// Hoa hồng của tổ: basis points (1 = 0,01 %) of the interest the leader collected.
    public var groupCommissionBasisPoints: Int64
    /// Phí ủy thác: millionths per month of the balance on which interest was collected in the
    /// month (450 = 0,045 %/tháng).
    public var organisationFeeMillionths: Int64
    /// The fee's split between the levels, in basis points of the fee (8.400 = 84 %); they need
    /// not sum to 10.000: what is left is not paid.
    public var shares: [FeePayee: Int64]
    /// Where the former district share goes (from 01/07/2025 there is no district level); nil: to
    /// the district organisation itself.
    public var districtShareTo: FeePayee?
    /// Below this interest collection rate (%) nothing is paid for the group that month.
    public var minimumCollectionPercent: Int64
    /// Above this overdue ratio (%) nothing is paid for the group that month.
    public var maximumOverduePercent: Int64
    /// Above this overdue ratio (%), but not above the maximum, the month's amounts are reduced
    /// by `reductionPercent`.
    public var reducedAboveOverduePercent: Int64
    public var reductionPercent: Int64

    public init(
        groupCommissionBasisPoints: Int64, organisationFeeMillionths: Int64,
        shares: [FeePayee: Int64], districtShareTo: FeePayee? = nil,
        minimumCollectionPercent: Int64, maximumOverduePercent: Int64,
        reducedAboveOverduePercent: Int64 = 100, reductionPercent: Int64 = 0
    ) {
        self.groupCommissionBasisPoints = groupCommissionBasisPoints
        self.organisationFeeMillionths = organisationFeeMillionths
        self.shares = shares
        self.districtShareTo = districtShareTo
        self.minimumCollectionPercent = minimumCollectionPercent
        self.maximumOverduePercent = maximumOverduePercent
        self.reducedAboveOverduePercent = reducedAboveOverduePercent
        self.reductionPercent = reductionPercent
    }

    /// Each level's share once the district's has gone where the rule says.
    public var effectiveShares: [(FeePayee, Int64)] {
        var shares = self.shares.filter { $0.key != .group }
        if let to = districtShareTo, to != .districtOrganisation, to != .group,
            let district = shares.removeValue(forKey: .districtOrganisation)
        {
            shares[to, default: 0] += district
        }
        return FeePayee.organisationLevels.compactMap { level in
            shares[level].flatMap { $0 > 0 ? (level, $0) : nil }
        }
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
    /// Dư nợ có thu được lãi: the month-end balance of the loans on which interest was collected
    /// in the month, the fee's base.
    public var outstandingWithInterest: Money

    public init(
        groupID: String, organisation: Organisation, unitID: String, interestDue: Money,
        interestCollected: Money, interestViaLeader: Money, outstanding: Money, overdue: Money,
        outstandingWithInterest: Money = .zero
    ) {
        self.groupID = groupID
        self.organisation = organisation
        self.unitID = unitID
        self.interestDue = interestDue
        self.interestCollected = interestCollected
        self.interestViaLeader = interestViaLeader
        self.outstanding = outstanding
        self.overdue = overdue
        self.outstandingWithInterest = outstandingWithInterest
    }
}

/// Who a fee line is owed to: the group (its commission) or a level of its organisation.
public enum FeePayee: String, Sendable, Codable, CaseIterable {
    case group
    case communeOrganisation = "commune_organisation"
    case districtOrganisation = "district_organisation"
    case provinceOrganisation = "province_organisation"
    case centralOrganisation = "central_organisation"

    public static let organisationLevels: [FeePayee] = [
        .communeOrganisation, .districtOrganisation, .provinceOrganisation, .centralOrganisation,
    ]

    public var label: String {
        switch self {
        case .group: "Hoa hồng tổ TK&VV"
        case .communeOrganisation: "Phí ủy thác hội cấp xã"
        case .districtOrganisation: "Phí ủy thác hội cấp huyện (cũ)"
        case .provinceOrganisation: "Phí ủy thác hội cấp tỉnh"
        case .centralOrganisation: "Phí ủy thác hội cấp trung ương"
        }
    }

    /// The contract's kind: the group's commission, or an organisation's fee.
    public var kind: String { self == .group ? "commission" : "fee" }
}

/// One amount payable for a month, with why.
public struct FeeLine: Sendable, Codable, Equatable {
    public var payee: FeePayee
    public var groupID: String
    public var organisation: Organisation
    public var unitID: String
    /// The commission's base (interest the leader collected) or the fee's (dư nợ có thu lãi).
    public var base: Money
    /// The commission's basis points of its base, or the level's share of the fee.
    public var basisPoints: Int64
    /// The fee's monthly rate in millionths of the base (0 for the commission).
    public var rateMillionths: Int64
    public var amount: Money
    public var reason: String

    public init(
        payee: FeePayee, groupID: String, organisation: Organisation, unitID: String,
        base: Money, basisPoints: Int64, rateMillionths: Int64 = 0, amount: Money, reason: String
    ) {
        self.payee = payee
        self.groupID = groupID
        self.organisation = organisation
        self.unitID = unitID
        self.base = base
        self.basisPoints = basisPoints
        self.rateMillionths = rateMillionths
        self.amount = amount
        self.reason = reason
    }
}

/// Người nhận phí, hoa hồng: a group (its commission) or one level of an organisation, which is
/// one payee for all its groups in the commune, the province or the country. Its key is what the
/// API and a payout name: `group:<id>`, `<organisation>:commune:<unit>`,
/// `<organisation>:district:<province>`, `<organisation>:province:<province>`,
/// `<organisation>:central`.
public enum FeeRecipient: Hashable, Sendable {
    case group(String)
    case commune(Organisation, unitID: String)
    case district(Organisation, province: Int)
    case province(Organisation, province: Int)
    case central(Organisation)

    /// Who is paid a line, given the province of the line's commune.
    public init(_ line: FeeLine, provinceCode: Int) {
        switch line.payee {
        case .group: self = .group(line.groupID)
        case .communeOrganisation: self = .commune(line.organisation, unitID: line.unitID)
        case .districtOrganisation: self = .district(line.organisation, province: provinceCode)
        case .provinceOrganisation: self = .province(line.organisation, province: provinceCode)
        case .centralOrganisation: self = .central(line.organisation)
        }
    }

    /// The key read back; nil for anything else.
    public init?(key: String) {
        let parts = key.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 2, parts[0] == "group", !parts[1].isEmpty {
            self = .group(parts[1])
            return
        }
        guard parts.count >= 2, parts.count <= 3, let org = Organisation(rawValue: parts[0])
        else { return nil }
        switch (parts[1], parts.count == 3 ? parts[2] : nil) {
        case ("commune", let unit?) where !unit.isEmpty: self = .commune(org, unitID: unit)
        case ("district", let code?):
            guard let p = Int(code), p > 0, p < 1_000 else { return nil }
            self = .district(org, province: p)
        case ("province", let code?):
            guard let p = Int(code), p > 0, p < 1_000 else { return nil }
            self = .province(org, province: p)
        case ("central", nil): self = .central(org)
        default: return nil
        }
    }

    public var key: String {
        switch self {
        case .group(let id): "group:\(id)"
        case .commune(let o, let unit): "\(o.rawValue):commune:\(unit)"
        case .district(let o, let p): "\(o.rawValue):district:\(p)"
        case .province(let o, let p): "\(o.rawValue):province:\(p)"
        case .central(let o): "\(o.rawValue):central"
        }
    }

    public var payee: FeePayee {
        switch self {
        case .group: .group
        case .commune: .communeOrganisation
        case .district: .districtOrganisation
        case .province: .provinceOrganisation
        case .central: .centralOrganisation
        }
    }

    public var organisation: Organisation? {
        switch self {
        case .group: nil
        case .commune(let o, _), .district(let o, _), .province(let o, _), .central(let o): o
        }
    }
}
