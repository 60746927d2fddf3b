import FluentKit

/// Dated reference data: tables of values with effective date and legal source.
struct CreateReferenceData: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("reference_tables")
            .field("key", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("value_kind", .string, .required)
            .field("description", .string, .required)
            .create()
        try await database.schema("reference_values")
            .field("id", .string, .identifier(auto: false))
            .field("table_key", .string, .required, .references("reference_tables", "key"))
            .field("effective_from", .string, .required)
            .field("value", .string, .required)
            .field("legal_source", .string, .required)
            .field("note", .string, .required)
            .field("created_at", .int64, .required)
            .field("created_by", .string, .required)
            .unique(on: "table_key", "effective_from")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("reference_values").delete()
        try await database.schema("reference_tables").delete()
    }
}
