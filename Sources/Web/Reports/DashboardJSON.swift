import Domain
import Store
import Vapor

/// `GET /api/v1/dashboard` (fixed contract: povertyRate, nearPovertyRate, localCapitalShare,
/// outstanding, overdue, overdueRatio, borrowers, groups, targets), rates as fractions, with
/// the month the figures come from and the breakdowns behind them.
struct DashboardJSON: Content {
    struct Targets: Content { let povertyRate2030: Double, localCapitalShare2030: Double }
    struct Line: Content {
        let key: String, label: String, loans: Int, outstanding: Int64, overdue: Int64
        let frozen: Int64
        init(_ l: IndicatorLine) {
            key = l.key
            label = l.label
            loans = l.loans
            outstanding = l.outstanding.dong
            overdue = l.overdue.dong
            frozen = l.frozen.dong
        }
    }
    let province: Int, date: String, month: String?
    let povertyRate: Double, nearPovertyRate: Double, reviewCoverage: Double, households: Int
    let localCapitalShare: Double, outstanding: Int64, overdue: Int64, overdueRatio: Double
    let frozen: Int64, borrowers: Int, groups: Int, housingDemand: Int64, housingCapital: Int64
    let sittingsHeld: Int, sittingsScheduled: Int
    let targets: Targets
    let byProgram: [Line], byOrganisation: [Line], byCommune: [Line], byOffice: [Line]
    /// The rates on 1 January of the date's year and the two before it.
    let trend: [Year]

    struct Year: Content {
        let year: Int, povertyRate: Double, nearPovertyRate: Double, households: Int
        let reviewed: Int
    }
    /// The open month to the business date, kept by the writes; null for an earlier date.
    let current: Current?
    let oversight: Oversight

    /// Kiểm tra, giám sát: findings owed and late, black credit by commune, models published,
    /// the year's contributions (đồng), directive tasks overdue.
    struct Oversight: Content {
        struct Commune: Content {
            let unit: String, name: String, pending: Int, overdue: Int, blackCredit: Int
        }
        let pendingFindings: Int, overdueFindings: Int, blackCreditCases: Int
        let byCommune: [Commune], publishedModels: Int, contributions: Int64
        let contributionCount: Int, overdueDirectiveTasks: Int
        init(_ o: OversightFigures) {
            pendingFindings = o.pendingFindings
            overdueFindings = o.overdueFindings
            blackCreditCases = o.blackCreditCases
            byCommune = o.byCommune.map {
                Commune(
                    unit: DashboardRoutes.communeCode($0.unitID), name: $0.unitName,
                    pending: $0.pending, overdue: $0.overdue, blackCredit: $0.blackCredit)
            }
            publishedModels = o.publishedModels
            contributions = o.contributions.amount.dong
            contributionCount = o.contributions.count
            overdueDirectiveTasks = o.overdueDirectiveTasks
        }
    }

    struct Current: Content {
        struct Line: Content {
            let key: String, label: String, loans: Int, outstanding: Int64, disbursed: Int64
            let principalRepaid: Int64, interestCollected: Int64
            init(_ l: CurrentMonth.Line) {
                key = l.key
                label = l.label
                loans = l.loans
                outstanding = l.outstanding.dong
                disbursed = l.disbursed.dong
                principalRepaid = l.principalRepaid.dong
                interestCollected = l.interestCollected.dong
            }
        }
        let month: String, total: Line, byProgram: [Line], byOrganisation: [Line]
        init(_ c: CurrentMonth) {
            month = c.month
            total = Line(c.total)
            byProgram = c.byProgram.map(Line.init)
            byOrganisation = c.byOrganisation.map(Line.init)
        }
    }

    init(_ d: ProvinceDashboard) {
        province = d.provinceCode
        date = d.date.iso
        month = d.month
        povertyRate = d.poverty.poorFraction
        nearPovertyRate = d.poverty.nearPoorFraction
        reviewCoverage = d.poverty.reviewedFraction
        households = d.poverty.households
        localCapitalShare = d.capital.fraction
        outstanding = d.outstanding.dong
        overdue = d.overdue.dong
        overdueRatio = Double(d.overduePerMillion) / 1_000_000
        frozen = d.frozen.dong
        borrowers = d.borrowers
        sittingsHeld = d.sittingsHeld
        sittingsScheduled = d.sittingsScheduled
        groups = d.indicators?.groups ?? 0
        housingDemand = d.housingDemand.dong
        housingCapital = d.housingCapital.dong
        targets = Targets(
            povertyRate2030: 0, localCapitalShare2030: Double(d.capitalTargetBasisPoints) / 10_000)
        byProgram = (d.indicators?.byProgram ?? []).map(Line.init)
        byOrganisation = (d.indicators?.byOrganisation ?? []).map(Line.init)
        byCommune = (d.indicators?.byCommune ?? []).map(Line.init)
        current = d.current.map(Current.init)
        oversight = Oversight(d.oversight)
        byOffice = d.byOffice.map(Line.init)
        trend = d.trend.map {
            Year(
                year: $0.year, povertyRate: $0.rate.poorFraction,
                nearPovertyRate: $0.rate.nearPoorFraction, households: $0.rate.households,
                reviewed: $0.rate.reviewed)
        }
    }
}
