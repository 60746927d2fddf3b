import Domain
import FluentKit
import SQLKit

/// Xóa nợ theo đợt (issue 15): the checklist of Decision 50/2010 Art. 5 as dated data, each
/// condition with its document; batches (đợt) with the approval level by amount, also dated.
/// `lending.md` §10 does not verify the conditions, so every seeded row says so.
struct AddWriteOffBatches: AsyncMigration {
    static let source =
        "Quyết định 50/2010/QĐ-TTg, Điều 5, sửa đổi bởi Quyết định 08/2021/QĐ-TTg"
        + " (tóm tắt, chưa đối chiếu văn bản gốc)"
    static let levels =
        "Số giữ chỗ: phân cấp phê duyệt xóa nợ của HĐQT NHCSXH, cần chi nhánh xác nhận"

    /// (code, measures, group, label, document, from)
    static let conditions: [(String, String, String, String, String, String)] = [
        (
            "request", "interest,principal", "",
            "Khách hàng, người thừa kế hoặc người đại diện có giấy đề nghị xử lý nợ bị rủi ro",
            "Giấy đề nghị xử lý nợ bị rủi ro", "2010-09-10"
        ),
        (
            "group_verified", "interest,principal", "",
            "Tổ TK&VV và tổ chức hội nhận ủy thác đã kiểm tra, xác minh và lập biên bản",
            "Biên bản xác minh của tổ và tổ chức hội", "2010-09-10"
        ),
        (
            "commune_confirmed", "interest,principal", "",
            "UBND cấp xã xác nhận nguyên nhân và mức độ thiệt hại",
            "Xác nhận của UBND cấp xã", "2010-09-10"
        ),
        (
            "cause_disaster", "interest,principal", "cause",
            "Thiên tai, dịch bệnh, hỏa hoạn làm mất vốn, tài sản",
            "Biên bản xác định mức độ thiệt hại", "2010-09-10"
        ),
        (
            "cause_death", "interest,principal", "cause",
            "Khách hàng chết, mất tích hoặc mất năng lực hành vi dân sự",
            "Giấy chứng tử, quyết định tuyên bố mất tích hoặc mất năng lực hành vi dân sự",
            "2010-09-10"
        ),
        (
            "cause_illness", "interest,principal", "cause",
            "Khách hàng hoặc thành viên gia đình mắc bệnh hiểm nghèo",
            "Giấy xác nhận của cơ sở y tế", "2010-09-10"
        ),
        (
            "cause_policy", "interest,principal", "cause",
            "Nhà nước thay đổi chính sách, thu hồi đất làm khách hàng thiệt hại",
            "Văn bản của cơ quan có thẩm quyền", "2010-09-10"
        ),
        (
            "cause_employer", "interest,principal", "cause",
            "Doanh nghiệp phá sản hoặc chấm dứt hợp đồng, người lao động về nước trước hạn",
            "Văn bản của doanh nghiệp hoặc cơ quan có thẩm quyền", "2021-05-19"
        ),
        (
            "no_assets", "principal", "",
            "Khách hàng không còn tài sản để trả nợ; người thừa kế không có khả năng trả nợ",
            "Biên bản xác minh tài sản có xác nhận của UBND cấp xã", "2010-09-10"
        ),
    ]

    static let seeds: [SeedReferenceTables.Seed] = [
        .init(
            table: ReferenceTable(
                key: "write_off_branch_max", name: "Mức xóa nợ một hồ sơ do chi nhánh tỉnh duyệt",
                valueKind: .money,
                description: "Gốc và lãi xóa của một hồ sơ; trên mức này do Tổng Giám đốc duyệt."),
            values: [("2010-09-10", "50.000.000", levels, "")]),
        .init(
            table: ReferenceTable(
                key: "write_off_head_office_max",
                name: "Mức xóa nợ một hồ sơ do Tổng Giám đốc duyệt",
                valueKind: .money,
                description: "Trên mức này do Hội đồng quản trị NHCSXH duyệt."),
            values: [("2010-09-10", "500.000.000", levels, "")]),
    ]

    func prepare(on database: any Database) async throws {
        try await Self.tables(database)
        let sql = try database.sqlDatabase()
        try await sql.insertBatches(
            into: "write_off_conditions",
            columns: [
                "id", "code", "measures", "alternative_group", "label", "document",
                "effective_from", "retired", "legal_source", "confirmed", "created_at",
                "created_by",
            ],
            rows: Self.conditions.map { c in
                [
                    "seed-\(c.0)-\(c.5)", c.0, c.1, c.2, c.3, c.4, c.5, 0, Self.source, 0,
                    Int64(0), "system",
                ]
            })
        try await SeedReferenceTables.insert(Self.seeds, sql: sql)
    }

    static func tables(_ database: any Database) async throws {
        try await database.schema("write_off_conditions")
            .field("id", .string, .identifier(auto: false))
            .field("code", .string, .required)
            .field("measures", .string, .required)
            .field("alternative_group", .string, .required)
            .field("label", .string, .required)
            .field("document", .string, .required)
            .field("effective_from", .string, .required)
            .field("retired", .int, .required)
            .field("legal_source", .string, .required)
            .field("confirmed", .int, .required)
            .field("created_at", .int64, .required)
            .field("created_by", .string, .required)
            .unique(on: "code", "effective_from")
            .create()
        try await database.schema("write_off_batches")
            .field("id", .string, .identifier(auto: false))
            .field("province_code", .int, .required)
            .field("title", .string, .required)
            .field("opened_on", .string, .required)
            .field("status", .string, .required)
            .field("required_level", .string, .required)
            .field("submitted_on", .string)
            .field("decision", .string)
            .field("created_by", .string, .required)
            .field("created_at", .int64, .required)
            .create()
        try await database.schema("write_off_files")
            .field("id", .string, .identifier(auto: false))
            .field("batch_id", .string, .required, .references("write_off_batches", "id"))
            .field("loan_id", .string, .required, .references("loans", "id"))
            .field("province_code", .int, .required)
            .field("measure", .string, .required)
            .field("interest", .int64, .required)
            .field("principal", .int64, .required)
            .field("risk_file", .string, .required)
            .field("evidence", .string, .required)
            .field("status", .string, .required)
            .field("entry_id", .string)
            .field("created_by", .string, .required)
            .field("created_at", .int64, .required)
            .unique(on: "batch_id", "loan_id")
            .create()
        try await database.sqlDatabase().create(index: "write_off_files_loan")
            .on("write_off_files").column("loan_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("write_off_files").delete()
        try await database.schema("write_off_batches").delete()
        try await database.schema("write_off_conditions").delete()
        try await SeedReferenceTables.remove(Self.seeds, sql: try database.sqlDatabase())
    }
}
