import FluentKit
import SQLKit

/// Reading a loan asks, for each of its events, whether another event reverses it. Without an
/// index that is a scan of every event per event: quadratic in the book, and what made a
/// month-end over 20,000 loans take minutes.
struct IndexLoanEventReversals: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await (try database.sqlDatabase()).create(index: "loan_events_reverses").on("loan_events").column("reverses").run()
    }

    func revert(on database: any Database) async throws {
        try await (try database.sqlDatabase()).drop(index: "loan_events_reverses").run()
    }
}
