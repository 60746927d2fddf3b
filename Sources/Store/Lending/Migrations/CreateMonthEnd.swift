import FluentKit
import SQLKit

/// The month-end runs and their checkpoints: each batch of communes is written with its checkpoint
/// in one transaction, so a run killed in the middle resumes where it stopped.
struct CreateMonthEnd: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("month_end_runs")
            .field("month", .string, .identifier(auto: false))
            .field("business_date", .string, .required)
            .field("status", .string, .required)
            .field("started_at", .int64, .required)
            .field("finished_at", .int64)
            .field("summary", .string, .required)
            .create()
        try await database.schema("month_end_batches")
            .field("month", .string, .required)
            .field("step", .string, .required)
            .field("batch", .string, .required)
            .field("entry_id", .string)
            .field("loans", .int, .required)
            .field("done_at", .int64, .required)
            .compositeIdentifier(over: "month", "step", "batch")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("month_end_batches").delete()
        try await database.schema("month_end_runs").delete()
    }
}
