import Domain
import FluentKit
import SQLKit

/// Đơn vị vay (issue 14 §2): the jobs a unit's application names, and the unit caps of the sets
/// that lend to units, for databases seeded before the catalogue had them. A set's stored
/// definition keeps whatever an administrator changed in it; only caps it lacks are added.
struct AddUnitBorrowers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("loan_applications").field("unit_jobs", .int).update()
        let sql = try database.sqlDatabase()
        let catalogue = ProgramCatalogue.parameters.filter { $0.unitCaps != nil }
        let rows = try await sql.select().columns("id", "definition").from("program_parameters")
            .where("id", .in, catalogue.map(\.id)).all()
        for row in rows {
            let id = try row.decode(column: "id", as: String.self)
            var set = try StoredJSON.value(
                ProgramParameters.self, from: try row.decode(column: "definition", as: String.self))
            guard set.unitCaps == nil, let caps = catalogue.first(where: { $0.id == id })?.unitCaps
            else { continue }
            set.unitCaps = caps
            try await sql.update("program_parameters").set(
                "definition", to: try StoredJSON.text(set)
            )
            .where("id", .equal, id).run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("loan_applications").deleteField("unit_jobs").update()
    }
}
