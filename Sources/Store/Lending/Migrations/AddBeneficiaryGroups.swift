import Domain
import FluentKit
import SQLKit

/// Nhóm đối tượng ưu tiên (issue #14 §2): the group an application names and its loan keeps, and
/// the groups of the job-creation sets, for databases seeded before the catalogue named them.
struct AddBeneficiaryGroups: AsyncMigration {
    static let sets = ["job_creation@2019-11-08", "job_creation@2026-01-01"]

    func prepare(on database: any Database) async throws {
        try await database.schema("loan_applications").field("beneficiary_group", .string).update()
        try await database.schema("loans").field("beneficiary_group", .string).update()
        let sql = try database.sqlDatabase()
        for set in ProgramCatalogue.parameters where Self.sets.contains(set.id) {
            try await sql.update("program_parameters").set(
                "definition", to: try StoredJSON.text(set)
            )
            .where("id", .equal, set.id).run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("loans").deleteField("beneficiary_group").update()
        try await database.schema("loan_applications").deleteField("beneficiary_group").update()
    }
}
