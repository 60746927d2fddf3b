import Domain
import Store
import Vapor

/// Mô hình sản xuất kinh doanh tiêu biểu: the officers' pages (`/oversight/models`), the JSON API
/// (`/api/v1/models`) and the public list with its photos (`/models`), issue 17.
struct ModelRoutes {
    /// The commune, the bank and the entrusted organisations record and publish models.
    static let writers = Access.roles([.admin, .bank, .commune, .union])

    static func store(_ req: Request) -> ModelStore {
        ModelStore(database: req.db, world: req.world)
    }

    struct ListQuery: Content { var q: String?; var format: String? }

    /// A search text from a query, within the bound of a name.
    static func searchText(_ q: String?) throws -> String? {
        try Validate.text(q, field: "q", maxLength: TextLimit.name)
    }

    func register(_ app: Application) {
        app.on(.GET, ["api", "v1", "models"], access: .signedIn, kind: .api) {
            req -> ModelListJSON in
            let q = try req.query.decode(ListQuery.self)
            let items = try await Self.store(req).list(
                ModelQuery(text: try Self.searchText(q.q)), scope: try req.requireViewer().scope)
            return ModelListJSON(items: items.map(ModelJSON.init), total: items.count)
        }
        app.on(.POST, ["api", "v1", "models"], access: Self.writers, kind: .api) {
            req -> Response in
            let viewer = try req.requireViewer()
            let draft = try req.content.decode(ModelInput.self).draft()
            let model = try await Self.store(req).create(
                draft, actor: viewer.actor, scope: viewer.scope)
            return try await ModelJSON(model).encodeResponse(status: .created, for: req)
        }
        app.on(.GET, ["api", "v1", "models", ":id"], access: .signedIn, kind: .api) {
            req -> ModelJSON in
            ModelJSON(
                try await Self.store(req).model(
                    id: req.parameters.get("id") ?? "", scope: try req.requireViewer().scope))
        }
        registerPages(app)
        registerPublic(app)
    }
}
