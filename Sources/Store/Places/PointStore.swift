import Domain
import FluentKit
import Foundation
import SQLKit

/// A commune transaction point as pages and the API show it.
public struct PointSummary: Sendable, Codable, Equatable {
    public let id: String
    public let name: String
    public let address: String
    public let unitID: String
    public let unitCode: Int
    public let unitName: String
    public let officeID: String
    public let officeName: String
    public let provinceCode: Int
    /// Facilities whose state calls for action (not `good`).
    public let facilitiesNeedingAction: Int
}

public struct FacilityRecord: Sendable, Codable, Equatable {
    public let id: String
    public let category: Facility.Category
    public let item: String
    public let state: Facility.State
    public let checkedOn: BusinessDate
}

/// Điểm giao dịch xã and their facilities, narrowed to the scope.
public struct PointStore: Sendable {
    let database: any Database
    var sql: any SQLDatabase { get throws { try database.sqlDatabase() } }

    public init(database: any Database) { self.database = database }

    static let select: SQLQueryString = """
        SELECT p.id AS id, p.name AS name, p.address AS address, p.unit_id AS unit_id, u.code AS unit_code,
               u.name AS unit_name, p.office_id AS office_id, o.name AS office_name, p.province_code AS province_code,
               (SELECT COUNT(*) FROM point_facilities f WHERE f.point_id = p.id AND f.state <> 'good') AS needing_action
        FROM transaction_points p JOIN units u ON u.id = p.unit_id JOIN offices o ON o.id = p.office_id
        """

    /// Points in scope; `unitIDs` narrows to the units a list is about (a commune and its predecessors).
    public func list(unitIDs: Set<String>?, officeID: String?, needingAction: Bool, scope: AccessScope,
                     paging: Paging) async throws -> Page<PointSummary> {
        var conditions: [SQLQueryString] = []
        if let unitIDs {
            if !scope.isEverything, unitIDs.isDisjoint(with: scope.unitIDs.map(\.rawValue)) { throw PlatformError.outOfScope }
            conditions.append("p.unit_id IN (\(binds: Array(unitIDs)))")
        }
        if let officeID { conditions.append("p.office_id = \(bind: officeID)") }
        if needingAction { conditions.append("EXISTS (SELECT 1 FROM point_facilities f WHERE f.point_id = p.id AND f.state <> 'good')") }
        conditions.append(scope.condition("p.unit_id"))
        let whereClause: SQLQueryString = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let total = try await sql.raw("SELECT COUNT(*) AS n FROM transaction_points p \(whereClause)")
            .first(decodingColumn: "n", as: Int.self) ?? 0
        let rows = try await sql.raw("\(Self.select) \(whereClause) ORDER BY u.name, p.name, p.id LIMIT \(bind: paging.limit) OFFSET \(bind: paging.offset)").all()
        return Page(items: try rows.map(Self.summary), total: total)
    }

    public func point(id: String, scope: AccessScope) async throws -> (point: PointSummary, facilities: [FacilityRecord]) {
        guard let row = try await sql.raw("\(Self.select) WHERE p.id = \(bind: id)").first() else {
            throw PlacesError.pointNotFound(id)
        }
        let point = try Self.summary(row)
        guard scope.contains(AdministrativeUnit.ID(point.unitID)) else { throw PlacesError.pointNotFound(id) }
        let facilities = try await sql.select().columns("id", "category", "item", "state", "checked_on").from("point_facilities")
            .where("point_id", .equal, id).orderBy("category").orderBy("item").orderBy("id").all()
            .map { row in
                FacilityRecord(
                    id: try row.decode(column: "id", as: String.self),
                    category: Facility.Category(rawValue: try row.decode(column: "category", as: String.self)) ?? .equipment,
                    item: try row.decode(column: "item", as: String.self),
                    state: Facility.State(rawValue: try row.decode(column: "state", as: String.self)) ?? .good,
                    checkedOn: try BusinessDate(iso: try row.decode(column: "checked_on", as: String.self)))
            }
        return (point, facilities)
    }

    /// Records a check of one facility item: a new item, or a new state and date for an existing
    /// one (same category and item name). Audited with before and after.
    public func recordFacilityCheck(pointID: String, category: Facility.Category, item: String, state: Facility.State,
                                    checkedOn: BusinessDate, actor: Actor, scope: AccessScope, world: World)
        async throws -> FacilityRecord {
        let name = item.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 200 else { throw PlacesError.invalidFacility("tên hạng mục phải có từ 1 đến 200 ký tự") }
        guard checkedOn <= world.today else { throw PlacesError.invalidFacility("ngày kiểm tra không được sau hôm nay") }
        let (point, facilities) = try await self.point(id: pointID, scope: scope)
        let before = facilities.first { $0.category == category && TextFolding.fold($0.item) == TextFolding.fold(name) }
        let after = FacilityRecord(id: before?.id ?? world.newID(), category: category, item: before?.item ?? name,
                                   state: state, checkedOn: checkedOn)
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            if before != nil {
                try await sql.update("point_facilities").set("state", to: state.rawValue).set("checked_on", to: checkedOn.iso)
                    .where("id", .equal, after.id).run()
            } else {
                try await sql.insert(into: "point_facilities")
                    .columns("id", "point_id", "province_code", "category", "item", "state", "checked_on")
                    .values(after.id, pointID, point.provinceCode, category.rawValue, after.item, state.rawValue, checkedOn.iso)
                    .run()
            }
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: before == nil ? "facility.create" : "facility.check", recordType: "point_facility",
                recordID: after.id, provinceCode: point.provinceCode, before: before, after: after)
        }
        return after
    }

    static func summary(_ row: any SQLRow) throws -> PointSummary {
        PointSummary(
            id: try row.decode(column: "id", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            address: try row.decode(column: "address", as: String.self),
            unitID: try row.decode(column: "unit_id", as: String.self),
            unitCode: try row.decode(column: "unit_code", as: Int.self),
            unitName: try row.decode(column: "unit_name", as: String.self),
            officeID: try row.decode(column: "office_id", as: String.self),
            officeName: try row.decode(column: "office_name", as: String.self),
            provinceCode: try row.decode(column: "province_code", as: Int.self),
            facilitiesNeedingAction: try row.decode(column: "needing_action", as: Int.self))
    }
}
