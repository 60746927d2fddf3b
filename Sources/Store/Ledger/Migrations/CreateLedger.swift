import Domain
import FluentKit
import SQLKit

/// The journal: entries and their lines (never updated nor deleted), the chart of accounts, the
/// months closed by month-end, and the idempotency keys of money commands.
struct CreateLedger: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("ledger_accounts")
            .field("code", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .create()
        try await database.schema("journal_entries")
            .field("id", .string, .identifier(auto: false))
            .field("posted_on", .string, .required)
            .field("kind", .string, .required)
            .field("description", .string, .required)
            .field("reverses", .string)
            .field("actor", .string, .required)
            .field("created_at", .int64, .required)
            .create()
        try await database.schema("journal_lines")
            .field("entry_id", .string, .required, .references("journal_entries", "id"))
            .field("line_no", .int, .required)
            .field("posted_on", .string, .required)
            .field("account", .string, .required, .references("ledger_accounts", "code"))
            .field("debit", .int64, .required)
            .field("credit", .int64, .required)
            .field("loan_id", .string)
            .field("program_code", .string)
            .field("unit_id", .string)
            .field("group_id", .string)
            .compositeIdentifier(over: "entry_id", "line_no")
            .create()
        try await database.schema("closed_periods")
            .field("month", .string, .identifier(auto: false))
            .field("closed_at", .int64, .required)
            .field("actor", .string, .required)
            .create()
        try await database.schema("idempotency_keys")
            .field("actor", .string, .required)
            .field("key", .string, .required)
            .field("request_hash", .string, .required)
            .field("response", .string, .required)
            .field("created_at", .int64, .required)
            .compositeIdentifier(over: "actor", "key")
            .create()
        let sql = try database.sqlDatabase()
        try await sql.create(index: "journal_lines_account").on("journal_lines").column("account").column("posted_on").run()
        try await sql.create(index: "journal_lines_loan").on("journal_lines").column("loan_id").run()
        try await sql.create(index: "journal_entries_reverses").on("journal_entries").column("reverses").run()
        try await sql.insertBatches(into: "ledger_accounts", columns: ["code", "name", "kind"],
                                    rows: ChartOfAccounts.all.map { [$0.code, $0.name, $0.kind.rawValue] })
    }

    func revert(on database: any Database) async throws {
        for table in ["idempotency_keys", "closed_periods", "journal_lines", "journal_entries", "ledger_accounts"] {
            try await database.schema(table).delete()
        }
    }
}
