import FluentKit
import SQLKit

/// Administrative units, one row per version (codes are reused across the 2025 map), and the
/// dated changes of the map that link old versions to new ones.
struct CreateUnits: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("units")
            .field("id", .string, .identifier(auto: false))
            .field("level", .string, .required)
            .field("code", .int, .required)
            .field("name", .string, .required)
            .field("folded_name", .string, .required)
            .field("type", .string, .required)
            .field("province_code", .int, .required)
            .field("district_code", .int)
            .field("valid_from", .string)
            .field("valid_to", .string)
            .create()
        let sql = try database.sqlDatabase()
        try await sql.create(index: "units_province").on("units").column("province_code").column("level").run()
        try await sql.create(index: "units_level_code").on("units").column("level").column("code").run()
        try await database.schema("map_changes")
            .field("id", .string, .identifier(auto: false))
            .field("kind", .string, .required)
            .field("effective_on", .string, .required)
            .field("legal_source", .string, .required)
            .field("province_code", .int, .required)
            .create()
        try await database.schema("map_links")
            .field("change_id", .string, .required, .references("map_changes", "id"))
            .field("from_unit_id", .string, .required, .references("units", "id"))
            .field("to_unit_id", .string, .required, .references("units", "id"))
            .field("share", .string, .required)
            .compositeIdentifier(over: "change_id", "from_unit_id", "to_unit_id")
            .create()
        try await sql.create(index: "map_links_to").on("map_links").column("to_unit_id").run()
        try await sql.create(index: "map_links_from").on("map_links").column("from_unit_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("map_links").delete()
        try await database.schema("map_changes").delete()
        try await database.schema("units").delete()
    }
}

/// VBSP offices, the communes each serves, commune transaction points and their facilities.
struct CreateOffices: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("offices")
            .field("id", .string, .identifier(auto: false))
            .field("province_code", .int, .required)
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("address", .string, .required)
            .field("parent_id", .string)
            .create()
        try await database.schema("office_communes")
            .field("office_id", .string, .required, .references("offices", "id"))
            .field("unit_id", .string, .required, .references("units", "id"))
            .field("province_code", .int, .required)
            .compositeIdentifier(over: "office_id", "unit_id")
            .create()
        try await database.schema("transaction_points")
            .field("id", .string, .identifier(auto: false))
            .field("province_code", .int, .required)
            .field("unit_id", .string, .required, .references("units", "id"))
            .field("office_id", .string, .required, .references("offices", "id"))
            .field("name", .string, .required)
            .field("address", .string, .required)
            .create()
        try await database.schema("point_facilities")
            .field("id", .string, .identifier(auto: false))
            .field("point_id", .string, .required, .references("transaction_points", "id"))
            .field("province_code", .int, .required)
            .field("category", .string, .required)
            .field("item", .string, .required)
            .field("state", .string, .required)
            .field("checked_on", .string, .required)
            .create()
        let sql = try database.sqlDatabase()
        try await sql.create(index: "office_communes_unit").on("office_communes").column("unit_id").run()
        try await sql.create(index: "transaction_points_unit").on("transaction_points").column("unit_id").run()
        try await sql.create(index: "point_facilities_point").on("point_facilities").column("point_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("point_facilities").delete()
        try await database.schema("transaction_points").delete()
        try await database.schema("office_communes").delete()
        try await database.schema("offices").delete()
    }
}

/// The 63 pre-2025 provinces, whose codes are the place-of-birth codes of citizen IDs
/// (the Ministry of Public Security kept its list when provinces merged).
struct CreateCitizenBirthplaces: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("citizen_birthplaces")
            .field("code", .int, .identifier(auto: false))
            .field("name", .string, .required)
            .create()
        let table = try BundledData.table("units-pre2025")
        var seen: [Int: String] = [:]
        for row in table.rows {
            if let code = Int(row["province_code"] ?? ""), seen[code] == nil { seen[code] = row["province_name"] ?? "" }
        }
        let rows: [[any Encodable & Sendable]] = seen.sorted { $0.key < $1.key }.map { [$0.key, $0.value] }
        try await (try database.sqlDatabase()).insertBatches(into: "citizen_birthplaces", columns: ["code", "name"], rows: rows)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("citizen_birthplaces").delete()
    }
}
