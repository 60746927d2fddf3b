import Domain
import FluentKit
import Foundation
import SQLKit

/// The open month's summary tables (`CurrentLoanFigures`), filled from the loans already
/// stored as of the calendar date in Vietnam.
struct CreateCurrentLoanFigures: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("current_loan_figures")
            .field("unit_id", .string, .required)
            .field("program_code", .string, .required)
            .field("organisation", .string, .required)
            // '' for loans outside a group.
            .field("group_id", .string, .required)
            .field("province_code", .int, .required)
            // The month the flows below belong to; older rows count for their balances only.
            .field("month", .string, .required)
            .field("loans", .int64, .required)
            .field("outstanding", .int64, .required)
            .field("disbursed", .int64, .required)
            .field("principal_repaid", .int64, .required)
            .field("interest_collected", .int64, .required)
            .compositeIdentifier(over: "unit_id", "group_id", "program_code", "organisation")
            .create()
        try await database.schema("current_unit_borrowers")
            .field("unit_id", .string, .identifier(auto: false))
            .field("province_code", .int, .required)
            .field("borrowers", .int64, .required)
            .create()
        let sql = try database.sqlDatabase()
        try await sql.create(index: "current_loan_figures_group").on("current_loan_figures")
            .column("group_id").run()
        try await CurrentLoanFigures(sql: sql).rebuild(on: World.live.today)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("current_unit_borrowers").delete()
        try await database.schema("current_loan_figures").delete()
    }
}
