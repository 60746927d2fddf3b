import Domain
import FluentKit
import Foundation
import SQLKit

/// Bảng chấm điểm Tổ TK&VV as dated data, seeded with a placeholder (see the catalogue).
struct CreateGroupScoring: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("group_scoring_tables")
            .field("code", .string, .identifier(auto: false))
            .field("valid_from", .string, .required)
            .field("definition", .string, .required)
            .create()
        try await GroupRatingStore.insert(GroupScoringCatalogue.placeholder2025, sql: try database.sqlDatabase())
    }

    func revert(on database: any Database) async throws {
        try await database.schema("group_scoring_tables").delete()
    }
}
