import Domain
import FluentKit
import SQLKit

/// Fees and commissions: the dated rates and conditions as reference data (all unconfirmed), and
/// the lines each month-end computed, with the entry that made them payable.
struct CreateFees: AsyncMigration {
    static let source = "Quyết định của HĐQT NHCSXH về phí ủy thác, hoa hồng (chưa có văn bản; số giữ chỗ, cần chi nhánh xác nhận)"
    static let seeds: [SeedReferenceTables.Seed] = [
        .init(table: ReferenceTable(key: "fee_group_commission_bp", name: "Hoa hồng tổ TK&VV (phần vạn lãi tổ trưởng thu)", valueKind: .integer,
                                    description: "800 = 8 % số lãi tổ trưởng thu được trong tháng."),
              values: [("2020-01-01", "800", source, "Số giữ chỗ.")]),
        .init(table: ReferenceTable(key: "fee_commune_org_bp", name: "Phí ủy thác hội cấp xã (phần vạn lãi thu được)", valueKind: .integer, description: ""),
              values: [("2020-01-01", "600", source, "Số giữ chỗ.")]),
        .init(table: ReferenceTable(key: "fee_province_org_bp", name: "Phí ủy thác hội cấp tỉnh (phần vạn lãi thu được)", valueKind: .integer, description: ""),
              values: [("2020-01-01", "100", source, "Số giữ chỗ.")]),
        .init(table: ReferenceTable(key: "fee_min_collection_percent", name: "Tỷ lệ thu lãi tối thiểu để được trả phí, hoa hồng (%)", valueKind: .integer,
                                    description: "Dưới mức này tháng đó không trả cho tổ và hội."),
              values: [("2020-01-01", "90", source, "Số giữ chỗ.")]),
        .init(table: ReferenceTable(key: "fee_max_overdue_percent", name: "Tỷ lệ nợ quá hạn tối đa để được trả phí, hoa hồng (%)", valueKind: .integer,
                                    description: "Trên mức này tháng đó không trả cho tổ và hội."),
              values: [("2020-01-01", "5", source, "Số giữ chỗ.")]),
    ]

    func prepare(on database: any Database) async throws {
        try await database.schema("fee_lines")
            .field("month", .string, .required)
            .field("payee", .string, .required)
            .field("group_id", .string, .required)
            .field("organisation", .string, .required)
            .field("unit_id", .string, .required)
            .field("base", .int64, .required)
            .field("basis_points", .int64, .required)
            .field("amount", .int64, .required)
            .field("reason", .string, .required)
            .field("entry_id", .string)
            .compositeIdentifier(over: "month", "payee", "group_id")
            .create()
        try await SeedReferenceTables.insert(Self.seeds, sql: try database.sqlDatabase())
    }

    func revert(on database: any Database) async throws {
        try await SeedReferenceTables.remove(Self.seeds, sql: try database.sqlDatabase())
        try await database.schema("fee_lines").delete()
    }
}
