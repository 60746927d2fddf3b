import Domain
import Store
import Vapor

/// `GET /api/v1/indicators`: money in đồng, ratios in hundredths of a percent.
struct IndicatorLineJSON: Content {
    let key: String; let label: String; let loans: Int; let outstanding: Int64; let overdue: Int64; let frozen: Int64; let interestArrears: Int64
    let arrearsLoans: Int; let interestDue: Int64; let interestCollected: Int64; let disbursed: Int64; let principalRepaid: Int64
    let overdueBasisPoints: Int64; let frozenBasisPoints: Int64; let collectionBasisPoints: Int64

    init(_ l: IndicatorLine) {
        key = l.key; label = l.label; loans = l.loans; outstanding = l.outstanding.dong; overdue = l.overdue.dong; frozen = l.frozen.dong
        interestArrears = l.interestArrears.dong; arrearsLoans = l.arrearsLoans; interestDue = l.interestDue.dong
        interestCollected = l.interestCollected.dong; disbursed = l.disbursed.dong; principalRepaid = l.principalRepaid.dong
        overdueBasisPoints = l.overdueBasisPoints; frozenBasisPoints = l.frozenBasisPoints; collectionBasisPoints = l.collectionBasisPoints
    }
}

struct IndicatorsJSON: Content {
    struct Arrears: Content { let loan: String; let borrower: String; let unit: String; let group: String?; let outstanding: Int64; let interestArrears: Int64 }
    let month: String; let closed: Bool; let total: IndicatorLineJSON; let byProgram: [IndicatorLineJSON]; let byOrganisation: [IndicatorLineJSON]
    let byCommune: [IndicatorLineJSON]; let groups: Int; let groupsByGrade: [String: Int]; let members: Int; let membersSaving: Int; let savings: Int64
    let savingsPrevious: Int64; let fees: Int64; let arrearsLoans: [Arrears]

    init(_ m: MonthIndicators) {
        month = m.month; closed = m.closed; total = IndicatorLineJSON(m.total); byProgram = m.byProgram.map(IndicatorLineJSON.init)
        byOrganisation = m.byOrganisation.map(IndicatorLineJSON.init); byCommune = m.byCommune.map(IndicatorLineJSON.init); groups = m.groups
        groupsByGrade = m.groupsByGrade; members = m.members; membersSaving = m.membersSaving; savings = m.savings.dong
        savingsPrevious = m.savingsPrevious.dong; fees = m.fees.dong
        arrearsLoans = m.arrears.map { Arrears(loan: $0.loanID, borrower: $0.borrower, unit: $0.unitName, group: $0.groupName, outstanding: $0.outstanding.dong,
                                               interestArrears: $0.interestArrears.dong) }
    }
}
