import FluentKit

/// Remembers that the demo province was loaded, so a later start loads nothing.
struct CreateDemoLoads: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("demo_loads")
            .field("province_code", .int, .identifier(auto: false))
            .field("seed", .int64, .required)
            .field("business_date", .string, .required)
            .field("loaded_at", .int64, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("demo_loads").delete()
    }
}
