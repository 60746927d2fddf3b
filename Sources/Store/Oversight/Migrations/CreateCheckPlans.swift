import Domain
import FluentKit
import SQLKit

/// Kế hoạch kiểm tra sử dụng vốn vay (issue 17): each plan with the rules and seed it drew
/// with, its sampled loans and why each was drawn; the sampling defaults as reference tables.
struct CreateCheckPlans: AsyncMigration {
    static let seeds: [SeedReferenceTables.Seed] = [
        .init(
            table: ReferenceTable(
                key: "check_sample_share_permille",
                name: "Tỷ lệ chọn ngẫu nhiên khoản vay để kiểm tra sử dụng vốn (phần nghìn)",
                valueKind: .integer,
                description: "100 = 10 % số khoản vay giải ngân trong kỳ của kế hoạch."),
            values: [("2014-11-22", "100", CreateOversight.own, "")]),
        .init(
            table: ReferenceTable(
                key: "check_sample_amount_above",
                name: "Kiểm tra mọi khoản vay từ số tiền này (đồng)", valueKind: .money,
                description: "Khoản vay lớn luôn được chọn vào mẫu."),
            values: [("2014-11-22", "100.000.000", CreateOversight.own, "")]),
    ]

    func prepare(on database: any Database) async throws {
        try await database.schema("check_plans")
            .field("id", .string, .identifier(auto: false))
            .field("province_code", .int, .required)
            .field("title", .string, .required)
            .field("unit_ids", .string, .required)
            .field("disbursed_from", .string, .required)
            .field("disbursed_to", .string, .required)
            .field("rules", .string, .required)
            .field("seed", .string, .required)
            .field("created_on", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .int64, .required)
            .create()
        try await database.schema("check_plan_loans")
            .field("plan_id", .string, .required, .references("check_plans", "id"))
            .field("loan_id", .string, .required)
            .field("reason", .string, .required)
            .unique(on: "plan_id", "loan_id")
            .create()
        try await SeedReferenceTables.insert(Self.seeds, sql: try database.sqlDatabase())
    }

    func revert(on database: any Database) async throws {
        try await database.schema("check_plan_loans").delete()
        try await database.schema("check_plans").delete()
        try await SeedReferenceTables.remove(Self.seeds, sql: try database.sqlDatabase())
    }
}
