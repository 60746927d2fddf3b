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

/// One period of `rateHistory`: the rate from a day (to the day before the next period), the
/// act that set it, and the rate adjustment covering it, if any.
struct RatePeriodJSON: Content {
    struct Act: Content {
        /// `parameter_set`, `anchor` or `rate_adjustment`.
        let kind: String
        /// The set's id for `parameter_set`; null otherwise.
        let parameterSet: String?
        let legalSource: String
    }

    /// The adjustment covering the period: its id, its change and its act.
    struct Adjustment: Content {
        let id: String
        /// `points_per_year` or `factor_percent`.
        let kind: String
        /// For `points_per_year`: the change as a fraction per year ("-0.02"); else null.
        let pointsPerYear: String?
        /// For `factor_percent`: the percent of the rate; else null.
        let factorPercent: Int64?
        let legalSource: String
    }

    let from: String
    let to: String?
    /// The rate the act set, before any adjustment (fraction per month).
    let ratePerMonth: String
    /// The rate the period runs at, exact, as a fraction per year.
    let ratePerYear: String
    let act: Act
    let adjustment: Adjustment?

    static func history(_ periods: [PricedPeriod]) -> [RatePeriodJSON] {
        periods.enumerated().map { n, period in
            let next = n + 1 < periods.count ? periods[n + 1].from.adding(days: -1).iso : nil
            let adjustment = period.adjustments.first
            let startsHere = adjustment.map { n == 0 || !periods[n - 1].adjustments.contains($0) }
            let act: Act =
                switch (period.act, adjustment, startsHere) {
                case (_, let a?, true?):
                    Act(kind: "rate_adjustment", parameterSet: nil, legalSource: a.legalSource)
                case (.parameterSet(let id, let source)?, _, _):
                    Act(kind: "parameter_set", parameterSet: id, legalSource: source)
                case (.anchor(_, let source)?, _, _):
                    Act(kind: "anchor", parameterSet: nil, legalSource: source)
                default: Act(kind: "parameter_set", parameterSet: nil, legalSource: "")
                }
            return RatePeriodJSON(
                from: period.from.iso, to: next, ratePerMonth: period.base.fractionString,
                ratePerYear: period.fractionPerYear, act: act,
                adjustment: adjustment.map(Adjustment.init))
        }
    }
}

extension RatePeriodJSON.Adjustment {
    init(_ a: RateAdjustment) {
        id = a.id
        legalSource = a.legalSource
        switch a.change {
        case .pointsPerYear:
            (kind, pointsPerYear, factorPercent) = (
                "points_per_year", a.change.fractionPerYear, nil
            )
        case .factorPercent(let percent):
            (kind, pointsPerYear, factorPercent) = ("factor_percent", nil, percent)
        }
    }
}

/// `oldBook` of `GET /api/v1/loans/{id}`: what the old book said of a loan brought in from it.
struct OldBookJSON: Content {
    struct TrancheJSON: Content {
        let date: String
        let amount: Int64
    }
    let reference: String
    let disbursed: Int64
    let tranches: [TrancheJSON]
    let interestPaidTo: String
    let unpaidInterest: Int64
    let importId: String

    init(_ r: OldBookRecord) {
        reference = r.reference
        disbursed = r.disbursed.dong
        tranches = r.tranches.map { TrancheJSON(date: $0.on.iso, amount: $0.amount.dong) }
        interestPaidTo = r.interestPaidTo.iso
        unpaidInterest = r.unpaidInterest.dong
        importId = r.importID
    }
}
