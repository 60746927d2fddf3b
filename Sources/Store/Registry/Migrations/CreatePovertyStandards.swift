import Domain
import FluentKit
import Foundation
import SQLKit

/// Poverty standards as data: one row per version, the whole definition as JSON beside the
/// columns queries filter on. Seeded with the national standards known today; an administrator
/// adds a new one (or a province's local standard) without a code change.
struct CreatePovertyStandards: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("poverty_standards")
            .field("code", .string, .identifier(auto: false))
            .field("province_code", .int)
            .field("valid_from", .string, .required)
            .field("valid_to", .string)
            .field("definition", .string, .required)
            .create()
        let sql = try database.sqlDatabase()
        for standard in PovertyStandardCatalogue.all {
            try await PovertyStandardStore.insert(standard, sql: sql)
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("poverty_standards").delete()
    }
}
