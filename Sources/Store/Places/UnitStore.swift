import Domain
import SQLKit

/// A unit as lists show it.
public struct UnitSummary: Sendable, Equatable, Codable {
    public let id: String
    public let code: Int
    public let name: String
    public let type: UnitType
    public let level: UnitLevel
    public let provinceCode: Int
    public let districtCode: Int?
    public let validFrom: BusinessDate?
    public let validTo: BusinessDate?
}

/// Tìm kiếm đơn vị hành chính: a list filter.
public struct UnitQuery: Sendable {
    public var text: String?
    public var provinceCode: Int?
    public var level: UnitLevel
    public var asOf: BusinessDate
    public var paging: Paging

    public init(text: String? = nil, provinceCode: Int? = nil, level: UnitLevel = .commune, asOf: BusinessDate,
                paging: Paging = Paging()) {
        self.text = text
        self.provinceCode = provinceCode
        self.level = level
        self.asOf = asOf
        self.paging = paging
    }
}

/// A unit's place on the map through time.
public struct UnitHistory: Sendable {
    public struct Step: Sendable {
        public let change: MapChange.Kind
        public let effectiveOn: BusinessDate
        public let legalSource: String
        public let share: MapLink.Share
        public let unit: UnitSummary
    }

    /// Units this one was formed from (one step back).
    public let formedFrom: [Step]
    /// Units this one went into (one step forward).
    public let wentInto: [Step]
    /// Other versions with the same code (codes are reused across the map).
    public let otherVersions: [UnitSummary]
}

/// Reads administrative units, always narrowed to the caller's scope.
public struct UnitStore: Sendable {
    let sql: any SQLDatabase

    public init(sql: any SQLDatabase) { self.sql = sql }

    static let columns = ["id", "code", "name", "type", "level", "province_code", "district_code", "valid_from", "valid_to"]

    public func search(_ query: UnitQuery, scope: AccessScope) async throws -> Page<UnitSummary> {
        if let province = query.provinceCode, !scope.admits(province: province) { throw PlatformError.outOfScope }
        let folded = query.text.map(TextFolding.fold) ?? ""
        func filter<B: SQLPredicateBuilder>(_ builder: B) -> B {
            var b = builder.where("level", .equal, query.level.rawValue)
                .where { $0.where("valid_from", .is, SQLLiteral.null).orWhere("valid_from", .lessThanOrEqual, query.asOf.iso) }
                .where { $0.where("valid_to", .is, SQLLiteral.null).orWhere("valid_to", .greaterThanOrEqual, query.asOf.iso) }
            if let province = query.provinceCode { b = b.where("province_code", .equal, province) }
            if !folded.isEmpty {
                if let code = Int(folded) {
                    b = b.where { $0.where("code", .equal, code).orWhere("folded_name", .like, likePattern(containing: folded)) }
                } else {
                    b = b.where("folded_name", .like, likePattern(containing: folded))
                }
            }
            if !scope.isEverything { b = b.where(scope.unitCondition(id: "id", provinceCode: "province_code")) }
            return b
        }
        // One statement: the page and, beside each row, the count of all matches.
        let rows = try await filter(sql.select().columns(Self.columns).column(SQLRaw("COUNT(*) OVER ()"), as: "total_count").from("units"))
            .orderBy("province_code").orderBy("folded_name").orderBy("id")
            .limit(query.paging.limit).offset(query.paging.offset)
            .all()
        var total = try rows.first?.decode(column: "total_count", as: Int.self) ?? 0
        if rows.isEmpty, query.paging.offset > 0 {
            total = try await filter(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("units"))
                .first(decodingColumn: "n", as: Int.self) ?? 0
        }
        return Page(items: try rows.map(Self.summary), total: total)
    }

    /// The version of `code` in force on `asOf`, or else its latest version; 404 outside the scope.
    public func unit(level: UnitLevel, code: Int, asOf: BusinessDate, scope: AccessScope) async throws -> UnitSummary {
        let rows = try await sql.select().columns(Self.columns).from("units")
            .where("level", .equal, level.rawValue).where("code", .equal, code)
            .all()
        let versions = try rows.map(Self.summary).filter { scope.contains(AdministrativeUnit.ID($0.id)) }
        let inForce = versions.first { v in
            (v.validFrom.map { $0 <= asOf } ?? true) && (v.validTo.map { asOf <= $0 } ?? true)
        }
        guard let found = inForce ?? versions.max(by: { ($0.validFrom?.iso ?? "") < ($1.validFrom?.iso ?? "") }) else {
            throw PlacesError.unitNotFound(String(code))
        }
        return found
    }

    public func unit(id: String, scope: AccessScope) async throws -> UnitSummary {
        guard scope.contains(AdministrativeUnit.ID(id)),
              let row = try await sql.select().columns(Self.columns).from("units").where("id", .equal, id).first() else {
            throw PlacesError.unitNotFound(id)
        }
        return try Self.summary(row)
    }

    public func history(of unit: UnitSummary) async throws -> UnitHistory {
        func steps(joinOn: String, match: String) async throws -> [UnitHistory.Step] {
            let rows = try await sql.raw("""
                SELECT c.kind AS kind, c.effective_on AS effective_on, c.legal_source AS legal_source, l.share AS share,
                       u.id AS id, u.code AS code, u.name AS name, u.type AS type, u.level AS level,
                       u.province_code AS province_code, u.district_code AS district_code,
                       u.valid_from AS valid_from, u.valid_to AS valid_to
                FROM map_links l JOIN map_changes c ON c.id = l.change_id JOIN units u ON u.id = l.\(unsafeRaw: joinOn)
                WHERE l.\(unsafeRaw: match) = \(bind: unit.id)
                ORDER BY u.province_code, u.name
                """).all()
            return try rows.map { row in
                UnitHistory.Step(
                    change: MapChange.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .merger,
                    effectiveOn: try BusinessDate(iso: try row.decode(column: "effective_on", as: String.self)),
                    legalSource: try row.decode(column: "legal_source", as: String.self),
                    share: MapLink.Share(rawValue: try row.decode(column: "share", as: String.self)) ?? .whole,
                    unit: try Self.summary(row))
            }
        }
        let others = try await sql.select().columns(Self.columns).from("units")
            .where("level", .equal, unit.level.rawValue).where("code", .equal, unit.code).where("id", .notEqual, unit.id)
            .all()
        return UnitHistory(formedFrom: try await steps(joinOn: "from_unit_id", match: "to_unit_id"),
                           wentInto: try await steps(joinOn: "to_unit_id", match: "from_unit_id"),
                           otherVersions: try others.map(Self.summary))
    }

    /// The unit and every unit it came from: records kept under any of them belong to it.
    public func covering(id: String) async throws -> Set<String> {
        let rows = try await sql.raw("""
            WITH RECURSIVE reach(id) AS (
                SELECT \(bind: id) AS id
                UNION
                SELECT l.from_unit_id FROM map_links l JOIN reach r ON l.to_unit_id = r.id
            ) SELECT id FROM reach
            """).all(decodingColumn: "id", as: String.self)
        return Set(rows)
    }

    /// The offices that serve a unit.
    public func offices(serving id: String) async throws -> [(id: String, name: String)] {
        try await sql.raw("""
            SELECT o.id AS id, o.name AS name FROM office_communes oc JOIN offices o ON o.id = oc.office_id
            WHERE oc.unit_id = \(bind: id) ORDER BY o.name
            """).all().map { (try $0.decode(column: "id", as: String.self), try $0.decode(column: "name", as: String.self)) }
    }

    /// Communes of a province in force on a date (for forms and office pages).
    public func communes(ids: [String]) async throws -> [UnitSummary] {
        guard !ids.isEmpty else { return [] }
        return try await sql.select().columns(Self.columns).from("units").where("id", .in, ids)
            .orderBy("folded_name").all().map(Self.summary)
    }

    static func summary(_ row: any SQLRow) throws -> UnitSummary {
        UnitSummary(
            id: try row.decode(column: "id", as: String.self),
            code: try row.decode(column: "code", as: Int.self),
            name: try row.decode(column: "name", as: String.self),
            type: UnitType(rawValue: try row.decode(column: "type", as: String.self)) ?? .commune,
            level: UnitLevel(rawValue: try row.decode(column: "level", as: String.self)) ?? .commune,
            provinceCode: try row.decode(column: "province_code", as: Int.self),
            districtCode: try row.decode(column: "district_code", as: Int?.self),
            validFrom: try row.decode(column: "valid_from", as: String?.self).map { try BusinessDate(iso: $0) },
            validTo: try row.decode(column: "valid_to", as: String?.self).map { try BusinessDate(iso: $0) })
    }
}
