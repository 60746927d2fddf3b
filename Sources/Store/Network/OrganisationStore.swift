import Domain
import FluentKit
import Foundation
import SQLKit

/// An organisation unit with the contract in force today and its group count.
public struct OrganisationUnitSummary: Sendable, Equatable {
    public let unit: OrganisationUnit
    public let placeName: String
    public let placeCode: Int
    public let contract: EntrustmentContract?
    public let groups: Int
}

/// Entrusted organisations at each level and their entrustment contracts. Contracts are added,
/// never edited: a renewal names the contract it replaces, which then ends the day before.
public struct OrganisationStore: Sendable {
    let database: any Database
    let world: World
    var sql: any SQLDatabase { get throws { try database.sqlDatabase() } }

    public init(database: any Database, world: World) {
        self.database = database
        self.world = world
    }

    static func scopeCondition(_ scope: AccessScope) -> SQLQueryString {
        var condition: SQLQueryString = scope.isEverything ? "1 = 1"
            : "(" + scope.condition("o.unit_id") + " OR (o.level = 'province' AND o.province_code IN (\(binds: scope.provinceCodes.isEmpty ? [-1] : Array(scope.provinceCodes)))))"
        if let organisation = scope.organisationID { condition = condition + " AND o.organisation = \(bind: organisation)" }
        return condition
    }

    /// The organisation units the caller sees: those of the communes in scope, and the province
    /// level of the provinces in scope.
    public func units(scope: AccessScope, unitIDs: Set<String>? = nil, organisation: Organisation? = nil,
                      includeHistory: Bool = false) async throws -> [OrganisationUnitSummary] {
        var conditions: [SQLQueryString] = [Self.scopeCondition(scope)]
        if let unitIDs { conditions.append(unitIDs.isEmpty ? "1 = 0" : "o.unit_id IN (\(binds: Array(unitIDs)))") }
        if let organisation { conditions.append("o.organisation = \(bind: organisation.rawValue)") }
        if !includeHistory { conditions.append("o.valid_to IS NULL") }
        let whereClause = conditions.dropFirst().reduce(conditions[0]) { $0 + " AND " + $1 }
        let rows = try await sql.raw("""
            SELECT o.id AS id, o.organisation AS organisation, o.level AS level, o.unit_id AS unit_id, o.name AS name,
                   o.valid_from AS valid_from, o.valid_to AS valid_to, u.name AS place_name, u.code AS place_code,
                   (SELECT COUNT(*) FROM savings_groups g WHERE g.unit_id = o.unit_id AND g.organisation = o.organisation
                      AND g.status = 'active' AND o.level = 'commune') AS groups
            FROM organisation_units o JOIN units u ON u.id = o.unit_id
            WHERE \(whereClause)
            ORDER BY CASE o.level WHEN 'province' THEN 0 WHEN 'district' THEN 1 ELSE 2 END, u.code, o.organisation
            """).all()
        let units = try rows.map(Self.unit)
        let contracts = try await self.contracts(unitIDs: units.map(\.id.rawValue))
        let today = world.today
        return try zip(rows, units).map { row, unit in
            OrganisationUnitSummary(unit: unit, placeName: try row.decode(column: "place_name", as: String.self),
                                    placeCode: try row.decode(column: "place_code", as: Int.self),
                                    contract: contracts[unit.id.rawValue]?.first { $0.isInForce(on: today) },
                                    groups: try row.decode(column: "groups", as: Int.self))
        }
    }

    static func unit(_ row: any SQLRow) throws -> OrganisationUnit {
        OrganisationUnit(
            id: OrganisationUnit.ID(try row.decode(column: "id", as: String.self)),
            organisation: Organisation(rawValue: try row.decode(column: "organisation", as: String.self)) ?? .womensUnion,
            level: OrganisationLevel(rawValue: try row.decode(column: "level", as: String.self)) ?? .commune,
            unitID: AdministrativeUnit.ID(try row.decode(column: "unit_id", as: String.self)),
            name: try row.decode(column: "name", as: String.self),
            validFrom: try BusinessDate(iso: try row.decode(column: "valid_from", as: String.self)),
            validTo: try row.decode(column: "valid_to", as: String?.self).flatMap { try? BusinessDate(iso: $0) })
    }

    /// One organisation unit the caller sees, with all its contracts (newest first).
    public func unit(id: String, scope: AccessScope) async throws -> (summary: OrganisationUnitSummary, contracts: [EntrustmentContract]) {
        guard let summary = try await units(scope: scope, includeHistory: true).first(where: { $0.unit.id.rawValue == id }) else {
            throw NetworkError.organisationUnitNotFound
        }
        return (summary, try await contracts(unitIDs: [id])[id] ?? [])
    }

    func contracts(unitIDs: [String]) async throws -> [String: [EntrustmentContract]] {
        guard !unitIDs.isEmpty else { return [:] }
        var result: [String: [EntrustmentContract]] = [:]
        for chunk in unitIDs.chunked(400) {
            let rows = try await sql.select().columns("*").from("entrustment_contracts").where("organisation_unit_id", .in, Array(chunk))
                .orderBy("valid_from", .descending).all()
            for row in rows {
                let contract = try Self.contract(row)
                result[contract.organisationUnitID.rawValue, default: []].append(contract)
            }
        }
        return result
    }

    static func contract(_ row: any SQLRow) throws -> EntrustmentContract {
        func date(_ column: String) throws -> BusinessDate? { try row.decode(column: column, as: String?.self).flatMap { try? BusinessDate(iso: $0) } }
        return EntrustmentContract(
            id: EntrustmentContract.ID(try row.decode(column: "id", as: String.self)),
            organisationUnitID: OrganisationUnit.ID(try row.decode(column: "organisation_unit_id", as: String.self)),
            number: try row.decode(column: "number", as: String.self), signedOn: try date("signed_on") ?? .init(dayNumber: 0),
            validFrom: try date("valid_from") ?? .init(dayNumber: 0), validTo: try date("valid_to"),
            scope: try row.decode(column: "scope_text", as: String.self),
            tasks: try row.decode(column: "tasks", as: String.self).split(separator: ",").compactMap { EntrustedTask(rawValue: String($0)) },
            replaces: try row.decode(column: "replaces_id", as: String?.self).map { EntrustmentContract.ID($0) })
    }

    /// Adds a contract; when it replaces the one in force, that one ends the day before. A contract
    /// that overlaps another without replacing it is refused.
    public func addContract(_ contract: EntrustmentContract, actor: Actor, scope: AccessScope) async throws {
        try contract.validate()
        let (summary, existing) = try await unit(id: contract.organisationUnitID.rawValue, scope: scope)
        let replaced = try contract.replacing(among: existing)
        let province = try await sql.select().column("province_code").from("organisation_units")
            .where("id", .equal, contract.organisationUnitID.rawValue).first(decodingColumn: "province_code", as: Int.self) ?? 0
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            if let replaced, replaced.validTo.map({ $0 >= contract.validFrom }) ?? true {
                try await sql.update("entrustment_contracts").set("valid_to", to: contract.validFrom.adding(days: -1).iso)
                    .where("id", .equal, replaced.id.rawValue).run()
            }
            try await Self.insert([contract], provinceCode: province, sql: sql)
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: replaced == nil ? "entrustment_contract.create" : "entrustment_contract.renew",
                recordType: "organisation_unit", recordID: summary.unit.id.rawValue, provinceCode: province,
                before: replaced, after: contract)
        }
    }

    static func insert(_ contracts: [EntrustmentContract], provinceCode: Int, sql: any SQLDatabase) async throws {
        try await sql.insertBatches(into: "entrustment_contracts", columns: [
            "id", "organisation_unit_id", "province_code", "number", "signed_on", "valid_from", "valid_to", "scope_text", "tasks", "replaces_id",
        ], rows: contracts.map { c in
            [c.id.rawValue, c.organisationUnitID.rawValue, provinceCode, c.number, c.signedOn.iso, c.validFrom.iso, c.validTo?.iso, c.scope,
             c.tasks.map(\.rawValue).joined(separator: ","), c.replaces?.rawValue] as [any Encodable & Sendable]
        }, batchSize: 200)
    }

    static func insert(_ units: [OrganisationUnit], provinceCode: Int, sql: any SQLDatabase) async throws {
        try await sql.insertBatches(into: "organisation_units",
                                    columns: ["id", "organisation", "level", "unit_id", "province_code", "name", "valid_from", "valid_to"],
                                    rows: units.map { u in
                                        [u.id.rawValue, u.organisation.rawValue, u.level.rawValue, u.unitID.rawValue, provinceCode, u.name,
                                         u.validFrom.iso, u.validTo?.iso] as [any Encodable & Sendable]
                                    }, batchSize: 200)
    }
}
