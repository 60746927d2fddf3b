import Domain
import SQLKit

/// Thôn, tổ dân phố: each commune's villages, kept as reference data. A village enters the list
/// the first time a household of it is recorded (or an officer adds it); households keep the
/// name as written.
public struct VillageStore: Sendable {
    let sql: any SQLDatabase

    public init(sql: any SQLDatabase) { self.sql = sql }

    /// The villages of a commune (and of the communes it was formed from), by name.
    public func villages(of unitIDs: Set<String>) async throws -> [String] {
        guard !unitIDs.isEmpty else { return [] }
        let names = try await sql.select().column("name").from("villages").where("unit_id", .in, Array(unitIDs))
            .orderBy("folded_name").all(decodingColumn: "name", as: String.self)
        var seen: Set<String> = []
        return names.filter { seen.insert(TextFolding.fold($0)).inserted }
    }

    /// Adds the villages not yet known, set-based (a village met twice, in any spelling of case
    /// or diacritics, is one village).
    func register(_ pairs: [(unitID: String, name: String)], provinceCode: Int) async throws {
        var rows: [String: [any Encodable & Sendable]] = [:]
        for (unitID, name) in pairs {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            let folded = TextFolding.fold(trimmed)
            guard !folded.isEmpty else { continue }
            let id = "v|\(unitID)|\(folded)"
            if rows[id] == nil { rows[id] = [id, provinceCode, unitID, trimmed, folded] }
        }
        guard !rows.isEmpty else { return }
        for chunk in Array(rows.values).chunked(300) {
            var insert = sql.insert(into: "villages").columns("id", "province_code", "unit_id", "name", "folded_name").ignoringConflicts()
            for row in chunk { insert = insert.values(row) }
            try await insert.run()
        }
    }
}
