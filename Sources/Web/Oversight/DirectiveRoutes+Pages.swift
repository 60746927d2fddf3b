import Domain
import Foundation
import Store
import Vapor

/// The overview for the People's Committee (on screen, .xlsx, CSV), the page per agency with
/// its report form, and the form that assigns a task from another document.
extension DirectiveRoutes {
    func registerPages(_ app: Application) {
        app.on(.GET, ["directives"], access: .signedIn, kind: .page) { req in
            try await Self.overviewPage(req)
        }
        app.on(.POST, ["directives", "tasks"], access: Self.assigners, kind: .page) { req in
            try await Self.assignForm(req)
        }
        app.on(.GET, ["directives", "agencies", ":agency"], access: .signedIn, kind: .page) { req in
            try await Self.agencyPage(req, id: req.parameters.get("agency") ?? "")
        }
        app.on(
            .POST, ["directives", "agencies", ":agency", "reports"], access: Self.reporters,
            kind: .page
        ) { req in
            try await Self.reportForm(req, id: req.parameters.get("agency") ?? "")
        }
    }

    struct Option: Encodable { let value: String, label: String, selected: Bool }

    struct TaskRow: Encodable {
        let id: String, item: Int, agency: String, href: String, text: String, document: String
        let recurrence: String, nextDue: String, standing: String, late: Bool
        init(_ r: DirectiveTaskRecord) {
            id = r.task.id.rawValue
            item = r.task.item
            agency = r.agency.name
            href = "/directives/agencies/\(r.agency.id.rawValue)"
            text = r.task.text
            document = r.document.citation
            recurrence = r.task.recurrence.label
            nextDue = r.nextDue?.vietnamese ?? "—"
            standing = r.standing.label
            if case .overdue = r.standing { late = true } else { late = false }
        }
    }

    static func overviewPage(
        _ req: Request, error: String? = nil, status: HTTPStatus = .ok,
        typed: [String: String] = [:]
    ) async throws -> Response {
        let viewer = try req.requireViewer()
        let q = (try? req.query.decode(DirectiveQuery.self)) ?? DirectiveQuery()
        let text = String((q.q ?? "").prefix(TextLimit.name))
        let today = req.world.today
        let tasks = try await store(req).list(
            DirectiveFilter(query: text), scope: viewer.scope, asOf: today)
        if let format = Exporter.format(q.format) {
            return try Exporter.response(
                Exporter.Table(
                    sheetName: "Nhiệm vụ theo chỉ thị",
                    headers: [
                        "Mục", "Cơ quan", "Nội dung nhiệm vụ", "Văn bản", "Kỳ báo cáo",
                        "Hạn tiếp theo", "Tình hình",
                    ],
                    rows: tasks.map { r in
                        [
                            .number(Int64(r.task.item)), .text(r.agency.name), .text(r.task.text),
                            .text(r.document.citation), .text(r.task.recurrence.label),
                            .text(r.nextDue?.vietnamese ?? ""), .text(r.standing.label),
                        ]
                    }),
                format: format, fileName: "nhiem-vu-chi-thi-\(today.iso)")
        }
        let lines = try await store(req).overview(scope: viewer.scope, asOf: today, query: text)
        struct Line: Encodable {
            let agency: String, href: String, tasks: Int, reported: Int, owed: Int, overdue: Int
            let late: Bool
        }
        struct Typed: Encodable {
            let item: String, text: String, dueOn: String, number: String, issued: String
            let issuer: String, title: String
        }
        struct Body: Encodable {
            let lines: [Line], tasks: [TaskRow], q: String, query: String, searched: Bool
            let canAssign: Bool, agencies: [Option], recurrences: [Option], typed: Typed
            let overdue: Int, today: String
        }
        func v(_ k: String, _ n: Int) -> String { String((typed[k] ?? "").prefix(n)) }
        let agencies = try await store(req).agencies(scope: viewer.scope)
        return try await req.page(
            "oversight/directives", title: "Nhiệm vụ theo chỉ thị",
            crumbs: [Crumb(label: "Nhiệm vụ theo chỉ thị", href: "/directives")],
            status: status, error: error,
            Body(
                lines: lines.map { l in
                    Line(
                        agency: l.agency.name, href: "/directives/agencies/\(l.agency.id.rawValue)",
                        tasks: l.tasks, reported: l.reported, owed: l.owed, overdue: l.overdue,
                        late: l.overdue > 0)
                },
                tasks: tasks.map(TaskRow.init), q: text,
                query: text.isEmpty
                    ? ""
                    : "&q="
                        + (text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""),
                searched: !text.isEmpty, canAssign: assigners.allows(viewer.role),
                agencies: agencies.map {
                    Option(
                        value: $0.id.rawValue, label: $0.name,
                        selected: $0.id.rawValue == typed["agency"])
                },
                recurrences: [
                    ("yearly", "Hằng năm"), ("quarterly", "Hằng quý"), ("once", "Một lần"),
                ]
                .map { Option(value: $0.0, label: $0.1, selected: $0.0 == typed["recurrence"]) },
                typed: Typed(
                    item: v("item", 3), text: v("text", 2_000), dueOn: v("dueOn", 10),
                    number: v("number", 100), issued: v("issued", 10), issuer: v("issuer", 200),
                    title: v("title", 500)),
                overdue: lines.reduce(0) { $0 + $1.overdue }, today: today.iso))
    }

    static func assignForm(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let f = (try? req.content.decode([String: String].self)) ?? [:]
        do {
            let item = Int((f["item"] ?? "").trimmingCharacters(in: .whitespaces))
            guard let item else {
                throw PlatformError.invalidInput(field: "item", message: "Số mục phải là số.")
            }
            let input = DirectiveTaskInput(
                province: nil, agency: f["agency"] ?? "", documentId: nil,
                document: DirectiveDocumentInput(
                    number: f["number"] ?? "", issued: f["issued"] ?? "", issuer: f["issuer"] ?? "",
                    title: f["title"] ?? ""),
                item: item, text: f["text"] ?? "", recurrence: f["recurrence"] ?? "",
                dueOn: f["dueOn"], assignedOn: nil)
            let record = try await store(req).addTask(
                try task(input), actor: viewer.actor, scope: viewer.scope)
            return Flash.redirect(
                req, to: "/directives/agencies/\(record.agency.id.rawValue)",
                success: "Đã giao nhiệm vụ mục \(record.task.item) cho \(record.agency.name).")
        } catch let error as any DomainError where error.kind != .forbidden {
            return try await overviewPage(
                req, error: error.message, status: ErrorResponder.status(of: error.kind), typed: f)
        }
    }

    static func agencyPage(
        _ req: Request, id: String, error: String? = nil, status: HTTPStatus = .ok,
        typed: [String: String] = [:]
    ) async throws -> Response {
        let viewer = try req.requireViewer()
        try Validate.text(id, field: "agency", maxLength: TextLimit.code)
        let today = req.world.today
        let view = try await store(req).agency(id, scope: viewer.scope, asOf: today)
        let items = Dictionary(
            view.tasks.map { ($0.task.id, $0.task.item) }, uniquingKeysWith: { a, _ in a })
        struct ReportRow: Encodable {
            let item: Int, period: String, status: String, text: String, reportedOn: String
            let reportedBy: String
        }
        struct Typed: Encodable { let period: String, text: String, reportedOn: String }
        struct Body: Encodable {
            let agency: String, action: String, tasks: [TaskRow], reports: [ReportRow]
            let canReport: Bool, taskOptions: [Option], statuses: [Option], typed: Typed
            let today: String
        }
        let first = view.tasks.first
        return try await req.page(
            "oversight/directive-agency", title: view.agency.name,
            crumbs: [
                Crumb(label: "Nhiệm vụ theo chỉ thị", href: "/directives"),
                Crumb(
                    label: view.agency.name, href: "/directives/agencies/\(view.agency.id.rawValue)"
                ),
            ],
            status: status, error: error,
            Body(
                agency: view.agency.name,
                action: "/directives/agencies/\(view.agency.id.rawValue)/reports",
                tasks: view.tasks.map(TaskRow.init),
                reports: view.reports.map { r in
                    ReportRow(
                        item: items[r.taskID] ?? 0, period: r.period.vietnamese,
                        status: r.status.label, text: r.text, reportedOn: r.reportedOn.vietnamese,
                        reportedBy: r.reportedBy)
                },
                canReport: reporters.allows(viewer.role)
                    && Agency.speaks(viewer.role, for: view.agency) && !view.tasks.isEmpty,
                taskOptions: view.tasks.map {
                    Option(
                        value: $0.task.id.rawValue,
                        label: "Mục \($0.task.item) (\($0.standing.period.label))",
                        selected: $0.task.id.rawValue == typed["task"])
                },
                statuses: ProgressReport.Status.allCases.map {
                    Option(
                        value: $0.rawValue, label: $0.label,
                        selected: $0.rawValue == typed["status"])
                },
                typed: Typed(
                    period: String(
                        (typed["period"] ?? first?.standing.period.label ?? "").prefix(10)),
                    text: String((typed["text"] ?? "").prefix(4_000)),
                    reportedOn: String((typed["reportedOn"] ?? today.iso).prefix(10))),
                today: today.iso))
    }

    static func reportForm(_ req: Request, id: String) async throws -> Response {
        let viewer = try req.requireViewer()
        let f = (try? req.content.decode([String: String].self)) ?? [:]
        do {
            try Validate.text(id, field: "agency", maxLength: TextLimit.code)
            let taskID = f["task"] ?? ""
            let view = try await store(req).agency(id, scope: viewer.scope, asOf: req.world.today)
            // The task must be one of this page's agency, whatever the form was made to say.
            guard !taskID.isEmpty else {
                throw PlatformError.invalidInput(field: "task", message: "Chọn nhiệm vụ báo cáo.")
            }
            guard view.tasks.contains(where: { $0.task.id.rawValue == taskID }) else {
                throw OversightError.invalid(
                    field: "task",
                    why: "nhiệm vụ «\(taskID.prefix(40))» không phải của \(view.agency.name)")
            }
            let input = ProgressReportInput(
                period: f["period"] ?? "", status: f["status"] ?? "", text: f["text"] ?? "",
                reportedOn: f["reportedOn"])
            let report = try await store(req).addReport(
                taskID: taskID, try Self.report(input, today: req.world.today),
                actor: viewer.actor, role: viewer.role, scope: viewer.scope)
            return Flash.redirect(
                req, to: "/directives/agencies/\(view.agency.id.rawValue)",
                success: "Đã ghi báo cáo kỳ \(report.period.vietnamese).")
        } catch let error as any DomainError
            where error.kind != .forbidden && error.kind != .notFound
        {
            return try await agencyPage(
                req, id: id, error: error.message, status: ErrorResponder.status(of: error.kind),
                typed: f)
        }
    }
}
