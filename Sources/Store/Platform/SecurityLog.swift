import Domain
import Foundation
import SQLKit

/// Nhật ký an toàn: sign-ins good and bad, sign-outs, API tokens issued, requests refused (403)
/// and every export of a list with its scope. Apart from the audit log, which records changes to
/// records: this one records who came in, who was turned away and what left the building.
public enum SecurityEventKind: String, Sendable, CaseIterable, Codable {
    case signIn = "sign_in"
    case signInFailed = "sign_in_failed"
    case signInThrottled = "sign_in_throttled"
    case secondFactorFailed = "second_factor_failed"
    case signOut = "sign_out"
    case tokenIssued = "token_issued"
    case refused
    case export
    case twoFactorEnabled = "two_factor_enabled"
    case twoFactorDisabled = "two_factor_disabled"

    /// Vietnamese, for the administrator's page.
    public var label: String {
        switch self {
        case .signIn: "Đăng nhập"
        case .signInFailed: "Đăng nhập sai"
        case .signInThrottled: "Đăng nhập bị tạm chặn"
        case .secondFactorFailed: "Mã xác thực hai lớp sai"
        case .signOut: "Đăng xuất"
        case .tokenIssued: "Cấp khóa API"
        case .refused: "Bị từ chối (403)"
        case .export: "Xuất danh sách"
        case .twoFactorEnabled: "Bật xác thực hai lớp"
        case .twoFactorDisabled: "Tắt xác thực hai lớp"
        }
    }
}

public struct SecurityEvent: Sendable, Codable, Equatable {
    public let id: String
    public let at: Date
    public let kind: SecurityEventKind
    public let username: String
    public let userID: String?
    public let address: String?
    public let route: String
    public let detail: String
}

public struct SecurityLog: Sendable {
    let sql: any SQLDatabase
    let world: World

    public init(sql: any SQLDatabase, world: World) {
        self.sql = sql
        self.world = world
    }

    public func record(_ kind: SecurityEventKind, username: String, userID: String? = nil, address: String?,
                       route: String, detail: String = "") async throws {
        try await sql.insert(into: "security_events")
            .columns("id", "at", "kind", "username", "user_id", "address", "route", "detail")
            .values(world.newID(), world.nowMillis, kind.rawValue, String(username.prefix(TextLimit.name)), userID,
                    address, String(route.prefix(TextLimit.line)), String(detail.prefix(TextLimit.note)))
            .run()
    }

    /// Newest first, narrowed by kind and user name.
    public func list(kind: SecurityEventKind?, username: String?, paging: Paging) async throws -> Page<SecurityEvent> {
        var conditions: [SQLQueryString] = []
        if let kind { conditions.append("kind = \(bind: kind.rawValue)") }
        if let username, !username.isEmpty { conditions.append("username = \(bind: username)") }
        let clause: SQLQueryString = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let total = try await sql.raw("SELECT COUNT(*) AS n FROM security_events \(clause)")
            .first(decodingColumn: "n", as: Int.self) ?? 0
        let rows = try await sql.raw("""
            SELECT * FROM security_events \(clause) ORDER BY at DESC, id DESC
            LIMIT \(bind: paging.limit) OFFSET \(bind: paging.offset)
            """).all()
        return Page(items: try rows.map(Self.event), total: total)
    }

    static func event(_ row: any SQLRow) throws -> SecurityEvent {
        SecurityEvent(
            id: try row.decode(column: "id", as: String.self),
            at: Date(timeIntervalSince1970: Double(try row.decode(column: "at", as: Int64.self)) / 1000),
            kind: SecurityEventKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .refused,
            username: try row.decode(column: "username", as: String.self),
            userID: try row.decode(column: "user_id", as: String?.self),
            address: try row.decode(column: "address", as: String?.self),
            route: try row.decode(column: "route", as: String.self),
            detail: try row.decode(column: "detail", as: String.self))
    }
}
