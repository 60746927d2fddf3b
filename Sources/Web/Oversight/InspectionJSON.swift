import Domain
import Store
import Vapor

struct InspectionPlanJSON: Content {
    let id: String; let province: Int; let year: Int; let body: String; let title: String
    let planned: Int; let done: Int
    init(_ p: InspectionPlanRecord) {
        id = p.id
        province = p.provinceCode
        year = p.year
        body = p.body.rawValue
        title = p.title
        planned = p.planned
        done = p.done
    }
}

struct InspectionPlanListJSON: Content { let items: [InspectionPlanJSON]; let total: Int }

struct InspectionPlanInput: Content {
    let year: Int; let body: String; let title: String; let planned: Int?; let province: Int?
}

struct GroupInspectionRecordJSON: Content {
    let groupName: String; let members: Int; let borrowers: Int; let outstanding: Int64
    let overdue: Int64; let overdueBasisPoints: Int; let interestArrears: Int64
    let depositBalance: Int64; let latestRating: String?
    init(_ r: GroupInspectionRecord) {
        groupName = r.groupName
        members = r.members
        borrowers = r.borrowers
        outstanding = r.outstanding.dong
        overdue = r.overdue.dong
        overdueBasisPoints = r.overdueBasisPoints
        interestArrears = r.interestArrears.dong
        depositBalance = r.depositBalance.dong
        latestRating = r.latestRating
    }
}

struct InspectionJSON: Content {
    let id: String; let unit: Int; let unitName: String; let plan: String?; let body: String
    let subject: String; let subjectId: String?; let subjectName: String; let date: String
    let team: String; let conclusion: String; let groupRecord: GroupInspectionRecordJSON?
    let loans: [String]
    init(_ i: InspectionRecord) {
        id = i.id
        unit = i.unitCode
        unitName = i.unitName
        plan = i.planID
        body = i.body.rawValue
        subject = i.subject.rawValue
        subjectId = i.subjectID
        subjectName = i.subjectName
        date = i.inspectedOn.iso
        team = i.team
        conclusion = i.conclusion
        groupRecord = i.groupRecord.map(GroupInspectionRecordJSON.init)
        loans = i.loanIDs
    }
}

struct InspectionListJSON: Content { let items: [InspectionJSON]; let total: Int }

struct InspectionDetailJSON: Content { let inspection: InspectionJSON; let findings: [FindingJSON] }

struct InspectionInput: Content {
    let plan: String?; let body: String; let subject: String; let unit: String
    let subjectId: String?; let loans: [String]?; let date: String?; let team: String
    let conclusion: String?

    func inspection(today: BusinessDate) throws -> NewInspection {
        guard let code = try? UnitCode(text: unit) else { throw PlacesError.invalidUnitCode(unit) }
        for id in loans ?? [] { try Validate.text(id, field: "loans", maxLength: 64) }
        try Validate.text(subjectId, field: "subjectId", maxLength: 64)
        try Validate.text(plan, field: "plan", maxLength: 64)
        return NewInspection(
            planID: plan.flatMap { $0.isEmpty ? nil : $0 },
            body: try Validate.choice(
                body, default: InspectorBody.board, field: "body",
                message: "Cơ quan kiểm tra phải là board, bank, organisation hoặc fatherland_front."
            ),
            subject: try Validate.choice(
                subject, default: InspectionSubjectKind.commune, field: "subject",
                message: "Đối tượng phải là commune, organisation, group, point hoặc loans."),
            unitCode: code.value, subjectID: subjectId, loanIDs: loans ?? [],
            inspectedOn: try Validate.date(date, default: today), team: team,
            conclusion: conclusion ?? "")
    }
}
