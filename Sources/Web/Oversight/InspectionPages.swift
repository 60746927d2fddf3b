import Domain
import Store
import Vapor

/// The plans and inspections page with both forms, and an inspection's record with its
/// findings and the form for one more.
extension InspectionRoutes {
    func registerPages(_ app: Application) {
        app.on(.GET, ["inspections"], access: .signedIn, kind: .page) { req in
            try await Self.listPage(req)
        }
        app.on(.POST, ["inspections"], access: Self.inspectors, kind: .page) { req in
            try await Self.inspectionForm(req)
        }
        app.on(.POST, ["inspection-plans"], access: Self.inspectors, kind: .page) { req in
            try await Self.planForm(req)
        }
        app.on(.GET, ["inspections", ":id"], access: .signedIn, kind: .page) { req in
            try await Self.detailPage(req)
        }
        app.on(.POST, ["inspections", ":id", "findings"], access: Self.inspectors, kind: .page) {
            req in try await Self.findingForm(req)
        }
    }

    struct Option: Encodable { let value: String, label: String }

    static func options<T: RawRepresentable & CaseIterable>(
        _ t: T.Type, _ label: (T) -> String
    ) -> [Option] where T.RawValue == String {
        T.allCases.map { Option(value: $0.rawValue, label: label($0)) }
    }

    static func listPage(
        _ req: Request, error: String? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        let viewer = try req.requireViewer()
        let q = (try? req.query.decode(ListQuery.self)) ?? ListQuery()
        let year = (try? Self.year(q.year)) ?? nil
        let export = Exporter.format(q.format)
        let paging = export != nil ? Paging(limit: Paging.maxLimit) : q.paging
        let page = try await store(req).list(
            unitIDs: try await UnitFilter.communeUnits(q.unit, req: req), year: year,
            text: q.q.map { String($0.prefix(100)) }, scope: viewer.scope, paging: paging)
        struct Row: Encodable {
            let id: String, date: String, unit: String, body: String, subject: String
            let team: String
        }
        let rows = page.items.map {
            Row(
                id: $0.id, date: $0.inspectedOn.vietnamese, unit: $0.unitName, body: $0.body.label,
                subject: "\($0.subject.label): \($0.subjectName)", team: $0.team)
        }
        if let export {
            return try Exporter.response(
                Exporter.Table(
                    sheetName: "Kiểm tra",
                    headers: ["Mã", "Ngày", "Xã", "Cơ quan", "Đối tượng", "Đoàn"],
                    rows: rows.map { r in
                        [r.id, r.date, r.unit, r.body, r.subject, r.team].map { .text($0) }
                    }),
                format: export, fileName: "kiem-tra-\(req.world.today.iso)")
        }
        let plans = try await store(req).plans(year: nil, scope: viewer.scope)
        struct Plan: Encodable {
            let id: String, year: Int, body: String, title: String, planned: Int, done: Int
        }
        let params = ["unit": q.unit ?? "", "year": year.map(String.init) ?? "", "q": q.q ?? ""]
        struct Body: Encodable {
            let plans: [Plan], rows: [Row], pager: Pager, canInspect: Bool, bodies: [Option]
            let subjects: [Option], today: String, year: Int, unit: String, q: String
            let query: String
        }
        return try await req.page(
            "oversight/inspections", title: "Kiểm tra, giám sát",
            crumbs: [
                Crumb(label: "Kiểm tra, giám sát", href: "/oversight"),
                Crumb(label: "Kế hoạch và cuộc kiểm tra", href: "/inspections"),
            ], status: status, error: error,
            Body(
                plans: plans.map {
                    Plan(
                        id: $0.id, year: $0.year, body: $0.body.label, title: $0.title,
                        planned: $0.planned, done: $0.done)
                }, rows: rows,
                pager: Pager(
                    total: page.total, paging: paging, path: "/inspections", query: params),
                canInspect: inspectors.allows(viewer.role),
                bodies: options(InspectorBody.self, \.label),
                subjects: options(InspectionSubjectKind.self, \.label),
                today: req.world.today.iso, year: req.world.today.year,
                unit: String((q.unit ?? "").prefix(5)), q: String((q.q ?? "").prefix(100)),
                query: QueryString.encode(params)))
    }

    /// Mã khoản vay typed one per line or separated by commas or spaces.
    static func ids(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
    }

    static func planForm(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        struct F: Content {
            var year: String?; var body: String?; var title: String?; var planned: String?
        }
        let f = try req.content.decode(F.self)
        do {
            guard let year = Int(f.year ?? ""), let planned = Int(f.planned ?? "0") else {
                throw PlatformError.invalidInput(
                    field: "year", message: "Năm và số đợt phải là số.")
            }
            let plan = try await store(req).createPlan(
                NewInspectionPlan(
                    year: year,
                    body: try Validate.choice(
                        f.body, default: InspectorBody.board, field: "body",
                        message: "Cơ quan kiểm tra không hợp lệ."),
                    title: f.title ?? "", plannedInspections: planned),
                provinceCode: try province(nil, viewer: viewer), actor: viewer.actor,
                scope: viewer.scope)
            return Flash.redirect(
                req, to: "/inspections", success: "Đã lập kế hoạch «\(plan.title)».")
        } catch let error as any DomainError where error.kind != .forbidden {
            return try await listPage(
                req, error: error.message, status: ErrorResponder.status(of: error.kind))
        }
    }

    static func inspectionForm(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        struct F: Content {
            var plan: String?; var body: String?; var subject: String?; var unit: String?
            var subjectId: String?; var loans: String?; var date: String?; var team: String?
            var conclusion: String?
        }
        let f = try req.content.decode(F.self)
        do {
            let input = InspectionInput(
                plan: f.plan, body: f.body ?? "", subject: f.subject ?? "", unit: f.unit ?? "",
                subjectId: f.subjectId, loans: ids(f.loans), date: f.date, team: f.team ?? "",
                conclusion: f.conclusion)
            let record = try await store(req).record(
                try input.inspection(today: req.world.today), actor: viewer.actor,
                scope: viewer.scope)
            return Flash.redirect(
                req, to: "/inspections/\(record.id)", success: "Đã ghi cuộc kiểm tra.")
        } catch let error as any DomainError where error.kind != .forbidden {
            return try await listPage(
                req, error: error.message, status: ErrorResponder.status(of: error.kind))
        }
    }
}
