import Domain
import Store
import Vapor

/// Phát hiện và vụ việc: the list (`/findings`, `GET /api/v1/findings`), one finding with its
/// follow-up (`/findings/{id}`), and each step (`POST /api/v1/findings/{id}/steps`).
struct FindingRoutes {
    /// Who follows a finding up: the inspectors, the bank, the organisations, the commune.
    static let followers = Access.roles([.admin, .inspector, .bank, .union, .commune])

    static func store(_ req: Request) -> FindingStore {
        FindingStore(database: req.db, world: req.world)
    }

    struct ListQuery: Content {
        var unit: String?; var status: String?; var overdue: String?; var source: String?
        var q: String?; var limit: Int?; var offset: Int?; var format: String?
    }

    /// The query as the store takes it; a word outside the lists is a 400 naming the field.
    static func query(_ q: ListQuery, req: Request) async throws -> FindingQuery {
        func choice<T: RawRepresentable>(
            _ text: String?, _ field: String, _ words: String
        ) throws
            -> T? where T.RawValue == String
        {
            guard let text, !text.isEmpty else { return nil }
            guard let value = T(rawValue: text) else {
                throw PlatformError.invalidInput(
                    field: field, message: "\(field) phải là \(words).")
            }
            return value
        }
        let overdue: Bool?
        switch q.overdue ?? "" {
        case "": overdue = nil
        case "true", "1": overdue = true
        case "false", "0": overdue = false
        default:
            throw PlatformError.invalidInput(
                field: "overdue", message: "overdue phải là true hoặc false.")
        }
        try Validate.text(q.q, field: "q", maxLength: 100)
        return FindingQuery(
            unitIDs: try await UnitFilter.communeUnits(q.unit, req: req),
            status: try choice(
                q.status, "status", CaseStatus.allCases.map(\.rawValue).joined(separator: ", ")),
            overdue: overdue,
            source: try choice(
                q.source, "source", FindingSource.allCases.map(\.rawValue).joined(separator: ", ")),
            text: q.q)
    }

    func register(_ app: Application) {
        app.on(.GET, ["api", "v1", "findings"], access: .signedIn, kind: .api) {
            req -> FindingListJSON in
            let q = try req.query.decode(ListQuery.self)
            let page = try await Self.store(req).list(
                try await Self.query(q, req: req), scope: try req.requireViewer().scope,
                on: req.world.today, paging: try Validate.paging(limit: q.limit, offset: q.offset))
            return FindingListJSON(
                items: page.items.map { FindingJSON($0, today: req.world.today) },
                total: page.total)
        }
        app.on(.GET, ["api", "v1", "findings", ":id"], access: .signedIn, kind: .api) {
            req -> FindingDetailJSON in
            let viewer = try req.requireViewer()
            let detail = try await Self.store(req).detail(
                id: req.parameters.get("id") ?? "", viewer: viewer.actor, scope: viewer.scope)
            return FindingDetailJSON(detail, today: req.world.today)
        }
        app.on(
            .POST, ["api", "v1", "findings", ":id", "steps"], access: Self.followers, kind: .api
        ) { req -> Response in
            let viewer = try req.requireViewer()
            let b = try req.content.decode(FindingStepInput.self)
            let record = try await Self.step(
                id: req.parameters.get("id") ?? "", to: b.to, date: b.date, note: b.note,
                viewer: viewer, req: req)
            return try await FindingJSON(record, today: req.world.today)
                .encodeResponse(status: .created, for: req)
        }
        registerPages(app)
    }

    static func step(
        id: String, to: String, date: String?, note: String?, viewer: Viewer, req: Request
    ) async throws -> FindingRecord {
        guard let status = CaseStatus(rawValue: to) else {
            throw PlatformError.invalidInput(
                field: "to",
                message: "Trạng thái phải là "
                    + CaseStatus.allCases.map(\.rawValue).joined(separator: ", ") + ".")
        }
        try Validate.text(note, field: "note", maxLength: CaseLifecycle.noteLimit)
        return try await store(req).step(
            id: id, to: status, on: try Validate.date(date, default: req.world.today),
            note: note ?? "", actor: viewer.actor, scope: viewer.scope)
    }
}
