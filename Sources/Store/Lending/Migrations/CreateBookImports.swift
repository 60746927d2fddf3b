import Domain
import FluentKit
import SQLKit

/// Nhập sổ cũ (issue #14 §1): the loans brought in from a branch's old book, each with what the
/// old book said of it, and each import with its reconciliation report. A loan brought in accrues
/// from `interest_from` and owes from then `opening_interest`.
struct CreateBookImports: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        try await database.schema("loans").field("interest_from", .string).update()
        try await database.schema("loans").field("opening_interest", .int64).update()
        try await database.schema("book_imports")
            .field("id", .string, .identifier(auto: false))
            .field("imported_on", .string, .required)
            .field("source", .string, .required)
            .field("loans", .int, .required)
            .field("accepted_differences", .int, .required)
            .field("report", .string, .required)
            .field("actor", .string, .required)
            .field("created_at", .int64, .required)
            .create()
        try await database.schema("loan_imports")
            .field("loan_id", .string, .identifier(auto: false), .references("loans", "id"))
            .field("import_id", .string, .required, .references("book_imports", "id"))
            .field("unit_id", .string, .required)
            .field("reference", .string, .required)
            .field("file_row", .int, .required)
            .field("disbursed", .int64, .required)
            .field("outstanding", .int64, .required)
            .field("interest_paid_to", .string, .required)
            .field("unpaid_interest", .int64, .required)
            .unique(on: "unit_id", "reference")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("loan_imports").delete()
        try await database.schema("book_imports").delete()
        try await database.schema("loans").deleteField("opening_interest").update()
        try await database.schema("loans").deleteField("interest_from").update()
    }
}
