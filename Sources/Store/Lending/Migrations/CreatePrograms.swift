import Domain
import FluentKit
import Foundation
import SQLKit

/// Loan programs and their dated parameter sets (JSON definitions beside the filtered columns),
/// seeded from the catalogue; administrators add sets without a code change.
struct CreatePrograms: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("loan_programs")
            .field("code", .string, .identifier(auto: false))
            .field("definition", .string, .required)
            .create()
        try await database.schema("program_parameters")
            .field("id", .string, .identifier(auto: false))
            .field("program_code", .string, .required, .references("loan_programs", "code"))
            .field("valid_from", .string, .required)
            .field("definition", .string, .required)
            .create()
        let sql = try database.sqlDatabase()
        for program in ProgramCatalogue.programs { try await ProgramStore.insert(program, sql: sql) }
        for set in ProgramCatalogue.parameters { try await ProgramStore.insert(set, sql: sql) }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("program_parameters").delete()
        try await database.schema("loan_programs").delete()
    }
}
