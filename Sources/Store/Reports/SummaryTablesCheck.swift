import Domain
import SQLKit

/// The summary tables the writes keep, against a recount from the rows they summarise, for
/// `policy-credit verify`: a write path that forgot to refresh them shows here. Set-based: one
/// query per table and direction, whatever the size of the book.
enum SummaryTablesCheck {
    static func problems(sql: any SQLDatabase, today: BusinessDate) async throws -> [String] {
        let cells = CurrentLoanFigures.counted(loans: "1 = 1", on: today)
        let month = String(today.iso.prefix(7))
        var problems = try await differences(
            sql: sql, table: "current_loan_figures", counted: cells,
            keys: ["unit_id", "program_code", "organisation", "group_id"],
            values: ["loans", "outstanding"], label: "Số liệu tháng hiện hành")
        // The flows count for rows of the business date's month only.
        problems += try await differences(
            sql: sql, table: "current_loan_figures", counted: cells,
            keys: ["unit_id", "program_code", "organisation", "group_id"],
            values: ["disbursed", "principal_repaid", "interest_collected"],
            label: "Số liệu tháng hiện hành", only: "f.month = \(bind: month)")
        problems += try await differences(
            sql: sql, table: "current_unit_borrowers",
            counted: CurrentLoanFigures.countedBorrowers(loans: "1 = 1"), keys: ["unit_id"],
            values: ["borrowers"], label: "Số người vay còn dư nợ")
        problems += try await differences(
            sql: sql, table: "registry_unit_households",
            counted: RegistryFigures.countedHouseholds(where: nil), keys: ["unit_id"],
            values: ["households"], label: "Số hộ theo xã")
        problems += try await differences(
            sql: sql, table: "registry_unit_classes",
            counted: RegistryFigures.countedClasses(where: nil),
            keys: ["unit_id", "edge", "on_date"], values: ["poor", "near_poor", "reviewed"],
            label: "Số hộ nghèo, cận nghèo theo xã")
        return problems
    }

    /// Rows of `table` (alias `f`) and of the recount (alias `r`) that differ in a value, or
    /// are in one and not the other (a row of zeros missing counts as equal).
    static func differences(
        sql: any SQLDatabase, table: String, counted: SQLQueryString, keys: [String],
        values: [String], label: String, only: SQLQueryString = "1 = 1"
    ) async throws -> [String] {
        let join = SQLQueryString(keys.map { "f.\($0) = r.\($0)" }.joined(separator: " AND "))
        func differ(_ a: String, _ b: String) -> SQLQueryString {
            SQLQueryString(
                values.map { "COALESCE(\(a).\($0), 0) <> COALESCE(\(b).\($0), 0)" }
                    .joined(separator: " OR "))
        }
        let key = SQLQueryString(
            keys.map { "COALESCE(f.\($0), r.\($0))" }.joined(separator: " || '/' || "))
        let found = try await sql.raw(
            """
            SELECT \(key) AS k FROM (\(counted)) r LEFT JOIN \(unsafeRaw: table) f ON \(join)
            WHERE (f.\(unsafeRaw: keys[0]) IS NULL OR \(only)) AND (\(differ("r", "f")))
            UNION ALL
            SELECT \(key) AS k FROM \(unsafeRaw: table) f LEFT JOIN (\(counted)) r ON \(join)
            WHERE r.\(unsafeRaw: keys[0]) IS NULL AND \(only) AND (\(differ("f", "r")))
            """
        ).all(decodingColumn: "k", as: String.self)
        return found.sorted().prefix(20).map { "\(label) khác số đếm lại: \($0)." }
    }
}
