import Domain
import Store
import Vapor

/// `parameterSet` of `GET /api/v1/loans/{id}`: the set the loan was disbursed under.
struct ParameterSetRefJSON: Content {
    let id: String
    let program: String
    let validFrom: String
    let legalSource: String

    init(_ set: ProgramParameters) {
        id = set.id
        program = set.programCode
        validFrom = set.validFrom.iso
        legalSource = set.legalSource
    }
}

/// One period of `rateHistory`: the rate from a day (to the day before the next period), and
/// the act that set it.
struct RatePeriodJSON: Content {
    struct Act: Content {
        /// `parameter_set` or `anchor`.
        let kind: String
        /// The set's id for `parameter_set`; null for an anchor change.
        let parameterSet: String?
        let legalSource: String
    }

    let from: String
    let to: String?
    let ratePerMonth: String
    let act: Act

    static func history(_ rates: [RatePeriod]) -> [RatePeriodJSON] {
        let sorted = rates.sorted { $0.from < $1.from }
        return sorted.enumerated().map { n, period in
            let next = n + 1 < sorted.count ? sorted[n + 1].from.adding(days: -1).iso : nil
            let act: Act =
                switch period.act {
                case .parameterSet(let id, let source):
                    Act(kind: "parameter_set", parameterSet: id, legalSource: source)
                case .anchor(_, let source):
                    Act(kind: "anchor", parameterSet: nil, legalSource: source)
                case nil: Act(kind: "parameter_set", parameterSet: nil, legalSource: "")
                }
            return RatePeriodJSON(
                from: period.from.iso, to: next, ratePerMonth: period.rate.fractionString, act: act)
        }
    }
}
