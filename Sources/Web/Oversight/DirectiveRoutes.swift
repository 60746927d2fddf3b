import Domain
import Store
import Vapor

/// Nhiệm vụ theo chỉ thị: the overview for the People's Committee (`/directives`), a page per
/// agency (`/directives/agencies/:agency`) with its progress-report form, a form to assign a
/// task from another document, and the same as JSON under `/api/v1/directive-tasks` and
/// `/api/v1/directive-agencies/:agency`. Every signed-in role reads (the tasks are the
/// province's own instructions, narrowed to the provinces of the scope); each agency's officers
/// report for it (`Agency.speaks`); administrators and the province assign.
struct DirectiveRoutes {
    /// Who may send a progress report; which agency each speaks for is checked by the store.
    static let reporters = Access.roles([
        .admin, .province, .bank, .commune, .union, .inspector, .finance, .construction,
    ])
    /// Who assigns tasks from a document.
    static let assigners = Access.roles([.admin, .province])

    static func store(_ req: Request) -> DirectiveStore {
        DirectiveStore(database: req.db, world: req.world)
    }

    struct DirectiveQuery: Content {
        var agency: String?
        var status: String?
        var q: String?
        var format: String?
    }

    static func filter(_ q: DirectiveQuery) throws -> DirectiveFilter {
        try Validate.text(q.agency, field: "agency", maxLength: TextLimit.code)
        try Validate.text(q.q, field: "q", maxLength: TextLimit.name)
        if let status = q.status, !status.isEmpty, !TaskStanding.kinds.contains(status) {
            throw PlatformError.invalidInput(
                field: "status", message: "Tình hình phải là owed, reported hoặc overdue.")
        }
        return DirectiveFilter(agencyID: q.agency, standing: q.status, query: q.q)
    }

    /// A task as the API or the form gives it, checked at the edge (lengths and forms: 400).
    static func task(_ b: DirectiveTaskInput) throws -> NewDirectiveTask {
        try Validate.text(b.agency, field: "agency", maxLength: TextLimit.code)
        try Validate.text(b.documentId, field: "documentId", maxLength: TextLimit.code)
        try Validate.text(b.text, field: "text", maxLength: 2_000)
        _ = try Validate.integer(b.item, field: "item", in: 1...999)
        if let p = b.province { _ = try Validate.integer(p, field: "province", in: 1...99) }
        var document: NewSourceDocument?
        if let d = b.document {
            try Validate.text(d.number, field: "document.number", maxLength: 100)
            try Validate.text(d.issuer, field: "document.issuer", maxLength: TextLimit.name)
            try Validate.text(d.title, field: "document.title", maxLength: 500)
            try Validate.text(d.issued, field: "document.issued", maxLength: 10)
            document = NewSourceDocument(
                number: d.number, issued: try DocumentDate(text: d.issued), issuer: d.issuer,
                title: d.title)
        }
        let due = try b.dueOn.flatMap { $0.isEmpty ? nil : $0 }.map { try Validate.date($0) }
        let assigned = try b.assignedOn.flatMap { $0.isEmpty ? nil : $0 }.map {
            try Validate.date($0)
        }
        return NewDirectiveTask(
            provinceCode: b.province, agencyID: b.agency, documentID: b.documentId,
            document: document, item: b.item, text: b.text,
            recurrence: try TaskRecurrence(kind: b.recurrence, dueOn: due), assignedOn: assigned)
    }

    /// A report as the API or the form gives it.
    static func report(_ b: ProgressReportInput, today: BusinessDate) throws -> NewProgressReport {
        try Validate.text(b.text, field: "text", maxLength: 4_000)
        // Well-formed but not a period this product reads (a year outside 1900–2100, 31
        // February): a refusal of the rule, as the document says, not a malformed request.
        guard let period = try? ReportingPeriod(label: b.period) else {
            throw OversightError.invalid(
                field: "period",
                why: "kỳ báo cáo có dạng 2026-Q4 (quý), 2026 (năm) hoặc ngày hạn yyyy-mm-dd,"
                    + " năm 1900–2100")
        }
        guard let status = ProgressReport.Status(rawValue: b.status) else {
            throw PlatformError.invalidInput(
                field: "status",
                message: "Tình trạng phải là not_started, on_track, late hoặc done.")
        }
        return NewProgressReport(
            period: period, status: status, text: b.text,
            reportedOn: try Validate.date(b.reportedOn, default: today))
    }

    func register(_ app: Application) {
        app.on(.GET, ["api", "v1", "directive-tasks"], access: .signedIn, kind: .api) {
            req -> DirectiveTaskListJSON in
            let filter = try Self.filter(try req.query.decode(DirectiveQuery.self))
            let items = try await Self.store(req).list(
                filter, scope: try req.requireViewer().scope, asOf: req.world.today)
            return DirectiveTaskListJSON(
                items: items.map(DirectiveTaskJSON.init), total: items.count)
        }
        app.on(.POST, ["api", "v1", "directive-tasks"], access: Self.assigners, kind: .api) {
            req -> Response in
            let viewer = try req.requireViewer()
            let n = try Self.task(try req.content.decode(DirectiveTaskInput.self))
            let record = try await Self.store(req).addTask(
                n, actor: viewer.actor, scope: viewer.scope)
            return try await DirectiveTaskJSON(record).encodeResponse(status: .created, for: req)
        }
        app.on(
            .POST, ["api", "v1", "directive-tasks", ":id", "reports"], access: Self.reporters,
            kind: .api
        ) { req -> Response in
            let viewer = try req.requireViewer()
            let id = req.parameters.get("id") ?? ""
            try Validate.text(id, field: "id", maxLength: TextLimit.code)
            let n = try Self.report(
                try req.content.decode(ProgressReportInput.self), today: req.world.today)
            let report = try await Self.store(req).addReport(
                taskID: id, n, actor: viewer.actor, role: viewer.role, scope: viewer.scope)
            return try await ProgressReportJSON(report).encodeResponse(status: .created, for: req)
        }
        app.on(.GET, ["api", "v1", "directive-agencies", ":agency"], access: .signedIn, kind: .api)
        {
            req -> DirectiveAgencyJSON in
            let id = req.parameters.get("agency") ?? ""
            try Validate.text(id, field: "agency", maxLength: TextLimit.code)
            return DirectiveAgencyJSON(
                try await Self.store(req).agency(
                    id, scope: try req.requireViewer().scope, asOf: req.world.today))
        }
        registerPages(app)
    }
}
