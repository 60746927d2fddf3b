import Domain
import SQLKit

/// Who borrows, for a row of the old book: a household by its code or by a member's CCCD, or a
/// unit in its own name (issue 14 §1).
extension BookImporter {
    /// The borrower a row names, or nil with its problem recorded by column.
    func borrower(
        _ row: CSVTable.Row, unit: UnitSummary, lookups: inout Lookups, sql: any SQLDatabase,
        problem: (String, String) -> Void
    ) async throws -> (id: String?, name: String)? {
        func text(_ column: String) -> String {
            (row[column] ?? "").trimmingCharacters(in: .whitespaces)
        }
        let read = OpeningBorrower.read(
            household: text("ma_ho"), citizen: text("so_cccd"), unit: text("ten_don_vi_vay"),
            group: text("ten_to"))
        switch read {
        case .failure(let refused):
            problem(refused.column, refused.message)
            return nil
        case .success(.household(let code)):
            guard let household = lookups.households[unit.id]?[code] else {
                problem(
                    "ma_ho", "Không có hộ «\(code.prefix(40))» đang hoạt động ở xã \(unit.name).")
                return nil
            }
            return (household.id, household.head)
        case .success(.citizen(let id)):
            guard
                let household = try await household(
                    citizen: id, unit: unit.id, lookups: &lookups, sql: sql)
            else {
                // The report names the row and the column; the number itself is masked, as
                // everywhere a CCCD is shown back (the report may be printed and passed on).
                problem(
                    "so_cccd",
                    "Không có thành viên hộ đang hoạt động nào mang số CCCD "
                        + "\(CitizenID(trusted: id).masked) ở xã \(unit.name).")
                return nil
            }
            return (household.id, household.head)
        case .success(.unit(let name)):
            return (nil, name)
        }
    }

    /// The household of the member holding `citizen` (CCCD) in `unit`, read once per commune.
    func household(
        citizen: String, unit: String, lookups: inout Lookups, sql: any SQLDatabase
    ) async throws -> (id: String, head: String)? {
        if lookups.citizens[unit] == nil {
            var found: [String: (id: String, head: String)] = [:]
            for r in try await sql.raw(
                """
                SELECT m.citizen_id AS c, h.id AS id, h.head_name AS head FROM members m
                JOIN households h ON h.id = m.household_id
                WHERE h.unit_id = \(bind: unit) AND h.closed_on IS NULL
                  AND m.citizen_id IS NOT NULL
                """
            ).all() {
                found[try r.decode(column: "c", as: String.self)] = (
                    try r.decode(column: "id", as: String.self),
                    try r.decode(column: "head", as: String.self)
                )
            }
            lookups.citizens[unit] = found
        }
        return lookups.citizens[unit]?[citizen]
    }
}
