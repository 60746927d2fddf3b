import Domain
import FluentKit
import Foundation
import SQLKit

/// An adjustment as the book holds it: the act, and the month whose month-end settled it.
public struct StoredRateAdjustment: Sendable, Equatable {
    public var adjustment: RateAdjustment
    /// Nil until a month-end takes it into the book; until then it can be withdrawn.
    public var settledMonth: String?
}

/// What the audit log keeps of an adjustment.
struct RateAdjustmentAudit: Encodable {
    var id, name, from, through, change, legalSource: String
    var programs: [String]
    var provinces: [Int]
    var sources: [String]

    init(_ a: RateAdjustment) {
        (id, name, from, through) = (a.id, a.name, a.from.iso, a.through.iso)
        (change, legalSource) = (a.change.description, a.legalSource)
        programs = a.scope.programCodes.sorted()
        provinces = a.scope.provinceCodes.sorted()
        sources = a.scope.capitalSources.map(\.rawValue).sorted()
    }
}

/// Điều chỉnh lãi suất: the dated adjustments (reference data: added or withdrawn, never edited),
/// read by every calculation of a loan's interest.
public struct RateAdjustmentStore: Sendable {
    let database: any Database
    let world: World
    var sql: any SQLDatabase { get throws { try database.sqlDatabase() } }

    public init(database: any Database, world: World) {
        self.database = database
        self.world = world
    }

    public func list() async throws -> [StoredRateAdjustment] { try await Self.all(sql: sql) }

    /// Records a new adjustment after the Domain's checks; audited.
    public func add(_ adjustment: RateAdjustment, actor: Actor) async throws -> StoredRateAdjustment
    {
        let world = world
        return try await WriteTransaction.run(database) { sql in
            try await sql.lock([RowLock("rate_adjustments", keys: [adjustment.id])])
            try adjustment.validate(against: try await Self.all(sql: sql).map(\.adjustment))
            let known = Set(
                try await sql.select().column("code").from("loan_programs")
                    .all(decodingColumn: "code", as: String.self))
            if let unknown = adjustment.scope.programCodes.sorted().first(where: {
                !known.contains($0)
            }) {
                throw RateAdjustmentError.unknownProgram(unknown)
            }
            try await Self.insert(adjustment, actor: actor.username, at: world.nowMillis, sql: sql)
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "rate_adjustment.add", recordType: "rate_adjustment",
                recordID: adjustment.id, provinceCode: nil, before: nil as String?,
                after: RateAdjustmentAudit(adjustment))
            return StoredRateAdjustment(adjustment: adjustment, settledMonth: nil)
        }
    }

    /// Rút điều chỉnh: only one no month-end has settled yet (after that, a correction is a new
    /// adjustment the other way), with the reason; audited.
    public func withdraw(id: String, reason: String, actor: Actor) async throws {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw LendingError.reasonRequired }
        let world = world
        try await WriteTransaction.run(database) { sql in
            try await sql.lock([RowLock("rate_adjustments", keys: [id])])
            guard let stored = try await Self.all(sql: sql).first(where: { $0.adjustment.id == id })
            else { throw RateAdjustmentError.notFound }
            guard stored.settledMonth == nil else {
                throw RateAdjustmentError.alreadySettled(stored.settledMonth ?? "")
            }
            try await sql.delete(from: "rate_adjustments").where("id", .equal, id).run()
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "rate_adjustment.withdraw", recordType: "rate_adjustment",
                recordID: id, provinceCode: nil, before: RateAdjustmentAudit(stored.adjustment),
                after: ["withdrawn": reason])
        }
    }

    static func insert(
        _ a: RateAdjustment, actor: String, at: Int64, sql: any SQLDatabase
    ) async throws {
        let (kind, value): (String, Int64) =
            switch a.change {
            case .pointsPerYear(let points): ("points_per_year", points)
            case .factorPercent(let percent): ("factor_percent", percent)
            }
        try await sql.insert(into: "rate_adjustments")
            .columns(
                "id", "name", "program_codes", "province_codes", "capital_sources", "from_date",
                "through_date", "change_kind", "change_value", "legal_source", "actor", "created_at"
            )
            .values(
                a.id, a.name, a.scope.programCodes.sorted().joined(separator: ","),
                a.scope.provinceCodes.sorted().map(String.init).joined(separator: ","),
                a.scope.capitalSources.map(\.rawValue).sorted().joined(separator: ","),
                a.from.iso, a.through.iso, kind, value, a.legalSource, actor, at
            )
            .run()
    }

    /// Every adjustment, oldest first. A row the code cannot read is skipped rather than trusted:
    /// only a hand-edited database holds one, and `verify` names it (`unreadable`).
    static func all(sql: any SQLDatabase) async throws -> [StoredRateAdjustment] {
        try await rows(sql: sql).compactMap { try? Self.stored($0) }
    }

    /// The ids of rows `all` skips.
    static func unreadable(sql: any SQLDatabase) async throws -> [String] {
        try await rows(sql: sql).filter { (try? Self.stored($0)) == nil }
            .map { (try? $0.decode(column: "id", as: String.self)) ?? "?" }
    }

    static func rows(sql: any SQLDatabase) async throws -> [any SQLRow] {
        try await sql.select().column("*").from("rate_adjustments").orderBy("from_date")
            .orderBy("id").all()
    }

    static func stored(_ row: any SQLRow) throws -> StoredRateAdjustment {
        func list(_ column: String) throws -> [String] {
            try row.decode(column: column, as: String.self).split(separator: ",").map(String.init)
        }
        let value = try row.decode(column: "change_value", as: Int64.self)
        let change: RateChange =
            switch try row.decode(column: "change_kind", as: String.self) {
            case "points_per_year": .pointsPerYear(value)
            case "factor_percent": .factorPercent(value)
            default: throw RateAdjustmentError.invalidChange(String(value))
            }
        let scope = RateAdjustmentScope(
            programCodes: Set(try list("program_codes")),
            provinceCodes: Set(try list("province_codes").compactMap { Int($0) }),
            capitalSources: Set(
                try list("capital_sources").compactMap(CapitalSource.init(rawValue:))))
        let adjustment = RateAdjustment(
            id: try row.decode(column: "id", as: String.self),
            name: try row.decode(column: "name", as: String.self), scope: scope,
            from: try BusinessDate(iso: try row.decode(column: "from_date", as: String.self)),
            through: try BusinessDate(iso: try row.decode(column: "through_date", as: String.self)),
            change: change, legalSource: try row.decode(column: "legal_source", as: String.self))
        return StoredRateAdjustment(
            adjustment: adjustment,
            settledMonth: try row.decode(column: "settled_month", as: String?.self))
    }
}
