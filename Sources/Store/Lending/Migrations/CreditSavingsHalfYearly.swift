import Domain
import FluentKit
import SQLKit

/// CHANGES 2026-12-01 item 9: members' savings interest is owed monthly (4913) and credited to
/// the accounts on 30/6 and 31/12. Adds the payable account and says so in the rate's table.
struct CreditSavingsHalfYearly: AsyncMigration {
    static let description =
        "Tính trên số dư cuối ngày từ ngày gửi, năm 365 ngày; mỗi tháng hạch toán lãi phải trả,"
        + " ghi vào tài khoản tổ viên ngày 30/6 và 31/12. 120 = 1,2 %/năm."

    func prepare(on database: any Database) async throws {
        let sql = try database.sqlDatabase()
        try await LedgerStore.ensure(ChartOfAccounts.savingsInterestPayable, sql: sql)
        try await sql.update("reference_tables").set("description", to: Self.description)
            .where("key", .equal, "savings_interest_bp_year").run()
    }

    func revert(on database: any Database) async throws {}
}
