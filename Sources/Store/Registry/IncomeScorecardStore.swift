import Domain
import FluentKit
import Foundation
import SQLKit

/// Reads and adds Phiếu B1 scorecards; a survey scored by points goes through the scorecard
/// that applies to the household's province on the date.
public struct IncomeScorecardStore: Sendable {
    let database: any Database
    let world: World
    var sql: any SQLDatabase { get throws { try database.sqlDatabase() } }

    public init(database: any Database, world: World) {
        self.database = database
        self.world = world
    }

    public func all() async throws -> [IncomeScorecard] {
        let rows = try await sql.select().column("definition").from("income_scorecards").orderBy("valid_from").orderBy("code").all()
        return try StoredJSON.definitions(IncomeScorecard.self, rows)
    }

    /// The scorecard for `standard` on `date` in the province of `unitID`, or nil when none is loaded.
    public func applicable(standard: PovertyStandard, on date: BusinessDate, unitID: String) async throws -> IncomeScorecard? {
        let province = try await sql.select().column("province_code").from("units").where("id", .equal, unitID).first()?
            .decode(column: "province_code", as: Int.self)
        return IncomeScorecard.applicable(on: date, standardCode: standard.code, provinceCode: province, among: try await all())
    }

    /// The scorecard named by `code`, or else the one that applies to `standard` on `date` (a local
    /// standard's province first).
    public func scorecard(code: String?, standard: PovertyStandard, on date: BusinessDate) async throws -> IncomeScorecard {
        let scorecards = try await all()
        if let code {
            guard let named = scorecards.first(where: { $0.code == code }) else { throw RegistryError.unknownScorecard(code) }
            return named
        }
        guard let applicable = IncomeScorecard.applicable(on: date, standardCode: standard.code, provinceCode: standard.provinceCode,
                                                          among: scorecards) else {
            throw RegistryError.noScorecard(standard: standard.code)
        }
        return applicable
    }

    /// The evidence of an answer: a declared income as it is, or the choices scored on the
    /// scorecard that applies (a survey without one must give income instead).
    public func evidence(_ answer: IncomeAnswer, standard: PovertyStandard, on date: BusinessDate,
                         unitID: String) async throws -> IncomeEvidence {
        switch answer {
        case .declared(let money):
            return .declared(money)
        case .scorecard(let choices):
            guard let scorecard = try await applicable(standard: standard, on: date, unitID: unitID) else {
                throw RegistryError.noScorecard(standard: standard.code)
            }
            return .scored(try scorecard.score(choices), scorecard)
        }
    }

    /// A new scorecard for a standard that exists; its code must be new.
    public func add(_ scorecard: IncomeScorecard, actor: Actor) async throws {
        let standard = try await PovertyStandardStore(database: database, world: world).standard(code: scorecard.standardCode, on: scorecard.validFrom)
        try scorecard.validate(against: standard)
        guard try await sql.select().column("code").from("income_scorecards").where("code", .equal, scorecard.code).first() == nil else {
            throw RegistryError.duplicateScorecard(scorecard.code)
        }
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            try await Self.insert(scorecard, sql: sql)
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "income_scorecard.create", recordType: "income_scorecard", recordID: scorecard.code,
                provinceCode: scorecard.provinceCode, before: nil as String?, after: scorecard)
        }
    }

    static func insert(_ scorecard: IncomeScorecard, sql: any SQLDatabase) async throws {
        try await sql.insert(into: "income_scorecards")
            .columns("code", "standard_code", "province_code", "valid_from", "valid_to", "definition")
            .values(scorecard.code, scorecard.standardCode, scorecard.provinceCode, scorecard.validFrom.iso, scorecard.validTo?.iso,
                    try StoredJSON.text(scorecard))
            .run()
    }
}
