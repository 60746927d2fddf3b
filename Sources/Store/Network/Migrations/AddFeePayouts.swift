import Domain
import FluentKit
import SQLKit

/// Phí ủy thác on its real base, split between the levels, and paid out (CHANGES 2026-12-01
/// items 10 and 11): the month's balance on which interest was collected, the fee's monthly
/// rate and the levels' shares as dated data (the old per-cent-of-interest rates for the
/// commune and province organisations are gone), and each payout with its share of the lines.
struct AddFeePayouts: AsyncMigration {
    static let press =
        "Báo chí năm 2009 về phí ủy thác của NHCSXH (0,045 %/tháng từ 01/07/2009, trước đó 0,06 %);"
        + " quyết định hiện hành của HĐQT có thể khác: cần chi nhánh xác nhận"
    static let placeholder = "Số giữ chỗ: chưa có văn bản, cần chi nhánh xác nhận"

    static func integer(
        _ key: String, _ name: String, _ description: String,
        _ values: [(String, String, String, String)]
    ) -> SeedReferenceTables.Seed {
        .init(
            table: ReferenceTable(
                key: key, name: name, valueKind: .integer, description: description),
            values: values)
    }

    static let seeds: [SeedReferenceTables.Seed] = [
        integer(
            "fee_org_rate_millionths", "Phí ủy thác (phần triệu/tháng trên dư nợ có thu lãi)",
            "450 = 0,045 %/tháng trên dư nợ có thu được lãi trong tháng.",
            [("2009-07-01", "450", press, "")]),
        integer(
            "fee_share_commune_bp", "Phần phí ủy thác của hội cấp xã (phần vạn)", "8400 = 84 %.",
            [("2009-07-01", "8400", press, "")]),
        integer(
            "fee_share_district_bp", "Phần phí ủy thác của hội cấp huyện (phần vạn)",
            "Từ 01/07/2025 không còn cấp huyện: phần này chuyển theo bảng «fee_district_share_to».",
            [("2009-07-01", "800", press, "")]),
        integer(
            "fee_share_province_bp", "Phần phí ủy thác của hội cấp tỉnh (phần vạn)", "",
            [("2009-07-01", "500", press, "")]),
        integer(
            "fee_share_central_bp", "Phần phí ủy thác của hội cấp trung ương (phần vạn)", "",
            [("2009-07-01", "300", press, "")]),
        .init(
            table: ReferenceTable(
                key: "fee_district_share_to", name: "Phần phí của cấp huyện (cũ) chuyển cho",
                valueKind: .text,
                description: "district_organisation, commune_organisation, province_organisation"
                    + " hoặc central_organisation."),
            values: [
                ("2009-07-01", "district_organisation", press, ""),
                (
                    "2025-07-01", "commune_organisation", placeholder,
                    "Chính quyền hai cấp từ 01/07/2025."
                ),
            ]),
        integer(
            "fee_reduced_above_overdue_percent",
            "Nợ quá hạn trên mức này (%) thì giảm phí, hoa hồng",
            "Giảm theo bảng «fee_reduction_percent»; trên mức tối đa thì không trả.",
            [("2020-01-01", "100", placeholder, "Chưa áp dụng mức giảm.")]),
        integer(
            "fee_reduction_percent", "Mức giảm phí, hoa hồng (%)", "",
            [("2020-01-01", "0", placeholder, "")]),
    ]

    func prepare(on database: any Database) async throws {
        let sql = try database.sqlDatabase()
        try await database.schema("group_month_figures")
            .field("outstanding_with_interest", .int64, .required, .sql(.default(0))).update()
        try await database.schema("fee_lines")
            .field("rate_millionths", .int64, .required, .sql(.default(0))).update()
        try await database.schema("fee_payouts")
            .field("id", .string, .identifier(auto: false))
            .field("month", .string, .required)
            .field("payee", .string, .required)
            .field("amount", .int64, .required)
            .field("method", .string, .required)
            .field("paid_on", .string, .required)
            .field("entry_id", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .int64, .required)
            .create()
        try await database.schema("fee_payout_lines")
            .field("payout_id", .string, .required)
            .field("month", .string, .required)
            .field("payee", .string, .required)
            .field("group_id", .string, .required)
            .field("organisation", .string, .required)
            .field("unit_id", .string, .required)
            .field("recipient", .string, .required)
            .field("amount", .int64, .required)
            .create()
        try await sql.create(index: "fee_payout_lines_month").on("fee_payout_lines")
            .column("month").column("recipient").run()
        let old = CreateFees.seeds.filter {
            ["fee_commune_org_bp", "fee_province_org_bp"].contains($0.table.key)
        }
        try await SeedReferenceTables.remove(old, sql: sql)
        try await SeedReferenceTables.insert(Self.seeds, sql: sql)
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sqlDatabase()
        try await SeedReferenceTables.remove(Self.seeds, sql: sql)
        try await SeedReferenceTables.insert(
            CreateFees.seeds.filter {
                ["fee_commune_org_bp", "fee_province_org_bp"].contains($0.table.key)
            }, sql: sql)
        try await database.schema("fee_payout_lines").delete()
        try await database.schema("fee_payouts").delete()
        try await database.schema("fee_lines").deleteField("rate_millionths").update()
        try await database.schema("group_month_figures")
            .deleteField("outstanding_with_interest").update()
    }
}
