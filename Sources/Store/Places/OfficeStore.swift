import Domain
import SQLKit

/// An office as lists show it, with how many communes and points it serves.
public struct OfficeSummary: Sendable, Codable, Equatable {
    public let id: String
    public let kind: Office.Kind
    public let name: String
    public let provinceCode: Int
    public let address: String
    public let parentID: String?
    public let communeCount: Int
    public let pointCount: Int
}

/// Reads VBSP offices, narrowed to the scope: an office is visible when it serves a unit in scope.
public struct OfficeStore: Sendable {
    let sql: any SQLDatabase

    public init(sql: any SQLDatabase) { self.sql = sql }

    public func list(provinceCode: Int?, scope: AccessScope, paging: Paging) async throws -> Page<OfficeSummary> {
        if let province = provinceCode, !scope.admits(province: province) { throw PlatformError.outOfScope }
        var conditions: [SQLQueryString] = []
        if let province = provinceCode { conditions.append("o.province_code = \(bind: province)") }
        if !scope.isEverything {
            conditions.append("EXISTS (SELECT 1 FROM office_communes oc WHERE oc.office_id = o.id AND \(scope.condition("oc.unit_id")))")
        }
        let whereClause: SQLQueryString = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let total = try await sql.raw("SELECT COUNT(*) AS n FROM offices o \(whereClause)").first(decodingColumn: "n", as: Int.self) ?? 0
        let rows = try await sql.raw("""
            SELECT o.id AS id, o.kind AS kind, o.name AS name, o.province_code AS province_code, o.address AS address,
                   o.parent_id AS parent_id,
                   (SELECT COUNT(*) FROM office_communes oc WHERE oc.office_id = o.id) AS commune_count,
                   (SELECT COUNT(*) FROM transaction_points tp WHERE tp.office_id = o.id) AS point_count
            FROM offices o \(whereClause)
            ORDER BY o.province_code, CASE WHEN o.kind = 'branch' THEN 0 ELSE 1 END, o.name, o.id
            LIMIT \(bind: paging.limit) OFFSET \(bind: paging.offset)
            """).all()
        return Page(items: try rows.map(Self.summary), total: total)
    }

    public func office(id: String, scope: AccessScope) async throws -> (office: OfficeSummary, communes: [UnitSummary]) {
        let page = try await sql.raw("""
            SELECT o.id AS id, o.kind AS kind, o.name AS name, o.province_code AS province_code, o.address AS address,
                   o.parent_id AS parent_id,
                   (SELECT COUNT(*) FROM office_communes oc WHERE oc.office_id = o.id) AS commune_count,
                   (SELECT COUNT(*) FROM transaction_points tp WHERE tp.office_id = o.id) AS point_count
            FROM offices o WHERE o.id = \(bind: id)
            """).first()
        guard let row = page else { throw PlacesError.officeNotFound(id) }
        let unitIDs = try await sql.select().column("unit_id").from("office_communes").where("office_id", .equal, id)
            .all(decodingColumn: "unit_id", as: String.self)
        guard scope.isEverything || unitIDs.contains(where: { scope.contains(AdministrativeUnit.ID($0)) }) else {
            throw PlacesError.officeNotFound(id)
        }
        return (try Self.summary(row), try await UnitStore(sql: sql).communes(ids: unitIDs))
    }

    static func summary(_ row: any SQLRow) throws -> OfficeSummary {
        OfficeSummary(
            id: try row.decode(column: "id", as: String.self),
            kind: Office.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .transactionOffice,
            name: try row.decode(column: "name", as: String.self),
            provinceCode: try row.decode(column: "province_code", as: Int.self),
            address: try row.decode(column: "address", as: String.self),
            parentID: try row.decode(column: "parent_id", as: String?.self),
            communeCount: try row.decode(column: "commune_count", as: Int.self),
            pointCount: try row.decode(column: "point_count", as: Int.self))
    }
}
