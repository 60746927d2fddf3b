import Domain
import FluentKit
import Foundation
import SQLKit

/// One classification of a household, with the dates it held and the decision behind it.
public struct ClassificationRecord: Sendable, Equatable, Codable {
    public let id: String
    public let householdID: String
    public let standardCode: String
    public let classification: Classification
    public let validFrom: BusinessDate
    public let validTo: BusinessDate?
    public let decision: String
    public let reasons: [String]
}

/// The classification history of households. A new classification closes the one before it,
/// so "the status of household H on date D, and why" has exactly one answer.
public struct ClassificationStore: Sendable {
    let database: any Database
    let world: World
    var sql: any SQLDatabase { get throws { try database.sqlDatabase() } }

    public init(database: any Database, world: World) {
        self.database = database
        self.world = world
    }

    /// Records a classification from `validFrom` on (a survey result, a chairman's decision).
    public func record(householdID: String, result: ClassificationResult, validFrom: BusinessDate, decision: String,
                       actor: Actor, scope: AccessScope) async throws -> ClassificationRecord {
        // Not found outside the scope, like every read.
        _ = try await HouseholdStore(database: database, world: world).household(id: householdID, scope: scope)
        let decisionText = decision.trimmingCharacters(in: .whitespacesAndNewlines)
        let history = try await self.history(householdID: householdID)
        if history.contains(where: { $0.validFrom >= validFrom }) { throw RegistryError.classificationNotAfterLast(validFrom) }
        let record = ClassificationRecord(
            id: world.newID(), householdID: householdID, standardCode: result.standardCode, classification: result.classification,
            validFrom: validFrom, validTo: nil, decision: decisionText, reasons: result.reasons)
        let previous = history.first { $0.validTo == nil }
        let provinceCode = try await sql.select().column("province_code").from("households").where("id", .equal, householdID)
            .first(decodingColumn: "province_code", as: Int.self) ?? 0
        let change = Change(record: record, provinceCode: provinceCode, deprivations: result.deprivedIndicators, previous: previous)
        try await database.transaction { db in
            try await Self.write([change], sql: try db.sqlDatabase(), world: world, actor: actor)
        }
        return record
    }

    /// A classification about to be written, with what it closes (for the audit log).
    struct Change: Sendable {
        let record: ClassificationRecord
        let provinceCode: Int
        let deprivations: [String]
        let previous: ClassificationRecord?
    }

    static let columns = ["id", "province_code", "household_id", "standard_code", "class", "valid_from", "valid_to", "decision", "reasons",
                          "deprivations", "created_at"]

    static func row(id: String, provinceCode: Int, householdID: String, standardCode: String, classification: Classification,
                    validFrom: BusinessDate, validTo: BusinessDate?, decision: String, reasons: [String], deprivations: [String],
                    createdAt: Int64) -> [any Encodable & Sendable] {
        [id, provinceCode, householdID, standardCode, classification.rawValue, validFrom.iso, validTo?.iso, decision,
         reasons.joined(separator: "\n"), deprivations.joined(separator: ","), createdAt]
    }

    /// The one way classifications are written: the ones in force the day before each new one
    /// are closed, the new ones inserted, each change audited; set-based, so a decision on a
    /// whole commune is a handful of statements. Runs inside the caller's transaction.
    static func write(_ changes: [Change], sql: any SQLDatabase, world: World, actor: Actor) async throws {
        for (validFrom, group) in Dictionary(grouping: changes, by: \.record.validFrom) {
            for chunk in group.map(\.record.householdID).chunked(400) {
                try await sql.raw("""
                    UPDATE household_classifications SET valid_to = \(bind: validFrom.adding(days: -1).iso)
                    WHERE household_id IN (\(binds: Array(chunk))) AND valid_from < \(bind: validFrom.iso)
                      AND (valid_to IS NULL OR valid_to >= \(bind: validFrom.iso))
                    """).run()
            }
        }
        let now = world.nowMillis
        try await sql.insertBatches(into: "household_classifications", columns: columns, rows: changes.map { c in
            row(id: c.record.id, provinceCode: c.provinceCode, householdID: c.record.householdID, standardCode: c.record.standardCode,
                classification: c.record.classification, validFrom: c.record.validFrom, validTo: nil, decision: c.record.decision,
                reasons: c.record.reasons, deprivations: c.deprivations, createdAt: now)
        }, batchSize: 300)
        try await AuditStore(sql: sql, world: world).recordBatch(actor: actor, entries: changes.map { c in
            ("household.classify", "household", c.record.householdID, c.provinceCode, c.previous as (any Encodable)?, c.record as (any Encodable)?)
        })
        try await RegistryFigures(sql: sql).refresh(householdIDs: changes.map(\.record.householdID))
    }

    /// Newest first.
    public func history(householdID: String) async throws -> [ClassificationRecord] {
        try await sql.select().columns("id", "household_id", "standard_code", "class", "valid_from", "valid_to", "decision", "reasons")
            .from("household_classifications").where("household_id", .equal, householdID).orderBy("valid_from", .descending).all()
            .map(Self.record)
    }

    /// The status of household H on date D, and why: the one Lending calls.
    public func status(householdID: String, on date: BusinessDate) async throws -> ClassificationRecord? {
        try await history(householdID: householdID).first { $0.validFrom <= date && ($0.validTo.map { date <= $0 } ?? true) }
    }

    /// The classifications in force on `date` of many households, in one query per 400.
    func statuses(householdIDs: [String], on date: BusinessDate) async throws -> [String: ClassificationRecord] {
        var result: [String: ClassificationRecord] = [:]
        for chunk in householdIDs.chunked(400) {
            let rows = try await sql.select()
                .columns("id", "household_id", "standard_code", "class", "valid_from", "valid_to", "decision", "reasons")
                .from("household_classifications").where("household_id", .in, Array(chunk))
                .where("valid_from", .lessThanOrEqual, date.iso)
                .where { $0.where("valid_to", .is, SQLLiteral.null).orWhere("valid_to", .greaterThanOrEqual, date.iso) }.all()
            for record in try rows.map(Self.record) { result[record.householdID] = record }
        }
        return result
    }

    /// Exits from the lists, with their dates, and whether the household is newly escaped on `date`.
    public func exits(householdID: String, on date: BusinessDate) async throws -> (exits: [ClassificationHistory.Exit], newlyEscaped: Bool) {
        let periods = try await history(householdID: householdID).map {
            ClassificationHistory.Period(classification: $0.classification, validFrom: $0.validFrom, validTo: $0.validTo)
        }
        return (ClassificationHistory.exits(periods), ClassificationHistory.isNewlyEscaped(periods, on: date))
    }

    static func record(_ row: any SQLRow) throws -> ClassificationRecord {
        ClassificationRecord(
            id: try row.decode(column: "id", as: String.self),
            householdID: try row.decode(column: "household_id", as: String.self),
            standardCode: try row.decode(column: "standard_code", as: String.self),
            classification: Classification(rawValue: try row.decode(column: "class", as: String.self)) ?? .none,
            validFrom: try BusinessDate(iso: try row.decode(column: "valid_from", as: String.self)),
            validTo: try row.decode(column: "valid_to", as: String?.self).map { try BusinessDate(iso: $0) },
            decision: try row.decode(column: "decision", as: String.self),
            reasons: try row.decode(column: "reasons", as: String.self).split(separator: "\n").map(String.init))
    }
}
