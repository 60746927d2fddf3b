import Domain
import Store
import Vapor

/// The list of findings (filters, export) and a finding's page with its follow-up form.
extension FindingRoutes {
    func registerPages(_ app: Application) {
        app.on(.GET, ["findings"], access: .signedIn, kind: .page) { req in
            try await Self.listPage(req)
        }
        app.on(.GET, ["findings", ":id"], access: .signedIn, kind: .page) { req in
            try await Self.detailPage(req)
        }
        app.on(.POST, ["findings", ":id", "steps"], access: Self.followers, kind: .page) { req in
            try await Self.stepForm(req)
        }
    }

    struct Row: Encodable {
        let id: String, unit: String, source: String, category: String, status: String
        let due: String, overdue: Bool, responsible: String, subjects: String, priority: String
        let found: String
        init(_ f: FindingRecord, today: BusinessDate) {
            id = f.id
            found = f.foundOn.vietnamese
            unit = f.unitName
            source = f.source.label
            category = f.category.label
            status = f.status.label
            due = f.dueOn?.vietnamese ?? "—"
            overdue = f.isOverdue(on: today)
            responsible = f.responsible
            subjects = f.subjects.map { s in
                let name = f.subjectNames[s.id].flatMap { $0.isEmpty ? nil : $0 } ?? s.id
                return (s.kind == .loan ? "Khoản vay của " : "Tổ ") + name
            }.joined(separator: ", ")
            priority = f.priority.label
        }
    }

    static func exportTable(_ items: [FindingRecord], today: BusinessDate) -> Exporter.Table {
        Exporter.Table(
            sheetName: "Phát hiện",
            headers: [
                "Mã", "Xã", "Nguồn", "Loại", "Nội dung", "Yêu cầu khắc phục",
                "Người chịu trách nhiệm",
                "Hạn", "Trạng thái", "Quá hạn", "Đối tượng",
            ],
            rows: items.map { f in
                let r = Row(f, today: today)
                return [
                    r.id, r.unit, r.source, r.category, f.description, f.requiredAction,
                    r.responsible, r.due, r.status, r.overdue ? "Quá hạn" : "", r.subjects,
                ].map { .text($0) }
            })
    }

    static func listPage(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let q = try req.query.decode(ListQuery.self)
        let query = try await Self.query(q, req: req)
        if let export = Exporter.format(q.format) {
            // The whole list, a page of 500 at a time, up to 20 000 rows.
            var items: [FindingRecord] = []
            var paging = Paging(limit: Paging.maxLimit)
            while items.count < 20_000 {
                let page = try await store(req).list(
                    query, scope: viewer.scope, on: req.world.today, paging: paging)
                items += page.items
                guard page.items.count == paging.limit, let next = paging.nextOffset else { break }
                paging = Paging(limit: Paging.maxLimit, offset: next)
            }
            return try Exporter.response(
                exportTable(items, today: req.world.today), format: export,
                fileName: "phat-hien-\(req.world.today.iso)")
        }
        let paging = try Validate.paging(limit: q.limit, offset: q.offset)
        let page = try await store(req).list(
            query, scope: viewer.scope, on: req.world.today, paging: paging)
        let params = [
            "unit": q.unit ?? "", "status": q.status ?? "", "overdue": q.overdue ?? "",
            "source": q.source ?? "", "q": q.q ?? "",
        ]
        struct Option: Encodable { let value: String, label: String, selected: Bool }
        struct Body: Encodable {
            let rows: [Row], pager: Pager, unit: String, q: String, overdue: Bool
            let statuses: [Option], sources: [Option], query: String
        }
        return try await req.page(
            "oversight/findings", title: "Phát hiện, vụ việc",
            crumbs: [Crumb(label: "Phát hiện, vụ việc", href: "/findings")],
            Body(
                rows: page.items.map { Row($0, today: req.world.today) },
                pager: Pager(total: page.total, paging: paging, path: "/findings", query: params),
                unit: String((q.unit ?? "").prefix(5)), q: String((q.q ?? "").prefix(100)),
                overdue: query.overdue == true,
                statuses: CaseStatus.allCases.map {
                    Option(value: $0.rawValue, label: $0.label, selected: $0 == query.status)
                },
                sources: FindingSource.allCases.map {
                    Option(value: $0.rawValue, label: $0.label, selected: $0 == query.source)
                }, query: QueryString.encode(params)))
    }

    static func detailPage(
        _ req: Request, error: String? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        let viewer = try req.requireViewer()
        let id = req.parameters.get("id") ?? ""
        let d = try await store(req).detail(id: id, viewer: viewer.actor, scope: viewer.scope)
        let f = d.finding
        struct Step: Encodable {
            let from: String, to: String, date: String, note: String, by: String
        }
        struct Next: Encodable { let value: String, label: String }
        struct Subject: Encodable { let id: String, name: String }
        struct Black: Encodable {
            let raisedAt: String, point: String, lender: String, households: Int
            let referred: String?, reference: String, reporter: String?, contact: String?
            let handler: String
        }
        struct Body: Encodable {
            let id: String, row: Row, description: String, action: String, found: String
            let steps: [Step], next: [Next], canFollow: Bool, today: String, loans: [Subject]
            let groups: [Subject], black: Black?, inspection: String?, mayRecall: Bool
        }
        let canFollow = followers.allows(viewer.role)
        return try await req.page(
            "oversight/finding", title: "Phát hiện \(f.category.label.lowercased())",
            crumbs: [
                Crumb(label: "Phát hiện, vụ việc", href: "/findings"),
                Crumb(label: f.category.label, href: "/findings/\(f.id)"),
            ], status: status, error: error,
            Body(
                id: f.id, row: Row(f, today: req.world.today), description: f.description,
                action: f.requiredAction, found: f.foundOn.vietnamese,
                steps: d.steps.map {
                    Step(
                        from: $0.step.from.label, to: $0.step.to.label, date: $0.step.on.vietnamese,
                        note: $0.step.note, by: $0.by)
                },
                next: f.status.next.map { Next(value: $0.rawValue, label: $0.label) },
                canFollow: canFollow, today: req.world.today.iso,
                loans: f.subjects.filter { $0.kind == .loan }.map {
                    Subject(id: $0.id, name: f.subjectNames[$0.id] ?? $0.id)
                },
                groups: f.subjects.filter { $0.kind == .group }.map {
                    Subject(id: $0.id, name: f.subjectNames[$0.id] ?? $0.id)
                },
                black: d.blackCredit.map {
                    Black(
                        raisedAt: $0.raisedAt.label, point: $0.pointID ?? "—", lender: $0.lender,
                        households: $0.households, referred: $0.policeReferredOn?.vietnamese,
                        reference: $0.policeReference, reporter: $0.reporterName,
                        contact: $0.reporterContact, handler: $0.handler)
                }, inspection: f.inspectionID,
                mayRecall: f.category == .wrongPurpose && LoanRoutes.lenders.allows(viewer.role)))
    }

    struct StepForm: Content { var to: String?; var date: String?; var note: String? }

    static func stepForm(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let id = req.parameters.get("id") ?? ""
        let f = try req.content.decode(StepForm.self)
        do {
            let record = try await step(
                id: id, to: f.to ?? "", date: f.date, note: f.note, viewer: viewer, req: req)
            return Flash.redirect(
                req, to: "/findings/\(id)", success: "Đã chuyển sang «\(record.status.label)».")
        } catch let error as any DomainError
            where error.kind != .forbidden && error.kind != .notFound
        {
            return try await detailPage(
                req, error: error.message, status: ErrorResponder.status(of: error.kind))
        }
    }
}
