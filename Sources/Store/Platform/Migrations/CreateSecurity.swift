import Domain
import FluentKit
import SQLKit

/// Issue #13 §5: the security log, idle sessions, two-factor sign-in, and the audit log's unit.
struct CreateSecurity: AsyncMigration {
    static let seeds: [SeedReferenceTables.Seed] = [
        .init(table: ReferenceTable(key: "session_idle_minutes", name: "Phiên đăng nhập hết hạn sau số phút không hoạt động",
                                    valueKind: .integer, description: "Sau khoảng này không có thao tác, người dùng phải đăng nhập lại."),
              values: [("2026-12-01", "30", "Yêu cầu an toàn thông tin của hệ thống (issue #13)", "Chưa đối chiếu quy chế của ngân hàng.")]),
        .init(table: ReferenceTable(key: "mfa_required_roles", name: "Vai trò bắt buộc xác thực hai lớp (TOTP)",
                                    valueKind: .text,
                                    description: "Danh sách vai trò cách nhau bởi dấu phẩy (admin, bank, …); «none»: không bắt buộc."),
              values: [("2026-12-01", "none", "Yêu cầu an toàn thông tin của hệ thống (issue #13)", "Bản mẫu không bắt buộc.")]),
    ]

    func prepare(on database: any Database) async throws {
        try await database.schema("security_events")
            .field("id", .string, .identifier(auto: false))
            .field("at", .int64, .required)
            .field("kind", .string, .required)
            .field("username", .string, .required)
            .field("user_id", .string)
            .field("address", .string)
            .field("route", .string, .required)
            .field("detail", .string, .required)
            .create()
        let sql = try database.sqlDatabase()
        try await sql.create(index: "security_events_at").on("security_events").column("at").run()
        try await database.schema("sessions").field("last_seen_at", .int64).update()
        try await database.schema("users").field("totp_secret", .string).update()
        try await database.schema("users").field("totp_enabled_at", .int64).update()
        try await database.schema("users").field("totp_last_counter", .int64).update()
        try await database.schema("recovery_codes")
            .field("user_id", .string, .required, .references("users", "id"))
            .field("code_hash", .string, .required)
            .field("used_at", .int64)
            .compositeIdentifier(over: "user_id", "code_hash")
            .create()
        try await database.schema("login_challenges")
            .field("token_hash", .string, .identifier(auto: false))
            .field("user_id", .string, .required, .references("users", "id"))
            .field("next", .string, .required)
            .field("created_at", .int64, .required)
            .field("expires_at", .int64, .required)
            .field("attempts", .int, .required)
            .create()
        try await database.schema("audit_log").field("unit_id", .string).update()
        try await sql.raw("UPDATE audit_log SET unit_id = \(AuditUnits.ofAuditRow) WHERE unit_id IS NULL").run()
        try await sql.create(index: "audit_log_unit").on("audit_log").column("unit_id").column("at").run()
        try await SeedReferenceTables.insert(Self.seeds, sql: sql)
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sqlDatabase()
        try await SeedReferenceTables.remove(Self.seeds, sql: sql)
        try await sql.drop(index: "audit_log_unit").run()
        try await database.schema("audit_log").deleteField("unit_id").update()
        try await database.schema("login_challenges").delete()
        try await database.schema("recovery_codes").delete()
        for field in ["totp_last_counter", "totp_enabled_at", "totp_secret"] {
            try await database.schema("users").deleteField(FieldKey(stringLiteral: field)).update()
        }
        try await database.schema("sessions").deleteField("last_seen_at").update()
        try await database.schema("security_events").delete()
    }
}

/// The commune an audited record belongs to, as one SQL expression: what lets an inspector read
/// the entries of her communes and nothing else. Records of no commune (users, reference data)
/// stay without one and are read only by those whose scope covers their whole province.
enum AuditUnits {
    /// Each record type with a commune, and the SELECT of it for the record id `id`.
    static func cases(_ id: SQLQueryString) -> [(String, SQLQueryString)] {
        [("loan", "SELECT l.unit_id FROM loans l WHERE l.id = " + id),
         ("loan_application", "SELECT a.unit_id FROM loan_applications a WHERE a.id = " + id),
         ("household", "SELECT h.unit_id FROM households h WHERE h.id = " + id),
         ("savings_group", "SELECT g.unit_id FROM savings_groups g WHERE g.id = " + id),
         ("transaction_point", "SELECT p.unit_id FROM transaction_points p WHERE p.id = " + id),
         ("transaction_day", "SELECT p.unit_id FROM transaction_days d JOIN transaction_points p ON p.id = d.point_id WHERE d.id = " + id)]
    }

    static func expression(type: SQLQueryString, id: SQLQueryString) -> SQLQueryString {
        var expression: SQLQueryString = "(CASE " + type
        for (name, select) in cases(id) { expression = expression + " WHEN \(bind: name) THEN (" + select + ")" }
        return expression + " ELSE NULL END)"
    }

    /// The same over `audit_log`'s own columns, for rows already written.
    static var ofAuditRow: SQLQueryString { expression(type: "audit_log.record_type", id: "audit_log.record_id") }
}
