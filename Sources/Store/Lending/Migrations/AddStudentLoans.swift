import Domain
import FluentKit
import SQLKit

/// Cho vay HSSV theo khóa học (CHANGES 2026-12-01 item 4): the study plan on an application,
/// the day a loan's dues begin, the STEM program of Decision 29/2025, and the students' set
/// lending per month of study instead of the 40 m per loan, for databases seeded before.
struct AddStudentLoans: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("loan_applications").field("study", .string).update()
        try await database.schema("loans").field("dues_from", .string).update()
        let sql = try database.sqlDatabase()
        let programs = Set(
            try await sql.select().column("code").from("loan_programs").all()
                .map { try $0.decode(column: "code", as: String.self) })
        for program in ProgramCatalogue.programs where !programs.contains(program.code) {
            try await ProgramStore.insert(program, sql: sql)
        }
        let catalogue = ProgramCatalogue.parameters.filter { $0.study != nil }
        let rows = try await sql.select().columns("id", "definition").from("program_parameters")
            .where("id", .in, catalogue.map(\.id)).all()
        var known: Set<String> = []
        for row in rows {
            let id = try row.decode(column: "id", as: String.self)
            known.insert(id)
            var set = try StoredJSON.value(
                ProgramParameters.self, from: try row.decode(column: "definition", as: String.self))
            guard set.study == nil, let seed = catalogue.first(where: { $0.id == id }) else {
                continue
            }
            // The per-loan cap was the error; the course's months now bound the contract.
            (set.study, set.maxPerLoan, set.maxTermMonths, set.note) =
                (seed.study, seed.maxPerLoan, max(set.maxTermMonths, seed.maxTermMonths), seed.note)
            try await sql.update("program_parameters")
                .set("definition", to: try StoredJSON.text(set)).where("id", .equal, id).run()
        }
        for set in catalogue where !known.contains(set.id) {
            try await ProgramStore.insert(set, sql: sql)
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("loans").deleteField("dues_from").update()
        try await database.schema("loan_applications").deleteField("study").update()
    }
}
