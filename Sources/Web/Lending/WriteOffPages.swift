import Domain
import Store
import Vapor

/// Các trang xóa nợ: the batches of the reader's provinces, one batch as its tờ trình (A4) with
/// the forms for each step, and the checklist of conditions with its versions.
extension WriteOffRoutes {
    func registerPages(_ app: Application) {
        app.on(.GET, ["write-offs"], access: .signedIn, kind: .page) { req in
            try await Self.listPage(req)
        }
        app.on(.POST, ["write-offs"], access: Self.lenders, kind: .page) { req in
            try await Self.openBatch(req)
        }
        app.on(.GET, ["write-offs", "conditions"], access: .signedIn, kind: .page) { req in
            try await Self.conditionsPage(req)
        }
        app.on(.POST, ["write-offs", "conditions"], access: .admin, kind: .page) { req in
            try await Self.addCondition(req)
        }
        app.on(.GET, ["write-offs", ":id"], access: .signedIn, kind: .page) { req in
            try await Self.batchPage(req)
        }
        // Each step by name: a parameter beside the constant `files` would never be reached.
        for step in ["files", "submit", "decision"] {
            app.on(
                .POST, ["write-offs", ":id", .constant(step)], access: Self.lenders, kind: .page
            ) {
                req in try await Self.batchStep(req, step: step)
            }
        }
        app.on(
            .POST, ["write-offs", ":id", "files", ":file", "withdraw"], access: Self.lenders,
            kind: .page
        ) { req in
            try await Self.batchStep(req, step: "withdraw")
        }
    }

    struct BatchRow: Encodable {
        let id: String, title: String, status: String, files: Int, interest: String
        let principal: String, level: String, openedOn: String, decision: String
        init(_ b: WriteOffBatchRecord) {
            id = b.id
            title = b.title
            status = b.status.label
            files = b.files
            interest = b.interest.description
            principal = b.principal.description
            level = b.status == .open ? "" : b.requiredLevel.label
            openedOn = b.openedOn.vietnamese
            decision = b.decision.map { "Số \($0.number) ngày \($0.date.vietnamese)" } ?? ""
        }
    }

    static func listPage(
        _ req: Request, error: String? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        let viewer = try req.requireViewer()
        struct Query: Content { var loan: String? }
        let loan = (try? req.query.decode(Query.self))?.loan ?? ""
        let batches = try await store(req).batches(status: nil, scope: viewer.scope)
        struct Body: Encodable {
            let rows: [BatchRow], canOpen: Bool, askProvince: Bool, loan: String
            let openBatches: [BatchRow]
        }
        let rows = batches.map(BatchRow.init)
        return try await req.page(
            "lending/write-offs", title: "Xóa nợ theo đợt",
            crumbs: [
                Crumb(label: "Khoản vay", href: "/loans"),
                Crumb(label: "Xóa nợ theo đợt", href: "/write-offs"),
            ], status: status, error: error,
            Body(
                rows: rows, canOpen: lenders.allows(viewer.role),
                askProvince: viewer.scope.provinceCodes.count != 1,
                loan: String(loan.prefix(100)),
                openBatches: zip(batches, rows).filter { $0.0.status == .open }.map(\.1)))
    }

    struct OpenForm: Content { var title: String?; var province: String? }

    static func openBatch(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let f = try req.content.decode(OpenForm.self)
        do {
            let text = (f.province ?? "").trimmingCharacters(in: .whitespaces)
            let province = text.isEmpty ? nil : try UnitCode(text: text).value
            let batch = try await store(req).open(
                title: f.title ?? "", provinceCode: province, actor: viewer.actor,
                scope: viewer.scope)
            return Flash.redirect(
                req, to: "/write-offs/\(batch.id)", success: "Đã lập đợt «\(batch.title)».")
        } catch let error as any DomainError where error.kind != .forbidden {
            return try await listPage(
                req, error: error.message, status: ErrorResponder.status(of: error.kind))
        }
    }
}
