/// A value of the poor-household anchor rate from a date (reference data `anchor_rate`), with the
/// act that set it.
public struct AnchorRate: Sendable, Hashable {
    public var from: BusinessDate
    public var rate: Rate
    public var legalSource: String
    public init(from: BusinessDate, rate: Rate, legalSource: String = "") {
        self.from = from
        self.rate = rate
        self.legalSource = legalSource
    }

    /// The anchor in force on `date`: the latest value started by then.
    public static func inForce(on date: BusinessDate, among anchors: [AnchorRate]) -> AnchorRate? {
        anchors.filter { $0.from <= date }.max { $0.from < $1.from }
    }
}

/// Văn bản quyết định lãi suất: the act that gave a loan its rate for a period.
public enum RateAct: Sendable, Hashable {
    /// The parameter set the loan was disbursed under, or a later set that re-prices existing
    /// loans.
    case parameterSet(id: String, legalSource: String)
    /// A change of the poor-household rate, for a set priced as a share of it.
    case anchor(from: BusinessDate, legalSource: String)

    public var legalSource: String {
        switch self {
        case .parameterSet(_, let source), .anchor(_, let source): source
        }
    }
}

extension ProgramParameters {
    /// The set's identifier in the store: the program and the day it starts.
    public var id: String { "\(programCode)@\(validFrom.iso)" }
}

/// Định giá khoản vay: which rate a loan pays on each day. A loan keeps the parameter set in force
/// at its disbursement (stored on the loan) and changes only by an explicit act: a later set of
/// its program that says it re-prices existing loans, or a change of the anchor while the set
/// that governs the loan is priced as a share of it. A later set for new loans only never
/// reaches it, so a back-dated set of that kind cannot rewrite a closed month.
public enum LoanPricing {
    /// The rate periods from the disbursement, each with its act; a period starts only where
    /// the rate changes. Refuses (`noRateOnDate`) when the governing set is tied to the anchor
    /// and no anchor value is known on a day the loan runs: a loan never runs at zero by default.
    public static func periods(
        loanSet: ProgramParameters, group: String? = nil, disbursedOn: BusinessDate,
        sets: [ProgramParameters], anchors: [AnchorRate]
    ) throws(LendingError) -> [RatePeriod] {
        let repricing = sets.filter {
            $0.programCode == loanSet.programCode && $0.repricing == .existingLoans
                && $0.validFrom > disbursedOn && $0.id != loanSet.id
        }
        func governing(on day: BusinessDate) -> ProgramParameters {
            repricing.filter { $0.validFrom <= day }.max { $0.validFrom < $1.validFrom } ?? loanSet
        }
        func rate(on day: BusinessDate) throws(LendingError) -> Rate {
            let set = governing(on: day)
            let priced = set.rate(for: group)
            guard case .factorOfAnchor = priced else { return priced.resolve(anchor: .zero) }
            guard let anchor = AnchorRate.inForce(on: day, among: anchors) else {
                throw .noRateOnDate(set.programCode, day)
            }
            return priced.resolve(anchor: anchor.rate)
        }
        var periods = [
            RatePeriod(
                from: disbursedOn, rate: try rate(on: disbursedOn),
                act: .parameterSet(id: loanSet.id, legalSource: loanSet.legalSource))
        ]
        let setDays = repricing.map {
            ($0.validFrom, RateAct.parameterSet(id: $0.id, legalSource: $0.legalSource))
        }
        let anchorDays = anchors.filter { $0.from > disbursedOn }
            .map { ($0.from, RateAct.anchor(from: $0.from, legalSource: $0.legalSource)) }
        // On a day both change, the set's act names the change: it is the one that says how.
        let changes = (setDays + anchorDays).sorted { a, b in
            a.0 != b.0 ? a.0 < b.0 : a.1.isParameterSet && !b.1.isParameterSet
        }
        var seen = Set<BusinessDate>()
        for (day, act) in changes {
            guard seen.insert(day).inserted else { continue }
            if case .anchor = act, case .fixed = governing(on: day).rate(for: group) { continue }
            let new = try rate(on: day)
            guard new != periods.last?.rate else { continue }
            periods.append(RatePeriod(from: day, rate: new, act: act))
        }
        return periods
    }
}

extension LoanPricing {
    /// Một văn bản định giá lại không sửa tháng đã khóa: an act that reaches existing loans from
    /// `from` (a re-pricing set, an anchor value) is refused when the month of `from` or a later
    /// one is closed (`closedMonths` as yyyy-mm). A retroactive cut goes in as a rate adjustment.
    public static func checkNotIntoClosedMonth(
        from: BusinessDate, closedMonths: Set<String>
    ) throws(LendingError) {
        let month = String(from.iso.prefix(7))
        if let closed = closedMonths.filter({ $0 >= month }).max() {
            throw .repricingIntoClosedMonth(from: from, closed: closed)
        }
    }
}

extension RateAct {
    var isParameterSet: Bool {
        if case .parameterSet = self { return true }
        return false
    }
}
