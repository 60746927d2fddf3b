import Domain
import Store
import SQLKit
import Vapor

/// The audit log: administrators read all of it, inspectors the entries of their provinces.
struct AuditRoutes {
    struct Filter: Content { var user: String?; var recordType: String?; var recordId: String?; var from: String?; var to: String?; var limit: Int?; var offset: Int?; var format: String? }
    struct EntryJSON: Content {
        let id: String
        let at: String
        let user: String
        let action: String
        let recordType: String
        let recordId: String
        let provinceCode: Int?
        let before: String?
        let after: String?
    }
    struct EntryList: Content { let items: [EntryJSON]; let total: Int }

    static let readers = Access.roles([.admin, .inspector])

    func register(_ app: Application) {
        app.on(.GET, ["audit"], access: Self.readers, kind: .page) { req in try await listPage(req) }
        app.on(.GET, ["api", "v1", "audit"], access: Self.readers, kind: .api) { req -> EntryList in
            let (query, _) = try Self.query(req)
            let viewer = try req.requireViewer()
            let page = try await AuditStore(sql: req.sql, world: req.world).list(query, scope: viewer.scope)
            return EntryList(items: page.items.map { Self.json(Self.shown($0, to: viewer.role)) }, total: page.total)
        }
    }

    /// What `role` may read of an entry: citizen IDs masked for the roles that see them masked.
    static func shown(_ e: AuditEntry, to role: Role) -> AuditEntry {
        guard !role.seesFullCitizenIDs else { return e }
        return AuditEntry(id: e.id, at: e.at, actorUsername: e.actorUsername, action: e.action, recordType: e.recordType,
                          recordID: e.recordID, provinceCode: e.provinceCode, before: e.before.map(CitizenID.maskedJSON),
                          after: e.after.map(CitizenID.maskedJSON))
    }

    static func json(_ e: AuditEntry) -> EntryJSON {
        EntryJSON(id: e.id, at: ISO8601DateFormatter().string(from: e.at), user: e.actorUsername, action: e.action,
                  recordType: e.recordType, recordId: e.recordID, provinceCode: e.provinceCode, before: e.before, after: e.after)
    }

    static func query(_ req: Request) throws -> (AuditQuery, Filter) {
        let filter = try req.query.decode(Filter.self)
        try Validate.paging(limit: filter.limit, offset: filter.offset)
        func date(_ text: String?) throws -> BusinessDate? {
            guard let text, !text.isEmpty else { return nil }
            return try Validate.date(text)
        }
        return (AuditQuery(username: filter.user, recordType: filter.recordType, recordID: filter.recordId,
                           from: try date(filter.from), to: try date(filter.to),
                           paging: try Paging(input: filter.limit, offset: filter.offset)), filter)
    }

    struct Row: Encodable { let at: String; let user: String; let action: String; let record: String; let before: String; let after: String }
    struct ListPage: Encodable { let rows: [Row]; let filter: Filter; let pager: Pager }

    func listPage(_ req: Request) async throws -> Response {
        var (query, filter) = try Self.query(req)
        let store = AuditStore(sql: try req.sql, world: req.world)
        let viewer = try req.requireViewer()
        let formatter = DateFormatter()
        formatter.dateFormat = "dd/MM/yyyy HH:mm:ss"
        formatter.timeZone = TimeZone(secondsFromGMT: 7 * 3600)
        if let format = Exporter.format(filter.format) {
            query.paging = Paging(limit: Paging.maxLimit)
            let page = try await store.list(query, scope: viewer.scope)
            let rows: [[Exporter.Cell]] = page.items.map { (entry: AuditEntry) -> [Exporter.Cell] in
                let e = Self.shown(entry, to: viewer.role)
                return [.text(formatter.string(from: e.at)), .text(e.actorUsername), .text(e.action), .text(e.recordType), .text(e.recordID),
                 .text(e.before ?? ""), .text(e.after ?? "")]
            }
            try await store.record(actor: viewer.actor, action: "export", recordType: "audit_log", recordID: "",
                                   provinceCode: nil, before: nil as String?, after: ["rows": rows.count])
            return try Exporter.response(Exporter.Table(sheetName: "Nhật ký", headers: ["Thời điểm", "Người dùng", "Thao tác", "Loại bản ghi", "Mã bản ghi", "Trước", "Sau"], rows: rows),
                                         format: format, fileName: "nhat-ky")
        }
        let page = try await store.list(query, scope: viewer.scope)
        let rows = page.items.map { Self.shown($0, to: viewer.role) }.map {
            Row(at: formatter.string(from: $0.at), user: $0.actorUsername, action: $0.action, record: "\($0.recordType) \($0.recordID)",
                before: $0.before ?? "", after: $0.after ?? "")
        }
        let params = ["user": filter.user ?? "", "recordType": filter.recordType ?? "", "recordId": filter.recordId ?? "",
                      "from": filter.from ?? "", "to": filter.to ?? ""]
        return try await req.page("platform/audit", title: "Nhật ký thay đổi", crumbs: [Crumb(label: "Nhật ký", href: "/audit")],
                                  ListPage(rows: rows, filter: filter, pager: Pager(total: page.total, paging: query.paging, path: "/audit", query: params)))
    }
}
