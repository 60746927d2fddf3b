import Domain
import Store
import SQLKit
import Vapor

/// Dated reference data: everyone signed in reads it (the figures behind every rule are public
/// within the system); administrators add new dated values.
struct ReferenceDataRoutes {
    struct ValueJSON: Content {
        let id: String
        let effectiveFrom: String
        let value: String
        let display: String
        let legalSource: String
        let note: String
    }

    struct TableJSON: Content {
        let key: String
        let name: String
        let valueKind: String
        let description: String
        let inForce: ValueJSON?
        let values: [ValueJSON]
    }

    struct TableList: Content { let items: [TableJSON]; let total: Int }
    struct ValueInput: Content { let effectiveFrom: String; let value: String; let legalSource: String; let note: String? }
    struct ValueForm: Content { var effectiveFrom: String?; var value: String?; var legalSource: String?; var note: String? }

    func register(_ app: Application) {
        app.on(.GET, ["reference-data"], access: .signedIn, kind: .page) { req in try await listPage(req) }
        app.on(.GET, ["reference-data", ":key"], access: .signedIn, kind: .page) { req in try await showPage(req, form: ValueForm()) }
        app.on(.POST, ["reference-data", ":key", "values"], access: .admin, kind: .page) { req in try await addFromForm(req) }
        app.on(.GET, ["api", "v1", "reference-data"], access: .signedIn, kind: .api) { req -> TableList in
            let tables = try await ReferenceDataStore(database: req.db, world: req.world).tables(asOf: try Self.asOf(req))
            return TableList(items: tables.map(Self.json), total: tables.count)
        }
        app.on(.GET, ["api", "v1", "reference-data", ":key"], access: .signedIn, kind: .api) { req -> TableJSON in
            Self.json(try await ReferenceDataStore(database: req.db, world: req.world).table(key: req.parameters.get("key") ?? "", asOf: try Self.asOf(req)))
        }
        app.on(.POST, ["api", "v1", "reference-data", ":key", "values"], access: .admin, kind: .api) { req -> Response in
            let input = try req.content.decode(ValueInput.self)
            let created = try await Self.add(req, effectiveFrom: input.effectiveFrom, value: input.value, legalSource: input.legalSource, note: input.note ?? "")
            let table = try await ReferenceDataStore(database: req.db, world: req.world).table(key: created.tableKey, asOf: created.effectiveFrom)
            return try await Self.json(created, kind: table.table.valueKind).encodeResponse(status: .created, for: req)
        }
    }

    static func asOf(_ req: Request) throws -> BusinessDate {
        try req.query.decode(ListQuery.self).asOfDate(default: req.world.today)
    }

    static func json(_ v: ReferenceValue, kind: ReferenceValueKind) -> ValueJSON {
        let value: String = switch kind {
        case .rate: Int64(v.value).map { Rate(billionthsPerMonth: $0).fractionString } ?? v.value
        default: v.value
        }
        return ValueJSON(id: v.id.rawValue, effectiveFrom: v.effectiveFrom.iso, value: value, display: kind.display(v.value),
                         legalSource: v.legalSource, note: v.note)
    }

    static func json(_ view: ReferenceTableView) -> TableJSON {
        TableJSON(key: view.table.key, name: view.table.name, valueKind: view.table.valueKind.rawValue, description: view.table.description,
                  inForce: view.inForce.map { json($0, kind: view.table.valueKind) },
                  values: view.values.map { json($0, kind: view.table.valueKind) })
    }

    static func add(_ req: Request, effectiveFrom: String, value: String, legalSource: String, note: String) async throws -> ReferenceValue {
        let date = try Validate.date(effectiveFrom)
        return try await ReferenceDataStore(database: req.db, world: req.world).addValue(
            key: req.parameters.get("key") ?? "", effectiveFrom: date, value: value, legalSource: legalSource, note: note,
            actor: try req.requireViewer().actor)
    }

    struct ListPage: Encodable { let tables: [TableJSON]; let asOf: String }
    struct ShowPage: Encodable { let table: TableJSON; let kindLabel: String; let canEdit: Bool; let form: ValueForm; let asOf: String }

    func listPage(_ req: Request) async throws -> Response {
        let asOf = try Self.asOf(req)
        let tables = try await ReferenceDataStore(database: req.db, world: req.world).tables(asOf: asOf)
        return try await req.page("platform/reference-data", title: "Dữ liệu tham chiếu", crumbs: [Crumb(label: "Dữ liệu tham chiếu", href: "/reference-data")],
                                  ListPage(tables: tables.map(Self.json), asOf: asOf.vietnamese))
    }

    func showPage(_ req: Request, form: ValueForm, error: String? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let asOf = try Self.asOf(req)
        let view = try await ReferenceDataStore(database: req.db, world: req.world).table(key: req.parameters.get("key") ?? "", asOf: asOf)
        let viewer = try req.requireViewer()
        return try await req.page("platform/reference-table", title: view.table.name, crumbs: [
            Crumb(label: "Dữ liệu tham chiếu", href: "/reference-data"), Crumb(label: view.table.name, href: "/reference-data/\(view.table.key)")],
            status: status, error: error,
            ShowPage(table: Self.json(view), kindLabel: view.table.valueKind.label, canEdit: viewer.role.editsReferenceData, form: form,
                     asOf: asOf.vietnamese))
    }

    func addFromForm(_ req: Request) async throws -> Response {
        let form = try req.content.decode(ValueForm.self)
        do {
            _ = try await Self.add(req, effectiveFrom: form.effectiveFrom ?? "", value: form.value ?? "", legalSource: form.legalSource ?? "",
                                   note: form.note ?? "")
        } catch let error as any DomainError where error.kind != .notFound {
            return try await showPage(req, form: form, error: error.message, status: ErrorResponder.status(of: error.kind))
        }
        return Flash.redirect(req, to: "/reference-data/\(req.parameters.get("key") ?? "")", success: "Đã thêm giá trị mới.")
    }
}
