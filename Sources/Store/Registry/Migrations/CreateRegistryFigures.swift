import FluentKit
import SQLKit

/// The registry's summary tables (`RegistryFigures`), filled from the households and
/// classifications already stored.
struct CreateRegistryFigures: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("registry_unit_households")
            .field("unit_id", .string, .identifier(auto: false))
            .field("province_code", .int, .required)
            .field("households", .int64, .required)
            .create()
        try await database.schema("registry_unit_classes")
            .field("unit_id", .string, .required)
            // `from`: classifications starting on `on_date`; `to`: ending on it.
            .field("edge", .string, .required)
            .field("on_date", .string, .required)
            .field("province_code", .int, .required)
            .field("poor", .int64, .required)
            .field("near_poor", .int64, .required)
            .field("reviewed", .int64, .required)
            .compositeIdentifier(over: "unit_id", "edge", "on_date")
            .create()
        try await RegistryFigures(sql: try database.sqlDatabase()).rebuild()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("registry_unit_classes").delete()
        try await database.schema("registry_unit_households").delete()
    }
}
