/// A value of the poor-household anchor rate from a date (reference data `anchor_rate`).
public struct AnchorRate: Sendable, Hashable {
    public var from: BusinessDate
    public var rate: Rate
    public init(from: BusinessDate, rate: Rate) {
        self.from = from
        self.rate = rate
    }
}

/// Which rate a loan pays on each day: the program's rate on the disbursement date, then each later
/// change that the parameter set in force says re-prices existing loans (a new set of the program,
/// or a change of the anchor for a program priced as a factor of it). Old days keep the old rate.
public enum LoanPricing {
    public static func periods(programCode: String, disbursedOn: BusinessDate, sets: [ProgramParameters], anchors: [AnchorRate]) -> [RatePeriod] {
        func rate(on date: BusinessDate) -> (Rate, ProgramParameters)? {
            guard let set = ProgramParameters.inForce(programCode, on: date, among: sets) else { return nil }
            let anchor = anchors.filter { $0.from <= date }.max { $0.from < $1.from }?.rate ?? Rate(billionthsPerMonth: 0)
            return (set.rate.resolve(anchor: anchor), set)
        }
        guard let (first, _) = rate(on: disbursedOn) else { return [] }
        var periods = [RatePeriod(from: disbursedOn, rate: first)]
        let changes = Set(sets.filter { $0.programCode == programCode }.map(\.validFrom) + anchors.map(\.from)).filter { $0 > disbursedOn }.sorted()
        for day in changes {
            guard let (new, set) = rate(on: day), set.repricing == .existingLoans, new != periods.last?.rate else { continue }
            periods.append(RatePeriod(from: day, rate: new))
        }
        return periods
    }
}
