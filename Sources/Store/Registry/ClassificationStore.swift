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
    var sql: any SQLDatabase { database as! any SQLDatabase }

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
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            if let previous {
                try await sql.update("household_classifications").set("valid_to", to: validFrom.adding(days: -1).iso)
                    .where("id", .equal, previous.id).run()
            }
            try await sql.insert(into: "household_classifications")
                .columns("id", "province_code", "household_id", "standard_code", "class", "valid_from", "valid_to", "decision", "reasons",
                         "deprivations", "created_at")
                .values(record.id, provinceCode, householdID, record.standardCode, record.classification.rawValue, validFrom.iso,
                        nil as String?, record.decision, record.reasons.joined(separator: "\n"),
                        result.deprivedIndicators.joined(separator: ","), world.nowMillis)
                .run()
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "household.classify", recordType: "household", recordID: householdID, provinceCode: provinceCode,
                before: previous, after: record)
        }
        return record
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
