import Domain
import FluentKit
import SQLKit

/// Kiểm tra, giám sát (issue 17, seed letter items 6 and 7): yearly inspection plans,
/// inspections with the group record, findings and cases with their follow-up steps,
/// black-credit reports, the result of each loan-use check, and the dated follow-up rules.
struct CreateOversight: AsyncMigration {
    static let own = "Quy ước của sản phẩm, chưa có văn bản xác nhận"

    static func integer(
        _ key: String, _ name: String, _ value: String, _ description: String
    ) -> SeedReferenceTables.Seed {
        .init(
            table: ReferenceTable(
                key: key, name: name, valueKind: .integer, description: description),
            values: [("2014-11-22", value, own, "")])
    }

    static let seeds: [SeedReferenceTables.Seed] = [
        integer(
            "case_reopen_days", "Số ngày được mở lại phát hiện, vụ việc sau khi đóng", "30",
            "Sau số ngày này, phát hiện đã đóng không mở lại được; ghi phát hiện mới."),
        integer(
            "use_check_deadline_days", "Thời hạn kiểm tra sử dụng vốn sau giải ngân (ngày)", "30",
            "Khoản vay mới quá thời hạn này mà chưa kiểm tra được liệt kê (lending.md §11)."),
        integer(
            "use_check_finding_days", "Hạn khắc phục phát hiện sử dụng vốn sai mục đích (ngày)",
            "30", "Tính từ ngày kiểm tra phát hiện sai mục đích."),
    ]

    func prepare(on database: any Database) async throws {
        try await database.schema("inspection_plans")
            .field("id", .string, .identifier(auto: false))
            .field("province_code", .int, .required)
            .field("year", .int, .required)
            .field("body", .string, .required)
            .field("title", .string, .required)
            .field("planned", .int, .required)
            .field("created_by", .string, .required)
            .field("created_at", .int64, .required)
            .create()
        try await database.schema("inspections")
            .field("id", .string, .identifier(auto: false))
            .field("province_code", .int, .required)
            .field("unit_id", .string, .required, .references("units", "id"))
            .field("plan_id", .string)
            .field("body", .string, .required)
            .field("subject", .string, .required)
            .field("subject_id", .string)
            .field("subject_name", .string, .required)
            .field("inspected_on", .string, .required)
            .field("team", .string, .required)
            .field("conclusion", .string, .required)
            .field("group_record", .string)
            .field("organisation", .string)
            .field("group_id", .string)
            .field("folded", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .int64, .required)
            .create()
        try await database.schema("inspection_loans")
            .field("inspection_id", .string, .required, .references("inspections", "id"))
            .field("loan_id", .string, .required)
            .unique(on: "inspection_id", "loan_id")
            .create()
        try await createFindings(on: database)
        try await database.schema("loan_use_checks").field("result", .string).update()
        let sql = try database.sqlDatabase()
        try await sql.raw(
            """
            UPDATE loan_use_checks SET result = CASE WHEN used_as_intended = 0
            THEN 'wrong_purpose' ELSE 'right_purpose' END
            """
        ).run()
        try await sql.create(index: "inspections_unit").on("inspections")
            .column("unit_id").column("inspected_on").run()
        try await sql.create(index: "findings_unit").on("findings")
            .column("unit_id").column("status").run()
        try await sql.create(index: "finding_subjects_subject").on("finding_subjects")
            .column("subject_id").run()
        try await sql.create(index: "finding_steps_finding").on("finding_steps")
            .column("finding_id").column("at").run()
        try await SeedReferenceTables.insert(Self.seeds, sql: sql)
    }

    func createFindings(on database: any Database) async throws {
        try await database.schema("findings")
            .field("id", .string, .identifier(auto: false))
            .field("province_code", .int, .required)
            .field("unit_id", .string, .required, .references("units", "id"))
            .field("source", .string, .required)
            .field("inspection_id", .string)
            .field("use_check_id", .string)
            .field("category", .string, .required)
            .field("description", .string, .required)
            .field("required_action", .string, .required)
            .field("responsible", .string, .required)
            .field("due_on", .string)
            .field("priority", .string, .required)
            .field("status", .string, .required)
            .field("found_on", .string, .required)
            .field("last_step_on", .string, .required)
            .field("closed_on", .string)
            .field("organisation", .string)
            .field("group_id", .string)
            .field("folded", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .int64, .required)
            .create()
        try await database.schema("finding_subjects")
            .field("finding_id", .string, .required, .references("findings", "id"))
            .field("kind", .string, .required)
            .field("subject_id", .string, .required)
            .unique(on: "finding_id", "kind", "subject_id")
            .create()
        try await database.schema("finding_steps")
            .field("id", .string, .identifier(auto: false))
            .field("finding_id", .string, .required, .references("findings", "id"))
            .field("from_status", .string, .required)
            .field("to_status", .string, .required)
            .field("step_on", .string, .required)
            .field("note", .string, .required)
            .field("by_user", .string, .required)
            .field("at", .int64, .required)
            .create()
        try await database.schema("black_credit_reports")
            .field("finding_id", .string, .identifier(auto: false))
            .field("raised_at", .string, .required)
            .field("point_id", .string)
            .field("lender", .string, .required)
            .field("households", .int, .required)
            .field("police_referred_on", .string)
            .field("police_reference", .string, .required)
            .field("reporter_name", .string, .required)
            .field("reporter_contact", .string, .required)
            .field("handler", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in [
            "black_credit_reports", "finding_steps", "finding_subjects", "findings",
            "inspection_loans", "inspections", "inspection_plans",
        ] {
            try await database.schema(table).delete()
        }
        try await database.schema("loan_use_checks").deleteField("result").update()
        try await SeedReferenceTables.remove(Self.seeds, sql: try database.sqlDatabase())
    }
}
