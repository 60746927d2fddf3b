import Domain
import FluentKit
import SQLKit

/// Nhiệm vụ theo chỉ thị (issue 17): the documents that assign tasks, the agencies of each
/// province they go to, the tasks and each agency's progress reports; seeded with the seven
/// items of the seed letter (UBND tỉnh Hưng Yên, 11/2024, on Directive 40-CT/TW) for province
/// 33, and the two reporting deadlines as reference tables (the product's own defaults,
/// unconfirmed).
struct CreateDirectiveTasks: AsyncMigration {
    static let provinceCode = 33
    static let unconfirmed = "Mặc định của phần mềm, chưa có văn bản xác nhận"

    static let seeds: [SeedReferenceTables.Seed] = [
        .init(
            table: ReferenceTable(
                key: "directive_quarterly_grace_days",
                name: "Hạn báo cáo quý nhiệm vụ theo chỉ thị (số ngày sau khi hết quý)",
                valueKind: .integer,
                description:
                    "Báo cáo tiến độ hằng quý phải nộp trong số ngày này sau ngày cuối quý."),
            values: [("2024-01-01", "10", unconfirmed, "Chưa xác nhận văn bản gốc.")]),
        .init(
            table: ReferenceTable(
                key: "directive_yearly_due",
                name: "Hạn báo cáo năm nhiệm vụ theo chỉ thị (tháng-ngày, MM-DD)",
                valueKind: .text,
                description: "Báo cáo tiến độ hằng năm phải nộp trước ngày này của năm báo cáo."),
            values: [("2024-01-01", "12-15", unconfirmed, "Chưa xác nhận văn bản gốc.")]),
    ]

    /// The seven items, each with its agency and how the letter's words make it reported.
    static let items: [(agency: String, item: Int, recurrence: String, text: String)] = [
        // "nhiệm vụ trọng tâm, thường xuyên trong kế hoạch … theo từng giai đoạn và hàng năm".
        (
            "agencies", 1, "yearly",
            "Tuyên truyền, quán triệt Chỉ thị 40-CT/TW, Kết luận 06-KL/TW và các văn bản chỉ đạo về"
                + " tín dụng chính sách xã hội; xác định đây là nhiệm vụ trọng tâm, thường xuyên trong"
                + " kế hoạch phát triển kinh tế - xã hội hằng năm; nhân rộng mô hình sản xuất, kinh doanh"
                + " tiêu biểu sử dụng vốn vay hiệu quả; phối hợp rà soát, xác nhận hộ nghèo, cận nghèo"
                + " và đối tượng chính sách để được vay vốn kịp thời."
        ),
        // The provincial budget is proposed to the People's Council once a year.
        (
            "finance", 2, "yearly",
            "Tham mưu UBND tỉnh trình HĐND tỉnh bổ sung vốn ngân sách tỉnh ủy thác qua NHCSXH, nhất"
                + " là cho vay giải quyết việc làm và nhà ở xã hội; phấn đấu đến năm 2030 vốn ủy thác"
                + " từ ngân sách địa phương chiếm 15% tổng nguồn vốn tín dụng chính sách xã hội."
        ),
        // Demand is aggregated for the same yearly budget proposal.
        (
            "construction", 3, "yearly",
            "Rà soát, tổng hợp nhu cầu vay vốn nhà ở xã hội theo Nghị định 100/2024/NĐ-CP trên địa"
                + " bàn tỉnh; phối hợp Sở Tài chính, Chi nhánh NHCSXH tham mưu UBND tỉnh trình HĐND"
                + " tỉnh bố trí vốn ngân sách tỉnh cho vay nhà ở xã hội."
        ),
        // Lending, credit quality and the transaction points are continuous work: each quarter.
        (
            "vbsp", 4, "quarterly",
            "Phối hợp chính quyền các cấp và các tổ chức chính trị - xã hội nhận ủy thác thực hiện"
                + " hiệu quả các chương trình tín dụng chính sách; củng cố chất lượng tín dụng và hoạt"
                + " động của các Điểm giao dịch xã; ngăn chặn, đẩy lùi tín dụng đen; kiểm tra, giám sát;"
                + " đẩy mạnh chuyển đổi số."
        ),
        // "Hàng năm … bố trí ngân sách địa phương ủy thác": the review and allocation are yearly.
        (
            "communes", 5, "yearly",
            "Rà soát, xác định hộ nghèo, cận nghèo, mới thoát nghèo, thoát cận nghèo, hộ nông, ngư"
                + " nghiệp có mức sống trung bình và đối tượng chính sách để NHCSXH cho vay; hằng năm bố"
                + " trí ngân sách địa phương ủy thác sang NHCSXH; lồng ghép chương trình phát triển kinh"
                + " tế, khuyến nông, đào tạo nghề với vốn tín dụng chính sách."
        ),
        // The "Vì người nghèo" peak month comes once a year.
        (
            "front", 6, "yearly",
            "Tuyên truyền chính sách tín dụng xã hội, phong trào «Vì người nghèo - Không ai bị bỏ lại"
                + " phía sau» và Tháng cao điểm «Vì người nghèo» để huy động đóng góp bổ sung nguồn vốn;"
                + " thực hiện đầy đủ nội dung ủy thác, cho vay đúng đối tượng, hướng dẫn sử dụng vốn"
                + " đúng mục đích; giám sát, phản biện xã hội."
        ),
        // Inspection and supervision at grassroots level run through the year: each quarter.
        (
            "vbsp-board", 7, "quarterly",
            "Kiểm tra, giám sát việc thực hiện các chương trình tín dụng chính sách tại cơ sở, bảo"
                + " đảm vốn đến đúng đối tượng; đầu tư cơ sở vật chất, trang thiết bị, an ninh, an toàn"
                + " các Điểm giao dịch xã; nghiên cứu mở rộng đối tượng cho vay; phấn đấu đến năm 2030"
                + " tỷ lệ hộ nghèo toàn tỉnh còn 0%."
        ),
    ]

    func prepare(on database: any Database) async throws {
        try await database.schema("directive_documents")
            .field("id", .string, .identifier(auto: false))
            .field("province_code", .int, .required)
            .field("number", .string, .required)
            .field("issued", .string, .required)
            .field("issuer", .string, .required)
            .field("title", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .int64, .required)
            .create()
        try await database.schema("directive_agencies")
            .field("province_code", .int, .required)
            .field("id", .string, .required)
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("position", .int, .required)
            .compositeIdentifier(over: "province_code", "id")
            .create()
        try await database.schema("directive_tasks")
            .field("id", .string, .identifier(auto: false))
            .field("province_code", .int, .required)
            .field("document_id", .string, .required, .references("directive_documents", "id"))
            .field("agency_id", .string, .required)
            .field("item", .int, .required)
            .field("text", .string, .required)
            .field("folded", .string, .required)
            .field("recurrence", .string, .required)
            .field("due_on", .string)
            .field("assigned_on", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .int64, .required)
            .create()
        try await database.schema("directive_reports")
            .field("id", .string, .identifier(auto: false))
            .field("province_code", .int, .required)
            .field("task_id", .string, .required, .references("directive_tasks", "id"))
            .field("period", .string, .required)
            .field("reported_on", .string, .required)
            .field("status", .string, .required)
            .field("text", .string, .required)
            .field("reported_by", .string, .required)
            .field("created_at", .int64, .required)
            .create()
        let sql = try database.sqlDatabase()
        try await sql.create(index: "directive_tasks_province_agency").on("directive_tasks")
            .column("province_code").column("agency_id").run()
        try await sql.create(index: "directive_reports_task_period").on("directive_reports")
            .column("task_id").column("period").run()
        try await Self.seed(sql)
        try await SeedReferenceTables.insert(Self.seeds, sql: sql)
    }

    static func seed(_ sql: any SQLDatabase) async throws {
        let document = SourceDocument.seedLetter
        try await sql.insertBatches(
            into: "directive_documents",
            columns: [
                "id", "province_code", "number", "issued", "issuer", "title", "created_by",
                "created_at",
            ],
            rows: [
                [
                    document.id.rawValue, provinceCode, document.number, document.issued.text,
                    document.issuer, document.title, "system", Int64(0),
                ]
            ])
        try await sql.insertBatches(
            into: "directive_agencies",
            columns: ["province_code", "id", "name", "kind", "position"],
            rows: Agency.seedLetter.enumerated().map { (n, a) -> [any Encodable & Sendable] in
                [provinceCode, a.id.rawValue, a.name, a.kind.rawValue, n + 1]
            })
        let names = Dictionary(
            uniqueKeysWithValues: Agency.seedLetter.map { ($0.id.rawValue, $0.name) })
        try await sql.insertBatches(
            into: "directive_tasks", columns: DirectiveStore.taskColumns,
            rows: items.map { i -> [any Encodable & Sendable] in
                [
                    "\(provinceCode)-ct40-\(i.item)", provinceCode, document.id.rawValue, i.agency,
                    i.item, i.text, DirectiveStore.folded(i.text, agency: names[i.agency] ?? ""),
                    i.recurrence, nil as String?, document.issued.firstDay.iso, "system", Int64(0),
                ]
            })
    }

    func revert(on database: any Database) async throws {
        try await database.schema("directive_reports").delete()
        try await database.schema("directive_tasks").delete()
        try await database.schema("directive_agencies").delete()
        try await database.schema("directive_documents").delete()
        try await SeedReferenceTables.remove(Self.seeds, sql: try database.sqlDatabase())
    }
}
