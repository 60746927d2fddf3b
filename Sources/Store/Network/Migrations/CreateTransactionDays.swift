import FluentKit
import SQLKit

/// Transaction points at work: their fixed monthly schedules and the sittings generated from them
/// (one slot per point and month; a moved sitting gets its own slot and both rows link).
struct CreateTransactionDays: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("transaction_schedules")
            .field("id", .string, .identifier(auto: false))
            .field("point_id", .string, .required, .references("transaction_points", "id"))
            .field("province_code", .int, .required)
            .field("day_of_month", .int, .required)
            .field("starts_at", .string, .required)
            .field("ends_at", .string, .required)
            .field("valid_from", .string, .required)
            .field("valid_to", .string)
            .create()
        try await database.schema("transaction_days")
            .field("id", .string, .identifier(auto: false))
            .field("point_id", .string, .required, .references("transaction_points", "id"))
            .field("province_code", .int, .required)
            .field("slot", .string, .required)
            .field("day", .string, .required)
            .field("hours", .string, .required)
            .field("status", .string, .required)
            .field("rescheduled_to", .string)
            .field("rescheduled_from", .string)
            .field("reason", .string, .required)
            .field("record", .string)
            .unique(on: "point_id", "slot")
            .create()
        let sql = try database.sqlDatabase()
        try await sql.create(index: "transaction_schedules_point").on("transaction_schedules").column("point_id").run()
        try await sql.create(index: "transaction_days_day").on("transaction_days").column("day").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("transaction_days").delete()
        try await database.schema("transaction_schedules").delete()
    }
}
