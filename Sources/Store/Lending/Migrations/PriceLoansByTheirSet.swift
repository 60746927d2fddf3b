import Domain
import FluentKit
import SQLKit

/// Mỗi khoản vay theo bộ tham số của nó (issue #14 §2, CHANGES 2026-12-01 items 1–3, 6): the
/// parameter set in force at disbursement is stored on the loan, and the catalogue's corrections
/// reach databases seeded before them. Sets that were wrong are replaced, not edited into
/// something else: the 2019 job-creation set starts on 08/11/2019 and the post-prison set on
/// 10/10/2023, so the old identifiers go. Then every loan is given the set in force on its
/// disbursement day, set by set in date order (a handful of statements, not one per loan).
struct PriceLoansByTheirSet: AsyncMigration {
    /// Seeded sets whose values the corrections changed (caps and terms before 01/03/2019).
    static let corrected = [
        "poor_household@2015-06-05", "near_poor_household@2015-06-05",
        "escaped_poverty_household@2015-09-05",
    ]
    /// Seeded sets that were wrong in their start day and are replaced by the catalogue's.
    static let withdrawn = ["job_creation@2019-10-01", "post_prison@2023-01-01"]

    func prepare(on database: any Database) async throws {
        try await database.schema("loans").field("parameter_set_id", .string).update()
        let sql = try database.sqlDatabase()
        try await sql.create(index: "loans_parameter_set").on("loans").column("parameter_set_id")
            .run()
        try await Self.applyCatalogue(sql: sql)
        try await Self.assignSets(sql: sql)
    }

    static func applyCatalogue(sql: any SQLDatabase) async throws {
        let programs = try await sql.select().column("code").from("loan_programs").all()
            .map { try $0.decode(column: "code", as: String.self) }
        for program in ProgramCatalogue.programs where !programs.contains(program.code) {
            try await ProgramStore.insert(program, sql: sql)
        }
        try await sql.delete(from: "program_parameters").where("id", .in, withdrawn).run()
        let known = Set(
            try await sql.select().column("id").from("program_parameters").all()
                .map { try $0.decode(column: "id", as: String.self) })
        for set in ProgramCatalogue.parameters {
            if !known.contains(set.id) {
                try await ProgramStore.insert(set, sql: sql)
            } else if corrected.contains(set.id) {
                try await sql.update("program_parameters")
                    .set("definition", to: try StoredJSON.text(set)).where("id", .equal, set.id)
                    .run()
            }
        }
    }

    /// Each loan gets the latest set of its program started by its disbursement day and not
    /// ended before it; a loan no set covers keeps NULL, and `verify` names it.
    static func assignSets(sql: any SQLDatabase) async throws {
        let sets = try StoredJSON.definitions(
            ProgramParameters.self,
            try await sql.select().column("definition").from("program_parameters").all()
        ).sorted { $0.validFrom < $1.validFrom }
        try await sql.update("loans").set("parameter_set_id", to: SQLLiteral.null).run()
        for set in sets {
            var update = sql.update("loans").set("parameter_set_id", to: set.id)
                .where("program_code", .equal, set.programCode)
                .where("disbursed_on", .greaterThanOrEqual, set.validFrom.iso)
            if let to = set.validTo {
                update = update.where("disbursed_on", .lessThanOrEqual, to.iso)
            }
            try await update.run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sqlDatabase()
        try await sql.drop(index: "loans_parameter_set").run()
        try await database.schema("loans").deleteField("parameter_set_id").update()
    }
}
