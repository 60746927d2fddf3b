import Domain
import Store
import Vapor

struct DirectiveDocumentInput: Content {
    let number: String
    let issued: String
    let issuer: String
    let title: String
}

/// `POST /api/v1/directive-tasks`: a stored document by `documentId`, or a new `document`.
struct DirectiveTaskInput: Content {
    let province: Int?
    let agency: String
    let documentId: String?
    let document: DirectiveDocumentInput?
    let item: Int
    let text: String
    let recurrence: String
    let dueOn: String?
    let assignedOn: String?
}

/// `POST /api/v1/directive-tasks/:id/reports`.
struct ProgressReportInput: Content {
    let period: String
    let status: String
    let text: String
    let reportedOn: String?
}

struct DirectiveDocumentJSON: Content {
    let id: String, number: String, issued: String, issuer: String, title: String
    init(_ d: SourceDocument) {
        id = d.id.rawValue
        number = d.number
        issued = d.issued.text
        issuer = d.issuer
        title = d.title
    }
}

struct DirectiveStandingJSON: Content {
    let status: String, period: String, dueOn: String?, reportedOn: String?, label: String
    init(_ s: TaskStanding) {
        status = s.kind
        period = s.period.label
        label = s.label
        switch s {
        case .owed(_, let due), .overdue(_, let due):
            dueOn = due.iso
            reportedOn = nil
        case .reported(_, let on):
            dueOn = nil
            reportedOn = on.iso
        }
    }
}

struct DirectiveTaskJSON: Content {
    let id: String, province: Int, agency: String, agencyName: String, item: Int
    let document: DirectiveDocumentJSON, text: String, recurrence: String, dueOn: String?
    let assignedOn: String, nextDue: String?, standing: DirectiveStandingJSON
    init(_ r: DirectiveTaskRecord) {
        id = r.task.id.rawValue
        province = r.task.provinceCode
        agency = r.agency.id.rawValue
        agencyName = r.agency.name
        item = r.task.item
        document = DirectiveDocumentJSON(r.document)
        text = r.task.text
        recurrence = r.task.recurrence.kind
        dueOn = r.task.recurrence.dueOn?.iso
        assignedOn = r.task.assignedOn.iso
        nextDue = r.nextDue?.iso
        standing = DirectiveStandingJSON(r.standing)
    }
}

struct DirectiveTaskListJSON: Content { let items: [DirectiveTaskJSON]; let total: Int }

struct ProgressReportJSON: Content {
    let id: String, task: String, period: String, status: String, text: String
    let reportedOn: String, reportedBy: String
    init(_ r: ProgressReport) {
        id = r.id.rawValue
        task = r.taskID.rawValue
        period = r.period.label
        status = r.status.rawValue
        text = r.text
        reportedOn = r.reportedOn.iso
        reportedBy = r.reportedBy
    }
}

struct DirectiveAgencyJSON: Content {
    struct AgencyJSON: Content { let id: String, name: String, kind: String }
    let agency: AgencyJSON, tasks: [DirectiveTaskJSON], reports: [ProgressReportJSON]
    init(_ v: DirectiveAgencyView) {
        agency = AgencyJSON(
            id: v.agency.id.rawValue, name: v.agency.name, kind: v.agency.kind.rawValue)
        tasks = v.tasks.map(DirectiveTaskJSON.init)
        reports = v.reports.map(ProgressReportJSON.init)
    }
}
