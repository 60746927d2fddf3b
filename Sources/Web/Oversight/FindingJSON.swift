import Domain
import Store
import Vapor

struct FindingSubjectJSON: Content {
    let kind: String; let id: String
    init(_ s: FindingSubject) {
        kind = s.kind.rawValue
        id = s.id
    }
}

/// A finding as `GET /api/v1/findings` gives it (issue 17's contract: id, source, status,
/// dueOn, responsible, subjects) with the rest of the record.
struct FindingJSON: Content {
    let id: String; let source: String; let status: String; let dueOn: String?
    let responsible: String; let subjects: [FindingSubjectJSON]; let category: String
    let priority: String; let description: String; let requiredAction: String; let unit: Int
    let unitName: String; let foundOn: String; let closedOn: String?; let overdue: Bool
    let inspectionId: String?

    init(_ f: FindingRecord, today: BusinessDate) {
        id = f.id
        source = f.source.rawValue
        status = f.status.rawValue
        dueOn = f.dueOn?.iso
        responsible = f.responsible
        subjects = f.subjects.map(FindingSubjectJSON.init)
        category = f.category.rawValue
        priority = f.priority.rawValue
        description = f.description
        requiredAction = f.requiredAction
        unit = f.unitCode
        unitName = f.unitName
        foundOn = f.foundOn.iso
        closedOn = f.closedOn?.iso
        overdue = f.isOverdue(on: today)
        inspectionId = f.inspectionID
    }
}

struct FindingListJSON: Content { let items: [FindingJSON]; let total: Int }

struct FindingStepJSON: Content {
    let from: String; let to: String; let date: String; let note: String; let by: String
    init(_ s: FindingStepRecord) {
        from = s.step.from.rawValue
        to = s.step.to.rawValue
        date = s.step.on.iso
        note = s.step.note
        by = s.by
    }
}

struct BlackCreditJSON: Content {
    let raisedAt: String; let point: String?; let lender: String; let households: Int
    let policeReferredOn: String?; let policeReference: String; let reporterName: String?
    let reporterContact: String?; let handler: String
    init(_ b: BlackCreditRecord) {
        raisedAt = b.raisedAt.rawValue
        point = b.pointID
        lender = b.lender
        households = b.households
        policeReferredOn = b.policeReferredOn?.iso
        policeReference = b.policeReference
        reporterName = b.reporterName
        reporterContact = b.reporterContact
        handler = b.handler
    }
}

struct FindingDetailJSON: Content {
    let finding: FindingJSON; let steps: [FindingStepJSON]; let blackCredit: BlackCreditJSON?
    init(_ d: FindingDetail, today: BusinessDate) {
        finding = FindingJSON(d.finding, today: today)
        steps = d.steps.map(FindingStepJSON.init)
        blackCredit = d.blackCredit.map(BlackCreditJSON.init)
    }
}

struct FindingStepInput: Content { let to: String; let date: String?; let note: String? }

/// A finding as an inspector sends it: the loans and groups it concerns by id.
struct FindingInput: Content {
    let category: String; let description: String; let action: String?; let responsible: String
    let dueOn: String?; let priority: String?; let loans: [String]?; let groups: [String]?
    let date: String?

    func finding() throws -> NewFinding {
        guard let category = FindingCategory(rawValue: category) else {
            throw PlatformError.invalidInput(
                field: "category", message: "Loại phát hiện không hợp lệ.")
        }
        let due = try dueOn.flatMap { $0.isEmpty ? nil : $0 }.map { try Validate.date($0) }
        let subjects =
            (loans ?? []).map { FindingSubject(kind: .loan, id: $0) }
            + (groups ?? []).map { FindingSubject(kind: .group, id: $0) }
        for s in subjects { try Validate.text(s.id, field: "subjects", maxLength: 64) }
        return NewFinding(
            category: category, description: description, requiredAction: action ?? "",
            responsible: responsible, dueOn: due,
            priority: try Validate.choice(
                priority, default: CasePriority.normal, field: "priority",
                message: "Mức ưu tiên phải là low, normal, high hoặc urgent."),
            subjects: subjects)
    }
}

struct BlackCreditInput: Content {
    let unit: String; let raisedAt: String; let point: String?; let lender: String?
    let description: String; let households: Int?; let date: String?; let reporterName: String?
    let reporterContact: String?; let handler: String?; let priority: String?

    func report(today: BusinessDate) throws -> NewBlackCreditReport {
        guard let code = try? UnitCode(text: unit) else { throw PlacesError.invalidUnitCode(unit) }
        return NewBlackCreditReport(
            unitCode: code.value,
            raisedAt: try Validate.choice(
                raisedAt, default: BlackCreditRaisedAt.commune, field: "raisedAt",
                message: "Nơi tiếp nhận phải là transaction_point, organisation, commune hoặc bank."
            ),
            pointID: point, lender: lender ?? "", description: description,
            households: households ?? 0, reportedOn: try Validate.date(date, default: today),
            reporterName: reporterName ?? "", reporterContact: reporterContact ?? "",
            handler: handler ?? "",
            priority: try Validate.choice(
                priority, default: CasePriority.normal, field: "priority",
                message: "Mức ưu tiên phải là low, normal, high hoặc urgent."))
    }
}

struct ReferralInput: Content { let date: String?; let reference: String }
