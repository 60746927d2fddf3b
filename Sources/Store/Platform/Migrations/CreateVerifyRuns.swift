import FluentKit

/// The results of `verify`, newest last, for `/metrics`.
struct CreateVerifyRuns: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("verify_runs")
            .field("id", .string, .identifier(auto: false))
            .field("finished_at", .int64, .required)
            .field("problems", .int, .required)
            .field("source", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("verify_runs").delete()
    }
}
