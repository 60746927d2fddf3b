import Domain
import FluentKit
import SQLKit

/// The first reference tables, with the values in force and their legal source. Later contexts
/// add theirs in their own migrations; admins add new dated values through the pages and API.
struct SeedReferenceTables: AsyncMigration {
    struct Seed {
        let table: ReferenceTable
        let values: [(from: String, value: String, source: String, note: String)]
    }

    static let seeds: [Seed] = [
        Seed(table: ReferenceTable(key: "anchor_rate", name: "Lãi suất cho vay hộ nghèo (mức neo)",
                                   valueKind: .rate,
                                   description: "Lãi suất mà nhiều chương trình khác tính theo tỷ lệ (120 %, 125 %, 127 %…)."),
             values: [("2015-06-05", "0,55", "Quyết định 750/QĐ-TTg ngày 01/06/2015", ""),
                      ("2025-12-01", "0,52", "Quyết định 2553/QĐ-TTg ngày 21/11/2025", "Áp dụng cả cho dư nợ hiện có.")]),
        Seed(table: ReferenceTable(key: "group_members_min", name: "Số thành viên tối thiểu của tổ TK&VV",
                                   valueKind: .integer, description: "Tổ có ít hơn số này phải củng cố, sáp nhập."),
             values: [("2021-01-01", "3", "Mô tả của NHCSXH năm 2021", "Chưa xác nhận văn bản gốc."),
                      ("2026-02-11", "5", "Hướng dẫn 727/HD-NHCS ngày 11/02/2026 (theo danh mục kiểm tra của chi nhánh)", "Chưa xác nhận văn bản gốc.")]),
        Seed(table: ReferenceTable(key: "group_members_max", name: "Số thành viên tối đa của tổ TK&VV",
                                   valueKind: .integer, description: "Tổ vượt số này phải tách."),
             values: [("2021-01-01", "60", "Mô tả của NHCSXH năm 2021; Hướng dẫn 727/HD-NHCS", "Chưa xác nhận văn bản gốc.")]),
    ]

    func prepare(on database: any Database) async throws {
        try await Self.insert(Self.seeds, sql: try database.sqlDatabase())
    }

    /// Later migrations seed their own tables the same way.
    static func insert(_ seeds: [Seed], sql: any SQLDatabase) async throws {
        for seed in seeds {
            try await sql.insert(into: "reference_tables")
                .columns("key", "name", "value_kind", "description")
                .values(seed.table.key, seed.table.name, seed.table.valueKind.rawValue, seed.table.description)
                .run()
            for value in seed.values {
                try await sql.insert(into: "reference_values")
                    .columns("id", "table_key", "effective_from", "value", "legal_source", "note", "created_at", "created_by")
                    .values("seed-\(seed.table.key)-\(value.from)", seed.table.key, value.from,
                            try seed.table.valueKind.normalise(value.value), value.source, value.note, Int64(0), "system")
                    .run()
            }
        }
    }

    func revert(on database: any Database) async throws {
        try await Self.remove(Self.seeds, sql: try database.sqlDatabase())
    }

    static func remove(_ seeds: [Seed], sql: any SQLDatabase) async throws {
        for seed in seeds {
            try await sql.delete(from: "reference_values").where("table_key", .equal, seed.table.key).run()
            try await sql.delete(from: "reference_tables").where("key", .equal, seed.table.key).run()
        }
    }
}
