import Domain
import FluentKit
import SQLKit

/// Members' savings accounts and their movements, and the collection batches posted for a group
/// (the bảng kê of a sitting): the lines as given, the cash counted, the totals.
struct CreateCollections: AsyncMigration {
    static let seeds: [SeedReferenceTables.Seed] = [
        .init(table: ReferenceTable(key: "savings_min_deposit", name: "Số tiền gửi tiết kiệm tối thiểu một lần của tổ viên", valueKind: .money,
                                    description: "Tổ viên gửi tiết kiệm qua tổ tại phiên giao dịch; dưới mức này không nhận."),
              values: [("2016-01-01", "5000", "NHCSXH, sản phẩm tiết kiệm của người nghèo (eng.vbsp.org.vn, 2016)", "Chưa xác nhận văn bản gốc.")]),
    ]

    func prepare(on database: any Database) async throws {
        try await database.schema("savings_accounts")
            .field("id", .string, .identifier(auto: false))
            .field("household_id", .string, .required)
            .field("group_id", .string, .required)
            .field("unit_id", .string, .required)
            .field("province_code", .int, .required)
            .field("opened_on", .string, .required)
            .field("balance", .int64, .required)
            .field("updated_at", .int64, .required)
            .unique(on: "household_id")
            .create()
        try await database.schema("savings_movements")
            .field("id", .string, .identifier(auto: false))
            .field("account_id", .string, .required, .references("savings_accounts", "id"))
            .field("on_date", .string, .required)
            .field("amount", .int64, .required)
            .field("kind", .string, .required)
            .field("batch_id", .string)
            .field("entry_id", .string)
            .field("actor", .string, .required)
            .field("created_at", .int64, .required)
            .create()
        try await database.schema("collection_batches")
            .field("id", .string, .identifier(auto: false))
            .field("group_id", .string, .required)
            .field("unit_id", .string, .required)
            .field("province_code", .int, .required)
            .field("on_date", .string, .required)
            .field("at_sitting", .bool, .required)
            .field("cash_counted", .int64, .required)
            .field("interest", .int64, .required)
            .field("interest_via_leader", .int64, .required)
            .field("principal", .int64, .required)
            .field("deposits", .int64, .required)
            .field("withdrawals", .int64, .required)
            .field("lines", .string, .required)
            .field("actor", .string, .required)
            .field("created_at", .int64, .required)
            .create()
        // Bản nháp of the entry page, per group and officer: keying a long sheet survives a lost connection.
        try await database.schema("collection_drafts")
            .field("group_id", .string, .required)
            .field("actor", .string, .required)
            .field("form", .string, .required)
            .field("updated_at", .int64, .required)
            .compositeIdentifier(over: "group_id", "actor")
            .create()
        let sql = try database.sqlDatabase()
        try await sql.create(index: "savings_movements_account").on("savings_movements").column("account_id").column("on_date").run()
        try await sql.create(index: "collection_batches_group").on("collection_batches").column("group_id").column("on_date").run()
        try await SeedReferenceTables.insert(Self.seeds, sql: sql)
    }

    func revert(on database: any Database) async throws {
        try await SeedReferenceTables.remove(Self.seeds, sql: try database.sqlDatabase())
        for table in ["collection_drafts", "collection_batches", "savings_movements", "savings_accounts"] { try await database.schema(table).delete() }
    }
}
