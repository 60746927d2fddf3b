import Domain
import FluentKit
import SQLKit

/// The summary tables month-end writes and the dashboards and indicator pages read (số liệu tháng):
/// per group, per commune × program × organisation, and the loans with three months of interest
/// arrears. Written batch by batch with the batch's checkpoint, so a rerun never counts twice.
/// Also the dated savings interest rate and the switch of the moved-sitting grace rule.
struct CreateMonthFigures: AsyncMigration {
    static let seeds: [SeedReferenceTables.Seed] = [
        .init(table: ReferenceTable(key: "savings_interest_bp_year", name: "Lãi suất tiền gửi tiết kiệm của tổ viên (phần vạn mỗi năm)", valueKind: .integer,
                                    description: "Tính trên số dư cuối ngày, năm 365 ngày, trả vào tài khoản cuối tháng. 120 = 1,2 %/năm."),
              values: [("2016-01-01", "120", "NHCSXH, sản phẩm tiết kiệm của người nghèo (lãi suất do NHCSXH công bố; chưa có văn bản)",
                        "Số giữ chỗ, cần chi nhánh xác nhận.")]),
        .init(table: ReferenceTable(key: "moved_sitting_grace", name: "Không tính quá hạn khi phiên giao dịch dời ngày (1 = có, 0 = không)",
                                    valueKind: .integer,
                                    description: "Khi phiên giao dịch dời sang ngày sau, kỳ trả nợ đến hạn từ ngày cũ đến trước ngày mới được dời theo."),
              values: [("2016-01-01", "1", "Thực tiễn phòng giao dịch (lending.md §7; quy định chưa xác nhận)", "Có thể tắt bằng giá trị 0.")]),
    ]

    func prepare(on database: any Database) async throws {
        try await database.schema("group_month_figures")
            .field("month", .string, .required)
            .field("group_id", .string, .required)
            .field("organisation", .string, .required)
            .field("unit_id", .string, .required)
            .field("province_code", .int, .required)
            .field("loans", .int, .required)
            .field("outstanding", .int64, .required)
            .field("overdue", .int64, .required)
            .field("frozen", .int64, .required)
            .field("interest_arrears", .int64, .required)
            .field("arrears_loans", .int, .required)
            .field("interest_due", .int64, .required)
            .field("interest_collected", .int64, .required)
            .field("interest_via_leader", .int64, .required)
            .field("principal_due", .int64, .required)
            .field("principal_collected", .int64, .required)
            .field("members", .int, .required)
            .field("members_saving", .int, .required)
            .field("savings", .int64, .required)
            .field("savings_previous", .int64, .required)
            .field("meetings", .int, .required)
            .field("sittings", .int, .required)
            .compositeIdentifier(over: "month", "group_id")
            .create()
        try await database.schema("unit_month_figures")
            .field("month", .string, .required)
            .field("unit_id", .string, .required)
            .field("program_code", .string, .required)
            .field("organisation", .string, .required)
            .field("province_code", .int, .required)
            .field("loans", .int, .required)
            .field("outstanding", .int64, .required)
            .field("overdue", .int64, .required)
            .field("frozen", .int64, .required)
            .field("interest_arrears", .int64, .required)
            .field("arrears_loans", .int, .required)
            .field("interest_due", .int64, .required)
            .field("interest_collected", .int64, .required)
            .field("disbursed", .int64, .required)
            .field("principal_repaid", .int64, .required)
            .compositeIdentifier(over: "month", "unit_id", "program_code", "organisation")
            .create()
        try await database.schema("month_arrears_loans")
            .field("month", .string, .required)
            .field("loan_id", .string, .required)
            .field("unit_id", .string, .required)
            .field("group_id", .string)
            .field("organisation", .string)
            .field("province_code", .int, .required)
            .field("outstanding", .int64, .required)
            .field("interest_arrears", .int64, .required)
            .compositeIdentifier(over: "month", "loan_id")
            .create()
        let sql = try database.sqlDatabase()
        try await sql.create(index: "unit_month_figures_unit").on("unit_month_figures").column("unit_id").column("month").run()
        try await sql.create(index: "group_month_figures_unit").on("group_month_figures").column("unit_id").column("month").run()
        try await SeedReferenceTables.insert(Self.seeds, sql: sql)
    }

    func revert(on database: any Database) async throws {
        try await SeedReferenceTables.remove(Self.seeds, sql: try database.sqlDatabase())
        for table in ["month_arrears_loans", "unit_month_figures", "group_month_figures"] { try await database.schema(table).delete() }
    }
}
