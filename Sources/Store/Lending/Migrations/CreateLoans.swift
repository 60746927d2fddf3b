import Domain
import FluentKit
import SQLKit

/// Applications (01/TD to 04/TD), loans with their instalments and events, and the risk limits as
/// dated reference data. Running figures on `loans` are the sub-ledger `verify` checks against the journal.
struct CreateLoans: AsyncMigration {
    static let limits: [SeedReferenceTables.Seed] = [
        .init(table: ReferenceTable(key: "extension_short_term_months", name: "Gia hạn nợ tối đa cho khoản vay ngắn hạn (tháng)", valueKind: .integer,
                                    description: "Khoản vay đến 12 tháng được gia hạn tối đa số tháng này."),
              values: [("2021-05-19", "12", "Quyết định 08/2021/QĐ-TTg ngày 11/03/2021", "")]),
        .init(table: ReferenceTable(key: "extension_long_term_percent", name: "Gia hạn nợ tối đa cho khoản vay trung, dài hạn (% thời hạn vay)",
                                    valueKind: .integer, description: "Khoản vay trên 12 tháng được gia hạn tối đa bằng tỷ lệ này của thời hạn đã cho vay."),
              values: [("2021-05-19", "50", "Quyết định 08/2021/QĐ-TTg; phát biểu của Phó Tổng giám đốc NHCSXH (2024)", "Chưa xác nhận văn bản gốc.")]),
        .init(table: ReferenceTable(key: "freeze_min_loss_percent", name: "Khoanh nợ: tỷ lệ thiệt hại vốn tối thiểu (%)", valueKind: .integer,
                                    description: "Thiệt hại dưới mức này chỉ được gia hạn nợ."),
              values: [("2021-05-19", "40", "Quyết định 08/2021/QĐ-TTg sửa Điều 6 Quyết định 50/2010/QĐ-TTg", "")]),
        .init(table: ReferenceTable(key: "freeze_high_loss_percent", name: "Khoanh nợ: tỷ lệ thiệt hại của mức khoanh dài (%)", valueKind: .integer,
                                    description: "Thiệt hại từ mức này được khoanh thời hạn dài hơn."),
              values: [("2021-05-19", "80", "Quyết định 08/2021/QĐ-TTg", "")]),
        .init(table: ReferenceTable(key: "freeze_months_low", name: "Khoanh nợ tối đa khi thiệt hại 40% đến dưới 80% (tháng)", valueKind: .integer,
                                    description: ""),
              values: [("2021-05-19", "36", "Quyết định 08/2021/QĐ-TTg", "")]),
        .init(table: ReferenceTable(key: "freeze_months_high", name: "Khoanh nợ tối đa khi thiệt hại từ 80% (tháng)", valueKind: .integer,
                                    description: ""),
              values: [("2021-05-19", "60", "Quyết định 08/2021/QĐ-TTg", "")]),
    ]

    func prepare(on database: any Database) async throws {
        try await database.schema("loan_applications")
            .field("id", .string, .identifier(auto: false))
            .field("program_code", .string, .required)
            .field("channel", .string, .required)
            .field("household_id", .string)
            .field("representative_id", .string)
            .field("borrower_name", .string, .required)
            .field("group_id", .string)
            .field("organisation", .string)
            .field("unit_id", .string, .required)
            .field("province_code", .int, .required)
            .field("amount", .int64, .required)
            .field("term_months", .int, .required)
            .field("interval_months", .int, .required)
            .field("purpose", .string, .required)
            .field("collateral", .string, .required)
            .field("state", .string, .required)
            .field("submitted_on", .string, .required)
            .field("submitted_by", .string, .required)
            .field("vote_meeting_id", .string)
            .field("voted_on", .string)
            .field("certified_on", .string)
            .field("certified_by", .string)
            .field("prepared_on", .string)
            .field("prepared_by", .string)
            .field("decided_on", .string)
            .field("decided_by", .string)
            .field("reason", .string, .required)
            .field("loan_id", .string)
            .field("updated_at", .int64, .required)
            .create()
        try await database.schema("loans")
            .field("id", .string, .identifier(auto: false))
            .field("application_id", .string, .required)
            .field("program_code", .string, .required)
            .field("channel", .string, .required)
            .field("household_id", .string)
            .field("borrower_name", .string, .required)
            .field("group_id", .string)
            .field("organisation", .string)
            .field("unit_id", .string, .required)
            .field("province_code", .int, .required)
            .field("approved", .int64, .required)
            .field("term_months", .int, .required)
            .field("interval_months", .int, .required)
            .field("disbursed_on", .string, .required)
            .field("original_maturity", .string, .required)
            .field("maturity", .string, .required)
            .field("overdue_percent", .int64, .required)
            .field("day_count", .string, .required)
            .field("state", .string, .required)
            .field("frozen_from", .string)
            .field("frozen_through", .string)
            .field("disbursed", .int64, .required)
            .field("principal_repaid", .int64, .required)
            .field("principal_written_off", .int64, .required)
            .field("interest_paid", .int64, .required)
            .field("interest_written_off", .int64, .required)
            .field("updated_at", .int64, .required)
            .create()
        try await database.schema("loan_instalments")
            .field("loan_id", .string, .required, .references("loans", "id"))
            .field("seq", .int, .required)
            .field("due_on", .string, .required)
            .field("original_due_on", .string, .required)
            .field("principal", .int64, .required)
            .field("paid", .int64, .required)
            .compositeIdentifier(over: "loan_id", "seq")
            .create()
        try await database.schema("loan_events")
            .field("id", .string, .identifier(auto: false))
            .field("loan_id", .string, .required, .references("loans", "id"))
            .field("kind", .string, .required)
            .field("on_date", .string, .required)
            .field("principal", .int64, .required)
            .field("interest", .int64, .required)
            .field("method", .string)
            .field("capital_source", .string)
            .field("entry_id", .string)
            .field("reverses", .string)
            .field("details", .string, .required)
            .field("actor", .string, .required)
            .field("created_at", .int64, .required)
            .create()
        let sql = try database.sqlDatabase()
        try await sql.create(index: "loan_applications_unit").on("loan_applications").column("unit_id").column("state").run()
        try await sql.create(index: "loan_applications_group").on("loan_applications").column("group_id").run()
        try await sql.create(index: "loans_unit").on("loans").column("unit_id").column("program_code").run()
        try await sql.create(index: "loans_household").on("loans").column("household_id").run()
        try await sql.create(index: "loans_group").on("loans").column("group_id").run()
        try await sql.create(index: "loan_instalments_due").on("loan_instalments").column("due_on").run()
        try await sql.create(index: "loan_events_loan").on("loan_events").column("loan_id").column("on_date").run()
        try await SeedReferenceTables.insert(Self.limits, sql: sql)
    }

    func revert(on database: any Database) async throws {
        try await SeedReferenceTables.remove(Self.limits, sql: try database.sqlDatabase())
        for table in ["loan_events", "loan_instalments", "loans", "loan_applications"] { try await database.schema(table).delete() }
    }
}
