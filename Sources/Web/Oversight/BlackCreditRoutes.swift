import Domain
import Store
import Vapor

/// Tín dụng đen: reports raised at transaction points or by organisations (`/black-credit`,
/// `POST /api/v1/black-credit-reports`), followed up as cases, and referred to the police.
struct BlackCreditRoutes {
    /// Who takes a report: the bank at the point, the organisations, the commune.
    static let reporters = Access.roles([.admin, .bank, .union, .commune])

    static func store(_ req: Request) -> BlackCreditStore {
        BlackCreditStore(database: req.db, world: req.world)
    }

    func register(_ app: Application) {
        app.on(.GET, ["api", "v1", "black-credit-reports"], access: .signedIn, kind: .api) {
            req -> FindingListJSON in
            var q = try req.query.decode(FindingRoutes.ListQuery.self)
            q.source = FindingSource.blackCredit.rawValue
            let page = try await FindingStore(database: req.db, world: req.world).list(
                try await FindingRoutes.query(q, req: req), scope: try req.requireViewer().scope,
                on: req.world.today, paging: try Validate.paging(limit: q.limit, offset: q.offset))
            return FindingListJSON(
                items: page.items.map { FindingJSON($0, today: req.world.today) },
                total: page.total)
        }
        app.on(.POST, ["api", "v1", "black-credit-reports"], access: Self.reporters, kind: .api) {
            req -> Response in
            let viewer = try req.requireViewer()
            let b = try req.content.decode(BlackCreditInput.self)
            let record = try await Self.store(req).report(
                try b.report(today: req.world.today), actor: viewer.actor, scope: viewer.scope)
            return try await FindingJSON(record, today: req.world.today)
                .encodeResponse(status: .created, for: req)
        }
        app.on(
            .POST, ["api", "v1", "black-credit-reports", ":id", "referral"],
            access: Self.reporters, kind: .api
        ) { req -> BlackCreditJSON in
            let viewer = try req.requireViewer()
            let b = try req.content.decode(ReferralInput.self)
            return BlackCreditJSON(
                try await Self.store(req).refer(
                    id: req.parameters.get("id") ?? "",
                    on: try Validate.date(b.date, default: req.world.today), reference: b.reference,
                    actor: viewer.actor, scope: viewer.scope))
        }
        app.on(.GET, ["black-credit"], access: .signedIn, kind: .page) { req in
            try await Self.listPage(req)
        }
        app.on(.POST, ["black-credit"], access: Self.reporters, kind: .page) { req in
            try await Self.reportForm(req)
        }
        app.on(.POST, ["black-credit", ":id", "referral"], access: Self.reporters, kind: .page) {
            req in
            let viewer = try req.requireViewer()
            let id = req.parameters.get("id") ?? ""
            struct F: Content { var date: String?; var reference: String? }
            let f = try req.content.decode(F.self)
            do {
                _ = try await Self.store(req).refer(
                    id: id, on: try Validate.date(f.date, default: req.world.today),
                    reference: f.reference ?? "", actor: viewer.actor, scope: viewer.scope)
                return Flash.redirect(req, to: "/findings/\(id)", success: "Đã ghi chuyển công an.")
            } catch let error as any DomainError
                where error.kind != .forbidden && error.kind != .notFound
            {
                return try await FindingRoutes.detailPage(
                    req, error: error.message, status: ErrorResponder.status(of: error.kind))
            }
        }
    }

    static func listPage(
        _ req: Request, error: String? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        let viewer = try req.requireViewer()
        let page = try await FindingStore(database: req.db, world: req.world).list(
            FindingQuery(source: .blackCredit), scope: viewer.scope, on: req.world.today,
            paging: Paging(limit: 200))
        let counts = try await FindingStore(database: req.db, world: req.world).counts(
            scope: viewer.scope, on: req.world.today
        ).filter { $0.blackCredit > 0 }
        struct Count: Encodable { let unit: String, cases: Int }
        struct Option: Encodable { let value: String, label: String }
        struct Body: Encodable {
            let rows: [FindingRoutes.Row], counts: [Count], canReport: Bool, today: String
            let places: [Option], priorities: [Option]
        }
        return try await req.page(
            "oversight/black-credit", title: "Tín dụng đen",
            crumbs: [
                Crumb(label: "Kiểm tra, giám sát", href: "/oversight"),
                Crumb(label: "Tín dụng đen", href: "/black-credit"),
            ], status: status, error: error,
            Body(
                rows: page.items.map { FindingRoutes.Row($0, today: req.world.today) },
                counts: counts.map { Count(unit: $0.unitName, cases: $0.blackCredit) },
                canReport: reporters.allows(viewer.role), today: req.world.today.iso,
                places: BlackCreditRaisedAt.allCases.map {
                    Option(value: $0.rawValue, label: $0.label)
                },
                priorities: CasePriority.allCases.map {
                    Option(value: $0.rawValue, label: $0.label)
                }))
    }

    static func reportForm(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        struct F: Content {
            var unit: String?; var raisedAt: String?; var point: String?; var lender: String?
            var description: String?; var households: String?; var date: String?
            var reporterName: String?; var reporterContact: String?; var priority: String?
        }
        let f = try req.content.decode(F.self)
        do {
            let households = (f.households ?? "").isEmpty ? 0 : Int(f.households ?? "")
            guard let households else {
                throw PlatformError.invalidInput(field: "households", message: "Số hộ phải là số.")
            }
            let input = BlackCreditInput(
                unit: f.unit ?? "", raisedAt: f.raisedAt ?? "", point: f.point, lender: f.lender,
                description: f.description ?? "", households: households, date: f.date,
                reporterName: f.reporterName, reporterContact: f.reporterContact, handler: nil,
                priority: f.priority)
            let record = try await store(req).report(
                try input.report(today: req.world.today), actor: viewer.actor, scope: viewer.scope)
            return Flash.redirect(
                req, to: "/findings/\(record.id)", success: "Đã tiếp nhận tin báo tín dụng đen.")
        } catch let error as any DomainError where error.kind != .forbidden {
            return try await listPage(
                req, error: error.message, status: ErrorResponder.status(of: error.kind))
        }
    }
}
