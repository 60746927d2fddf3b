import FluentKit
import SQLKit

/// Nhật ký thay đổi: who, when, what, before and after, for every write (and reads of personal
/// data in exports).
struct CreateAuditLog: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("audit_log")
            .field("id", .string, .identifier(auto: false))
            .field("at", .int64, .required)
            .field("actor_id", .string)
            .field("actor_username", .string, .required)
            .field("action", .string, .required)
            .field("record_type", .string, .required)
            .field("record_id", .string, .required)
            .field("province_code", .int)
            .field("before_json", .string)
            .field("after_json", .string)
            .create()
        let sql = try database.sqlDatabase()
        try await sql.create(index: "audit_log_at").on("audit_log").column("at").run()
        try await sql.create(index: "audit_log_record").on("audit_log").column("record_type").column("record_id").run()
        try await sql.create(index: "audit_log_actor").on("audit_log").column("actor_username").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_log").delete()
    }
}
