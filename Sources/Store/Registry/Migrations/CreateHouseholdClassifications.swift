import FluentKit
import SQLKit

/// Phân loại hộ theo thời gian: each classification names the standard it was made under, the
/// dates it holds and the decision behind it. A new decision closes the previous one.
struct CreateHouseholdClassifications: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("household_classifications")
            .field("id", .string, .identifier(auto: false))
            .field("province_code", .int, .required)
            .field("household_id", .string, .required, .references("households", "id"))
            .field("standard_code", .string, .required)
            .field("class", .string, .required)
            .field("valid_from", .string, .required)
            .field("valid_to", .string)
            .field("decision", .string, .required)
            .field("reasons", .string, .required)
            // The deprived indicators' codes, comma-separated: the upward report counts them.
            .field("deprivations", .string, .required)
            .field("created_at", .int64, .required)
            .create()
        let sql = try database.sqlDatabase()
        try await sql.create(index: "household_classifications_household").on("household_classifications")
            .column("household_id").column("valid_from").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("household_classifications").delete()
    }
}
