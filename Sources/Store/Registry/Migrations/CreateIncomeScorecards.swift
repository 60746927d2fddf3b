import Domain
import FluentKit
import SQLKit

/// Phiếu B1 scorecards as data, beside the standards they belong to: one row per version, the
/// definition as JSON. Seeded with a placeholder for the 2022–2026 standard (see the catalogue).
struct CreateIncomeScorecards: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("income_scorecards")
            .field("code", .string, .identifier(auto: false))
            .field("standard_code", .string, .required)
            .field("province_code", .int)
            .field("valid_from", .string, .required)
            .field("valid_to", .string)
            .field("definition", .string, .required)
            .create()
        let sql = try database.sqlDatabase()
        for scorecard in IncomeScorecardCatalogue.all {
            try await IncomeScorecardStore.insert(scorecard, sql: sql)
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("income_scorecards").delete()
    }
}
