import FluentKit
import SQLKit

/// Kết quả vốn vay (issue 15): what each loan finances, recorded at disbursement and by each
/// loan-use check, so reports count jobs, students, works and houses, not just money.
struct AddLoanUseChecks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("loan_use_checks")
            .field("id", .string, .identifier(auto: false))
            .field("loan_id", .string, .required, .references("loans", "id"))
            .field("province_code", .int, .required)
            .field("kind", .string, .required)
            .field("checked_on", .string, .required)
            .field("used_as_intended", .int, .required)
            .field("jobs", .int, .required)
            .field("students", .int, .required)
            .field("water_works", .int, .required)
            .field("sanitation_works", .int, .required)
            .field("houses", .int, .required)
            .field("note", .string, .required)
            .field("checked_by", .string, .required)
            .field("created_at", .int64, .required)
            .create()
        try await database.sqlDatabase().create(index: "loan_use_checks_loan")
            .on("loan_use_checks").column("loan_id").column("checked_on").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("loan_use_checks").delete()
    }
}
