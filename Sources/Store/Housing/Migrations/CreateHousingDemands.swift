import Domain
import FluentKit
import SQLKit

/// Nhu cầu vay nhà ở xã hội (issue 16, seed letter item 3): each registration with the
/// declaration it was assessed on, and the dated income ceilings and housing floor of Decree
/// 100/2024 as amended, as reference tables.
struct CreateHousingDemands: AsyncMigration {
    static let d100 = "Nghị định 100/2024/NĐ-CP (mức chưa xác nhận bằng văn bản gốc)"
    static let d261 = "Nghị định 261/2025/NĐ-CP, hiệu lực 10/10/2025"
    static let d136 = "Nghị định 136/2026/NĐ-CP, hiệu lực 07/04/2026 (theo nguồn thứ cấp)"

    static func money(
        _ key: String, _ name: String, _ values: [(String, String, String, String)]
    ) -> SeedReferenceTables.Seed {
        .init(
            table: ReferenceTable(
                key: key, name: name, valueKind: .money,
                description: "Thu nhập thực nhận bình quân tháng trong 12 tháng trước khi xác nhận."
            ),
            values: values)
    }

    static let seeds: [SeedReferenceTables.Seed] = [
        money(
            "housing_income_single", "Trần thu nhập nhà ở xã hội: người độc thân",
            [
                ("2024-08-01", "15.000.000", d100, ""), ("2025-10-10", "20.000.000", d261, ""),
                ("2026-04-07", "25.000.000", d136, ""),
            ]),
        money(
            "housing_income_married", "Trần thu nhập nhà ở xã hội: hai vợ chồng",
            [
                ("2024-08-01", "30.000.000", d100, ""), ("2025-10-10", "40.000.000", d261, ""),
                ("2026-04-07", "50.000.000", d136, ""),
            ]),
        money(
            "housing_income_single_parent",
            "Trần thu nhập nhà ở xã hội: độc thân nuôi con chưa thành niên",
            [("2025-10-10", "30.000.000", d261, ""), ("2026-04-07", "35.000.000", d136, "")]),
        .init(
            table: ReferenceTable(
                key: "housing_min_area_per_person",
                name: "Diện tích nhà ở bình quân tối thiểu (m²/người) để coi là đã có nhà",
                valueKind: .integer,
                description: "Có nhà nhưng dưới mức này vẫn được vay nhà ở xã hội."),
            values: [("2024-08-01", "15", d100, "Nghị định 54/2026 sửa điều kiện nhà ở.")]),
    ]

    func prepare(on database: any Database) async throws {
        try await database.schema("housing_demands")
            .field("id", .string, .identifier(auto: false))
            .field("unit_id", .string, .required, .references("units", "id"))
            .field("province_code", .int, .required)
            .field("applicant", .string, .required)
            .field("beneficiary", .string, .required)
            .field("marital", .string, .required)
            .field("monthly_income", .int64, .required)
            .field("owns_house", .int, .required)
            .field("area_per_person", .int, .required)
            .field("purpose", .string, .required)
            .field("households", .int, .required)
            .field("amount", .int64, .required)
            .field("surveyed_on", .string, .required)
            .field("source", .string, .required)
            .field("assessment", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .int64, .required)
            .create()
        let sql = try database.sqlDatabase()
        try await sql.create(index: "housing_demands_unit").on("housing_demands")
            .column("unit_id").column("purpose").run()
        try await SeedReferenceTables.insert(Self.seeds, sql: sql)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("housing_demands").delete()
        try await SeedReferenceTables.remove(Self.seeds, sql: try database.sqlDatabase())
    }
}
