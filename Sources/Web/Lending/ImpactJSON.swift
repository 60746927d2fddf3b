import Domain
import Store
import Vapor

/// Kết quả vốn vay as the API takes and gives it.
struct ImpactJSON: Content {
    let jobs: Int?; let students: Int?; let waterWorks: Int?; let sanitationWorks: Int?
    let houses: Int?

    init(_ i: LoanImpact) {
        jobs = i.jobs
        students = i.students
        waterWorks = i.waterWorks
        sanitationWorks = i.sanitationWorks
        houses = i.houses
    }

    /// Absent counts are zero; the bounds are Domain's (`LoanImpact.check`).
    var impact: LoanImpact {
        LoanImpact(
            jobs: jobs ?? 0, students: students ?? 0, waterWorks: waterWorks ?? 0,
            sanitationWorks: sanitationWorks ?? 0, houses: houses ?? 0)
    }
}

/// `{"date", "result", "notes"}` (issue 17's contract); `usedAsIntended` and `note`, the first
/// form of this body, are still read.
struct UseCheckInput: Content {
    let date: String?; let result: String?; let usedAsIntended: Bool?; let impact: ImpactJSON?
    let note: String?; let notes: String?
}

struct UseCheckJSON: Content {
    let id: String; let loan: String; let kind: String; let date: String; let usedAsIntended: Bool
    let result: String; let impact: ImpactJSON; let note: String; let notes: String
    let checkedBy: String; let findingId: String?

    init(_ r: LoanUseCheckRecord) {
        id = r.id
        loan = r.loanID
        kind = r.check.kind.rawValue
        date = r.check.checkedOn.iso
        usedAsIntended = r.check.usedAsIntended
        result = r.check.result.rawValue
        impact = ImpactJSON(r.check.impact)
        note = r.check.note
        notes = r.check.note
        checkedBy = r.checkedBy
        findingId = r.findingID
    }
}

struct UseCheckListJSON: Content { let items: [UseCheckJSON]; let total: Int }

struct ImpactLineJSON: Content {
    let program: String; let label: String; let loans: Int; let impact: ImpactJSON
    let checked: Int; let misused: Int; let exitedPoverty: Int

    init(_ l: ImpactLine) {
        program = l.key
        label = l.label
        loans = l.loans
        impact = ImpactJSON(l.impact)
        checked = l.checked
        misused = l.misused
        exitedPoverty = l.exitedPoverty
    }
}

struct ImpactReportJSON: Content {
    let asOf: String; let lines: [ImpactLineJSON]; let total: ImpactLineJSON
}
