import Domain
import FluentKit
import SQLKit

/// Điều chỉnh lãi suất (issue #14 §2, CHANGES 2026-12-01 item 5): the adjustments as dated data,
/// the refunds each month-end gives back for months already closed, and their payment at the
/// sitting. Seeds Decision 2654/QĐ-TTg for Hưng Yên, whose place in its scope is an inference
/// (its legal source says so): an administrator withdraws it before a month-end settles it.
struct CreateRateAdjustments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("rate_adjustments")
            .field("id", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("program_codes", .string, .required)
            .field("province_codes", .string, .required)
            .field("capital_sources", .string, .required)
            .field("from_date", .string, .required)
            .field("through_date", .string, .required)
            .field("change_kind", .string, .required)
            .field("change_value", .int64, .required)
            .field("legal_source", .string, .required)
            // The month whose month-end took it into the book (nil until then: withdrawable).
            .field("settled_month", .string)
            .field("actor", .string, .required)
            .field("created_at", .int64, .required)
            .create()
        try await database.schema("interest_refunds")
            .field("id", .string, .identifier(auto: false))
            .field("month", .string, .required)
            .field("loan_id", .string, .required, .references("loans", "id"))
            .field("unit_id", .string, .required)
            .field("group_id", .string)
            .field("adjustments", .string, .required)
            .field("amount", .int64, .required)
            .field("offset_amount", .int64, .required)
            .field("owed", .int64, .required)
            .field("entry_id", .string, .required)
            .field("paid_on", .string)
            .field("payout_entry_id", .string)
            .field("paid_by", .string)
            .unique(on: "month", "loan_id")
            .create()
        let sql = try database.sqlDatabase()
        try await sql.create(index: "interest_refunds_unit").on("interest_refunds")
            .column("unit_id").column("month").run()
        try await LedgerStore.ensure(ChartOfAccounts.interestRefundPayable, sql: sql)
        try await RateAdjustmentStore.insert(Self.decision2654, actor: "system", at: 0, sql: sql)
    }

    /// Decision 2654/QĐ-TTg of 04/12/2025: −2 %/năm from 01/10 to 31/12/2025 on loans whose rate
    /// the Prime Minister sets (central and mobilised capital, not the local budget's), in 22
    /// localities from Quảng Ngãi north (press; Hưng Yên among them is our inference).
    static let decision2654 = RateAdjustment(
        id: "QD2654-2025", name: "Giảm 2 %/năm lãi suất cho vay quý IV/2025",
        scope: RateAdjustmentScope(provinceCodes: [33], capitalSources: [.central, .mobilised]),
        from: BusinessDate(fixedYear: 2025, month: 10, day: 1),
        through: BusinessDate(fixedYear: 2025, month: 12, day: 31),
        change: .pointsPerYear(-20_000_000),
        legalSource: "Quyết định 2654/QĐ-TTg ngày 04/12/2025 (theo báo chí; tỉnh Hưng Yên thuộc"
            + " phạm vi là suy luận, cần xác nhận)")

    func revert(on database: any Database) async throws {
        try await database.schema("interest_refunds").delete()
        try await database.schema("rate_adjustments").delete()
    }
}
