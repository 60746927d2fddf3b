import Domain
import Store
import Vapor

/// Kế hoạch và cuộc kiểm tra: plans (`/inspections`, `/api/v1/inspection-plans`), inspections of
/// a commune, organisation, group, point or loans (`/api/v1/inspections`) and their findings
/// (`POST /api/v1/inspections/{id}/findings`).
struct InspectionRoutes {
    /// Who inspects: the Board's representatives and the Front (`inspector`), the bank, the
    /// entrusted organisations.
    static let inspectors = Access.roles([.admin, .inspector, .bank, .union])

    static func store(_ req: Request) -> InspectionStore {
        InspectionStore(database: req.db, world: req.world)
    }

    struct ListQuery: Content {
        var unit: String?; var year: Int?; var q: String?; var limit: Int?; var offset: Int?
        var format: String?
        var paging: Paging { Paging(limit: limit, offset: offset) }
    }

    static func year(_ value: Int?) throws -> Int? {
        guard let value else { return nil }
        return try Validate.integer(value, field: "year", in: 2000...2100)
    }

    /// The province a plan is for: the one asked, else the reader's only province.
    static func province(_ asked: Int?, viewer: Viewer) throws -> Int {
        if let asked { return try Validate.integer(asked, field: "province", in: 1...99) }
        // A reader of every province names one: a schema-valid body the rule refuses (422).
        guard let only = viewer.scope.provinceCodes.sorted().first else {
            throw OversightError.invalid(field: "province", why: "ghi mã tỉnh của kế hoạch")
        }
        return only
    }

    func register(_ app: Application) {
        app.on(.GET, ["api", "v1", "inspection-plans"], access: .signedIn, kind: .api) {
            req -> InspectionPlanListJSON in
            struct Q: Content { var year: Int? }
            let q = try req.query.decode(Q.self)
            let plans = try await Self.store(req).plans(
                year: try Self.year(q.year), scope: try req.requireViewer().scope)
            return InspectionPlanListJSON(
                items: plans.map(InspectionPlanJSON.init), total: plans.count)
        }
        app.on(.POST, ["api", "v1", "inspection-plans"], access: Self.inspectors, kind: .api) {
            req -> Response in
            let viewer = try req.requireViewer()
            let b = try req.content.decode(InspectionPlanInput.self)
            let plan = try await Self.store(req).createPlan(
                NewInspectionPlan(
                    year: b.year,
                    body: try Validate.choice(
                        b.body, default: InspectorBody.board, field: "body",
                        message: "Cơ quan kiểm tra không hợp lệ."),
                    title: b.title, plannedInspections: b.planned ?? 0),
                provinceCode: try Self.province(b.province, viewer: viewer), actor: viewer.actor,
                scope: viewer.scope)
            return try await InspectionPlanJSON(plan).encodeResponse(status: .created, for: req)
        }
        app.on(.GET, ["api", "v1", "inspections"], access: .signedIn, kind: .api) {
            req -> InspectionListJSON in
            let q = try req.query.decode(ListQuery.self)
            try Validate.text(q.q, field: "q", maxLength: 100)
            let page = try await Self.store(req).list(
                unitIDs: try await UnitFilter.communeUnits(q.unit, req: req),
                year: try Self.year(q.year), text: q.q, scope: try req.requireViewer().scope,
                paging: try Validate.paging(limit: q.limit, offset: q.offset))
            return InspectionListJSON(items: page.items.map(InspectionJSON.init), total: page.total)
        }
        app.on(.POST, ["api", "v1", "inspections"], access: Self.inspectors, kind: .api) {
            req -> Response in
            let viewer = try req.requireViewer()
            let b = try req.content.decode(InspectionInput.self)
            let record = try await Self.store(req).record(
                try b.inspection(today: req.world.today), actor: viewer.actor,
                scope: viewer.scope)
            return try await InspectionJSON(record).encodeResponse(status: .created, for: req)
        }
        app.on(.GET, ["api", "v1", "inspections", ":id"], access: .signedIn, kind: .api) {
            req -> InspectionDetailJSON in
            let (inspection, findings) = try await Self.detail(req)
            return InspectionDetailJSON(
                inspection: InspectionJSON(inspection),
                findings: findings.map { FindingJSON($0, today: req.world.today) })
        }
        app.on(
            .POST, ["api", "v1", "inspections", ":id", "findings"], access: Self.inspectors,
            kind: .api
        ) { req -> Response in
            let viewer = try req.requireViewer()
            let b = try req.content.decode(FindingInput.self)
            let record = try await FindingStore(database: req.db, world: req.world).open(
                try b.finding(), inspectionID: req.parameters.get("id") ?? "",
                foundOn: try b.date.flatMap { $0.isEmpty ? nil : $0 }.map { try Validate.date($0) },
                actor: viewer.actor, scope: viewer.scope)
            return try await FindingJSON(record, today: req.world.today)
                .encodeResponse(status: .created, for: req)
        }
        registerPages(app)
    }

    static func detail(_ req: Request) async throws -> (InspectionRecord, [FindingRecord]) {
        let viewer = try req.requireViewer()
        let id = req.parameters.get("id") ?? ""
        let inspection = try await store(req).inspection(id: id, scope: viewer.scope)
        let findings = try await FindingStore(database: req.db, world: req.world).list(
            FindingQuery(inspectionID: id), scope: viewer.scope, on: req.world.today,
            paging: Paging(limit: Paging.maxLimit))
        return (inspection, findings.items)
    }
}
