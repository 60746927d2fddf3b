import Domain
import FluentKit
import SQLKit

/// Review campaigns and their households; the approval chain as dated reference data.
struct CreateReviews: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("review_campaigns")
            .field("id", .string, .identifier(auto: false))
            .field("province_code", .int, .required)
            .field("unit_id", .string, .required, .references("units", "id"))
            .field("year", .int, .required)
            .field("kind", .string, .required)
            .field("definition", .string, .required)
            .field("created_at", .int64, .required)
            .create()
        try await database.schema("review_entries")
            .field("campaign_id", .string, .required, .references("review_campaigns", "id"))
            .field("household_id", .string, .required, .references("households", "id"))
            .field("province_code", .int, .required)
            .field("definition", .string, .required)
            .compositeIdentifier(over: "campaign_id", "household_id")
            .create()
        let sql = try database.sqlDatabase()
        try await sql.create(index: "review_campaigns_unit").on("review_campaigns").column("unit_id").column("year").run()
        try await sql.insert(into: "reference_tables").columns("key", "name", "value_kind", "description")
            .values("review_approval_chain", "Trình tự phê duyệt kết quả rà soát hộ nghèo", "text",
                    "Ai quyết định công nhận và báo cáo lên đâu. Bước cấp huyện không còn từ 01/07/2025; bước thay thế chưa được xác nhận.")
            .run()
        for (id, from, value, source) in [
            ("seed-review_approval_chain-2022", "2022-01-01",
             "Chủ tịch UBND xã báo cáo, xin ý kiến Chủ tịch UBND huyện; Chủ tịch UBND xã quyết định công nhận",
             "Quyết định 24/2021/QĐ-TTg ngày 16/07/2021"),
            ("seed-review_approval_chain-2025", "2025-07-01",
             "Chủ tịch UBND xã quyết định công nhận; báo cáo UBND tỉnh",
             "Chính quyền địa phương hai cấp từ 01/07/2025 (bước thay thế cấp huyện chưa được xác nhận)"),
        ] {
            try await sql.insert(into: "reference_values")
                .columns("id", "table_key", "effective_from", "value", "legal_source", "note", "created_at", "created_by")
                .values(id, "review_approval_chain", from, value, source, "", Int64(0), "system").run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sqlDatabase()
        try await sql.delete(from: "reference_values").where("table_key", .equal, "review_approval_chain").run()
        try await sql.delete(from: "reference_tables").where("key", .equal, "review_approval_chain").run()
        try await database.schema("review_entries").delete()
        try await database.schema("review_campaigns").delete()
    }
}
