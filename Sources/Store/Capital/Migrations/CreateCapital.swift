import Domain
import FluentKit
import SQLKit

/// Nguồn vốn (issue 16, seed letter item 2): every allocation and transfer between programs
/// with its decision and its ledger entry, each year's plan per unit and source, the accounts
/// of capital received, and the planning assumptions of the 15 % target as reference tables.
struct CreateCapital: AsyncMigration {
    static let seeds: [SeedReferenceTables.Seed] = [
        .init(
            table: ReferenceTable(
                key: "capital_local_share_target_bp",
                name: "Mục tiêu tỷ trọng vốn ngân sách địa phương ủy thác đến 2030 (phần vạn)",
                valueKind: .integer,
                description:
                    "Vốn ngân sách địa phương ủy thác / tổng nguồn vốn tín dụng chính sách."),
            values: [
                (
                    "2023-07-20", "1500",
                    "Văn bản 1931/UBND-TH ngày 20/07/2023 thực hiện Quyết định 05/QĐ-TTg",
                    "Mục tiêu 15 % nêu trong văn bản chỉ đạo của tỉnh."
                )
            ]),
        .init(
            table: ReferenceTable(
                key: "capital_total_growth_bp",
                name: "Giả định tăng trưởng tổng nguồn vốn mỗi năm (phần vạn)",
                valueKind: .integer,
                description: "Giả định lập lộ trình; người dùng đổi được trên trang nguồn vốn."),
            values: [
                (
                    "2023-01-01", "800", "Giả định lập kế hoạch, không phải quy định",
                    "Sửa khi có kế hoạch tăng trưởng nguồn vốn của chi nhánh."
                )
            ]),
    ]

    func prepare(on database: any Database) async throws {
        try await database.schema("capital_movements")
            .field("id", .string, .identifier(auto: false))
            .field("kind", .string, .required)
            .field("source", .string, .required)
            .field("level", .string, .required)
            .field("province_code", .int, .required)
            .field("unit_id", .string, .required, .references("units", "id"))
            .field("program_code", .string, .required)
            .field("to_program_code", .string)
            .field("amount", .int64, .required)
            .field("on_date", .string, .required)
            .field("decision_number", .string, .required)
            .field("decision_date", .string, .required)
            .field("note", .string, .required)
            .field("entry_id", .string, .required)
            .field("actor", .string, .required)
            .field("created_at", .int64, .required)
            .create()
        try await database.schema("capital_plans")
            .field("id", .string, .identifier(auto: false))
            .field("year", .int, .required)
            .field("source", .string, .required)
            .field("level", .string, .required)
            .field("province_code", .int, .required)
            .field("unit_id", .string, .required, .references("units", "id"))
            .field("amount", .int64, .required)
            .field("decision_number", .string, .required)
            .field("actor", .string, .required)
            .field("updated_at", .int64, .required)
            .unique(on: "year", "unit_id", "source")
            .create()
        let sql = try database.sqlDatabase()
        try await sql.create(index: "capital_movements_province").on("capital_movements")
            .column("province_code").column("on_date").run()
        for account in [
            ChartOfAccounts.capitalReceivedCentral, ChartOfAccounts.capitalReceivedProvince,
            ChartOfAccounts.capitalReceivedCommune, ChartOfAccounts.capitalReceivedMobilised,
        ] {
            try await LedgerStore.ensure(account, sql: sql)
        }
        try await SeedReferenceTables.insert(Self.seeds, sql: sql)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("capital_plans").delete()
        try await database.schema("capital_movements").delete()
        try await SeedReferenceTables.remove(Self.seeds, sql: try database.sqlDatabase())
    }
}
