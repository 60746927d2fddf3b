import Domain
import SQLKit

/// Turns a user's scope into the unit versions it reaches: the units in force that it names and
/// every unit they came from, so that records kept under a unit that was merged away are found
/// under its successor (one recursive query over the map's links).
public struct ScopeResolver: Sendable {
    let sql: any SQLDatabase

    public init(sql: any SQLDatabase) { self.sql = sql }

    public func resolve(_ spec: ScopeSpec, today: BusinessDate) async throws -> AccessScope {
        let seed: SQLQueryString
        switch spec {
        case .everything:
            return .everything
        case .province(let code):
            seed = "SELECT id FROM units WHERE province_code = \(bind: code.value)"
        case .commune(let code):
            seed = """
                SELECT id FROM units WHERE level = 'commune' AND code = \(bind: code.value)
                AND (valid_from IS NULL OR valid_from <= \(bind: today.iso))
                AND (valid_to IS NULL OR valid_to >= \(bind: today.iso))
                """
        case .office(let id):
            seed = "SELECT unit_id AS id FROM office_communes WHERE office_id = \(bind: id.rawValue)"
        }
        let query: SQLQueryString = """
            WITH RECURSIVE reach(id) AS (
                \(seed)
                UNION
                SELECT l.from_unit_id FROM map_links l JOIN reach r ON l.to_unit_id = r.id
            )
            SELECT u.id AS id, u.province_code AS province_code FROM reach r JOIN units u ON u.id = r.id
            """
        let rows = try await sql.raw(query).all()
        var ids: Set<AdministrativeUnit.ID> = []
        var provinces: Set<Int> = []
        for row in rows {
            ids.insert(AdministrativeUnit.ID(try row.decode(column: "id", as: String.self)))
            provinces.insert(try row.decode(column: "province_code", as: Int.self))
        }
        var scope = AccessScope(isEverything: false, unitIDs: ids, provinceCodes: provinces)
        scope.wholeProvinces = try await wholeProvinces(of: rows)
        scope.unitsOutsideWholeProvinces = Set(try rows.filter { !scope.wholeProvinces.contains(try $0.decode(column: "province_code", as: Int.self)) }
            .map { AdministrativeUnit.ID(try $0.decode(column: "id", as: String.self)) })
        return scope
    }

    /// The provinces whose every unit the scope reaches (a province scope reaches its own and,
    /// through the 2025 mergers, all of the provinces merged into it).
    func wholeProvinces(of rows: [any SQLRow]) async throws -> Set<Int> {
        var reached: [Int: Int] = [:]
        for row in rows { reached[try row.decode(column: "province_code", as: Int.self), default: 0] += 1 }
        guard !reached.isEmpty else { return [] }
        let totals = try await sql.raw("""
            SELECT province_code, COUNT(*) AS n FROM units WHERE province_code IN (\(binds: Array(reached.keys))) GROUP BY province_code
            """).all()
        var whole: Set<Int> = []
        for row in totals {
            let province = try row.decode(column: "province_code", as: Int.self)
            if try row.decode(column: "n", as: Int.self) == reached[province] { whole.insert(province) }
        }
        return whole
    }

    /// "Phường Phố Hiến (11953)": the scope as people read it.
    public func label(_ spec: ScopeSpec) async throws -> String {
        switch spec {
        case .everything: return "Toàn hệ thống"
        case .province(let code), .commune(let code):
            let level = if case .province = spec { "province" } else { "commune" }
            let name = try await sql.select().column("name").from("units").where("level", .equal, level)
                .where("code", .equal, code.value).where("valid_to", .is, SQLLiteral.null)
                .first(decodingColumn: "name", as: String.self)
            return "\(name ?? "Đơn vị") (\(code.value))"
        case .office(let id):
            let name = try await sql.select().column("name").from("offices").where("id", .equal, id.rawValue)
                .first(decodingColumn: "name", as: String.self)
            return "Các xã do \(name ?? id.rawValue) phục vụ"
        }
    }
}
