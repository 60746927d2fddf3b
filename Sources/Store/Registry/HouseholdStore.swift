import Domain
import FluentKit
import Foundation
import SQLKit

/// A household as lists show it.
public struct HouseholdSummary: Sendable, Equatable, Codable {
    public let id: String
    public let code: String
    public let unitID: String
    public let unitCode: Int
    public let unitName: String
    public let village: String
    public let area: Area
    public let headName: String
    public let memberCount: Int
    public let classification: Classification?
}

/// Tìm kiếm hộ: a list filter.
public struct HouseholdQuery: Sendable {
    public var text: String?
    /// The units whose households to list (a commune and its predecessors), or nil for the whole scope.
    public var unitIDs: Set<String>?
    public var provinceCode: Int?
    public var village: String?
    public var classification: Classification?
    public var asOf: BusinessDate
    public var paging: Paging

    public init(text: String? = nil, unitIDs: Set<String>? = nil, provinceCode: Int? = nil, village: String? = nil,
                classification: Classification? = nil, asOf: BusinessDate, paging: Paging = Paging()) {
        self.text = text
        self.unitIDs = unitIDs
        self.provinceCode = provinceCode
        self.village = village
        self.classification = classification
        self.asOf = asOf
        self.paging = paging
    }
}

/// Households and members, always narrowed to the caller's scope; every write audited.
public struct HouseholdStore: Sendable {
    let database: any Database
    let world: World
    var sql: any SQLDatabase { get throws { try database.sqlDatabase() } }

    public init(database: any Database, world: World) {
        self.database = database
        self.world = world
    }

    public func search(_ query: HouseholdQuery, scope: AccessScope) async throws -> Page<HouseholdSummary> {
        if let province = query.provinceCode, !scope.admits(province: province) { throw PlatformError.outOfScope }
        if let units = query.unitIDs, !scope.isEverything, units.isDisjoint(with: scope.unitIDs.map(\.rawValue)) {
            throw PlatformError.outOfScope
        }
        var conditions: [SQLQueryString] = [scope.condition("h.unit_id"), scope.householdCondition("h.id"), "h.closed_on IS NULL"]
        if let units = query.unitIDs { conditions.append(units.isEmpty ? "1 = 0" : "h.unit_id IN (\(binds: Array(units)))") }
        if let province = query.provinceCode { conditions.append("h.province_code = \(bind: province)") }
        if let village = query.village, !village.isEmpty { conditions.append("h.village = \(bind: village)") }
        if let text = query.text, let match = HouseholdSearchIndex(sql: try sql).condition(query: text) { conditions.append(match) }
        let classJoin: SQLQueryString = """
            LEFT JOIN household_classifications c ON c.household_id = h.id AND c.valid_from <= \(bind: query.asOf.iso)
                AND (c.valid_to IS NULL OR c.valid_to >= \(bind: query.asOf.iso))
            """
        if let wanted = query.classification {
            conditions.append(wanted == .none ? "(c.class IS NULL OR c.class = 'none')" : "c.class = \(bind: wanted.rawValue)")
        }
        let whereClause = "WHERE " + conditions.joined(separator: " AND ")
        // One statement: the page and, beside each row, the count of all matches.
        let rows = try await sql.raw("""
            SELECT h.id AS id, h.code AS code, h.unit_id AS unit_id, u.code AS unit_code, u.name AS unit_name, h.village AS village,
                   h.area AS area, h.head_name AS head_name, h.member_count AS member_count, c.class AS class,
                   COUNT(*) OVER () AS total_count
            FROM households h JOIN units u ON u.id = h.unit_id \(classJoin) \(whereClause)
            ORDER BY u.name, h.village, h.code, h.id
            LIMIT \(bind: query.paging.limit) OFFSET \(bind: query.paging.offset)
            """).all()
        var total = try rows.first?.decode(column: "total_count", as: Int.self) ?? 0
        if rows.isEmpty, query.paging.offset > 0 {
            total = try await sql.raw("SELECT COUNT(*) AS n FROM households h \(classJoin) \(whereClause)")
                .first(decodingColumn: "n", as: Int.self) ?? 0
        }
        return Page(items: try rows.map(Self.summary), total: total)
    }

    static func summary(_ row: any SQLRow) throws -> HouseholdSummary {
        HouseholdSummary(
            id: try row.decode(column: "id", as: String.self),
            code: try row.decode(column: "code", as: String.self),
            unitID: try row.decode(column: "unit_id", as: String.self),
            unitCode: try row.decode(column: "unit_code", as: Int.self),
            unitName: try row.decode(column: "unit_name", as: String.self),
            village: try row.decode(column: "village", as: String.self),
            area: Area(rawValue: try row.decode(column: "area", as: String.self)) ?? .rural,
            headName: try row.decode(column: "head_name", as: String.self),
            memberCount: try row.decode(column: "member_count", as: Int.self),
            classification: try row.decode(column: "class", as: String?.self).flatMap(Classification.init(rawValue:)))
    }

    /// One household with its members; not found outside the scope.
    public func household(id: String, scope: AccessScope) async throws -> (household: Household, summary: HouseholdSummary) {
        guard let row = try await sql.raw("""
            SELECT h.id AS id, h.code AS code, h.unit_id AS unit_id, u.code AS unit_code, u.name AS unit_name, h.village AS village,
                   h.area AS area, h.head_name AS head_name, h.member_count AS member_count, NULL AS class,
                   h.address AS address, h.phone AS phone
            FROM households h JOIN units u ON u.id = h.unit_id WHERE h.id = \(bind: id) AND \(scope.householdCondition("h.id"))
            """).first() else { throw RegistryError.householdNotFound(id) }
        let summary = try Self.summary(row)
        guard scope.contains(AdministrativeUnit.ID(summary.unitID)) else { throw RegistryError.householdNotFound(id) }
        let members = try await self.members(householdIDs: [id])[id] ?? []
        let household = Household(
            id: Household.ID(id), unitID: AdministrativeUnit.ID(summary.unitID), code: try HouseholdCode(summary.code),
            village: summary.village, area: summary.area, address: try row.decode(column: "address", as: String.self),
            phone: try row.decode(column: "phone", as: String.self), members: members)
        return (household, summary)
    }

    func members(householdIDs: [String]) async throws -> [String: [Member]] {
        try await Self.members(householdIDs: householdIDs, sql: sql)
    }

    static func members(householdIDs: [String], sql: any SQLDatabase) async throws -> [String: [Member]] {
        guard !householdIDs.isEmpty else { return [:] }
        var result: [String: [Member]] = [:]
        let rows = try await sql.select()
            .columns("id", "household_id", "full_name", "birth_date", "sex", "ethnicity_code", "relation", "citizen_id", "flags")
            .from("members").where("household_id", .in, householdIDs).orderBy("household_id").orderBy("position").all()
        for row in rows {
            let flags = try row.decode(column: "flags", as: String.self).split(separator: ",").compactMap { MemberFlag(rawValue: String($0)) }
            let member = Member(
                id: Member.ID(try row.decode(column: "id", as: String.self)),
                fullName: try row.decode(column: "full_name", as: String.self),
                birthDate: try BusinessDate(iso: try row.decode(column: "birth_date", as: String.self)),
                sex: Sex(rawValue: try row.decode(column: "sex", as: String.self)) ?? .male,
                ethnicityCode: try row.decode(column: "ethnicity_code", as: String.self),
                relation: Relation(rawValue: try row.decode(column: "relation", as: String.self)) ?? .other,
                citizenID: try row.decode(column: "citizen_id", as: String?.self).map(CitizenID.init(trusted:)),
                flags: Set(flags))
            result[try row.decode(column: "household_id", as: String.self), default: []].append(member)
        }
        return result
    }
}
