import Domain
import Foundation
import Store
import Vapor

/// Nhật ký an toàn for administrators: sign-ins, sign-outs, tokens, refusals and exports.
struct SecurityEventRoutes {
    struct Filter: Content { var kind: String?; var user: String?; var limit: Int?; var offset: Int?; var format: String? }
    struct EventJSON: Content {
        let id: String; let at: String; let kind: String; let user: String; let address: String?; let route: String; let detail: String
    }
    struct EventList: Content { let items: [EventJSON]; let total: Int }
    struct Row: Encodable { let at: String; let kind: String; let user: String; let address: String; let route: String; let detail: String }
    struct Option: Encodable { let value: String; let label: String; let selected: Bool }
    struct ListPage: Encodable { let rows: [Row]; let kinds: [Option]; let user: String; let pager: Pager }

    func register(_ app: Application) {
        app.on(.GET, ["admin", "security"], access: .admin, kind: .page) { req in try await Self.page(req) }
        app.on(.GET, ["api", "v1", "security-events"], access: .admin, kind: .api) { req -> EventList in
            let (filter, kind, paging) = try Self.query(req)
            let page = try await SecurityLog(sql: req.sql, world: req.world).list(kind: kind, username: filter.user, paging: paging)
            return EventList(items: page.items.map {
                EventJSON(id: $0.id, at: ISO8601DateFormatter().string(from: $0.at), kind: $0.kind.rawValue, user: $0.username,
                          address: $0.address, route: $0.route, detail: $0.detail)
            }, total: page.total)
        }
    }

    static func query(_ req: Request) throws -> (Filter, SecurityEventKind?, Paging) {
        let filter = try req.query.decode(Filter.self)
        let kind = try filter.kind.flatMap { $0.isEmpty ? nil : $0 }.map { text -> SecurityEventKind in
            guard let kind = SecurityEventKind(rawValue: text) else {
                throw PlatformError.invalidInput(field: "kind", message: "Loại sự kiện không hợp lệ: «\(text.prefix(40))».")
            }
            return kind
        }
        try Validate.text(filter.user, field: "user", maxLength: TextLimit.name)
        return (filter, kind, try Paging(input: filter.limit, offset: filter.offset))
    }

    static func page(_ req: Request) async throws -> Response {
        let (filter, kind, paging) = try query(req)
        let page = try await SecurityLog(sql: req.sql, world: req.world).list(kind: kind, username: filter.user, paging: paging)
        let formatter = DateFormatter()
        formatter.dateFormat = "dd/MM/yyyy HH:mm:ss"
        formatter.timeZone = TimeZone(secondsFromGMT: 7 * 3600)
        let rows = page.items.map {
            Row(at: formatter.string(from: $0.at), kind: $0.kind.label, user: $0.username, address: $0.address ?? "",
                route: $0.route, detail: $0.detail)
        }
        let kinds = SecurityEventKind.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == kind) }
        let query = ["kind": kind?.rawValue ?? "", "user": filter.user ?? ""]
        return try await req.page("platform/security-events", title: "Nhật ký an toàn",
                                  crumbs: [Crumb(label: "Nhật ký an toàn", href: "/admin/security")],
                                  ListPage(rows: rows, kinds: kinds, user: filter.user ?? "",
                                           pager: Pager(total: page.total, paging: paging, path: "/admin/security", query: query)))
    }
}
