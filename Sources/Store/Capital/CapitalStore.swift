import Domain
import FluentKit
import Foundation
import SQLKit

/// Đơn vị nhận vốn as a request names it: the province or one of its communes, by code.
public struct CapitalUnitRef: Sendable, Codable, Equatable {
    public var level: CapitalLevel
    public var code: Int

    public init(level: CapitalLevel, code: Int) {
        self.level = level
        self.code = code
    }
}

/// A stored movement as lists and the API show it (also the idempotent replay).
public struct CapitalMovementRecord: Sendable, Codable, Equatable {
    public var id: String
    public var kind: String
    public var source: CapitalSource
    public var level: CapitalLevel
    public var provinceCode: Int
    public var unitCode: Int
    public var unitName: String
    public var programCode: String
    public var toProgramCode: String?
    public var amount: Money
    public var on: BusinessDate
    public var decision: CapitalDecision
    public var note: String
    public var entryID: String
    public var actor: String
}

/// Nguồn vốn tín dụng chính sách: allocations and transfers between programs, each a row, a
/// balanced ledger entry and an audit record in one idempotent transaction; yearly plans.
public struct CapitalStore: Sendable {
    let database: any Database
    let world: World
    var sql: any SQLDatabase { get throws { try database.sqlDatabase() } }

    public init(database: any Database, world: World) {
        self.database = database
        self.world = world
    }

    /// The unit's current version, in the reader's scope: the province when the scope reaches
    /// the province, a commune when it reaches the commune.
    public func unit(_ ref: CapitalUnitRef, scope: AccessScope) async throws -> UnitSummary {
        let units = UnitStore(sql: try sql)
        switch ref.level {
        case .province:
            guard scope.admits(province: ref.code) else {
                throw PlacesError.unitNotFound(String(ref.code))
            }
            return try await units.unit(
                level: .province, code: ref.code, asOf: world.today, scope: .everything)
        case .commune:
            return try await units.unit(
                level: .commune, code: ref.code, asOf: world.today, scope: scope)
        }
    }

    func checkProgram(_ code: String, field: String) async throws {
        guard
            try await sql.select().column("code").from("loan_programs")
                .where("code", .equal, code).first() != nil
        else { throw CapitalError.invalid(field: field, why: "không có chương trình \(code)") }
    }

    /// Ghi một lần cấp vốn (Idempotency-Key).
    public func allocate(
        _ ref: CapitalUnitRef, _ build: (String) -> CapitalAllocation, key: String?,
        actor: Actor, role: Role, scope: AccessScope
    ) async throws -> (result: CapitalMovementRecord, replayed: Bool) {
        let unit = try await unit(ref, scope: scope)
        let a = build(unit.id)
        try await checkProgram(a.programCode, field: "program")
        let entry = try CapitalCommands.allocate(
            a, entryID: EntryID(world.newID()), role: role, today: world.today)
        let record = CapitalMovementRecord(
            id: world.newID(), kind: "allocation", source: a.source, level: a.level,
            provinceCode: unit.provinceCode, unitCode: unit.code, unitName: unit.name,
            programCode: a.programCode, toProgramCode: nil, amount: a.amount, on: a.receivedOn,
            decision: a.decision, note: a.note, entryID: entry.id.rawValue,
            actor: actor.username)
        return try await write(
            record, entry: entry, unitID: unit.id, request: a, key: key,
            actor: actor)
    }

    /// Điều chuyển vốn giữa chương trình (Idempotency-Key): the unit is locked, and the
    /// program must hold the amount both on the date and now.
    public func transfer(
        _ ref: CapitalUnitRef, _ build: (String) -> CapitalTransfer, key: String?,
        actor: Actor, role: Role, scope: AccessScope
    ) async throws -> (result: CapitalMovementRecord, replayed: Bool) {
        let unit = try await unit(ref, scope: scope)
        let t = build(unit.id)
        try await checkProgram(t.fromProgram, field: "fromProgram")
        try await checkProgram(t.toProgram, field: "toProgram")
        let world = world
        let owner = actor
        return try await IdempotentCommand.run(
            database: database, world: world, actor: actor, key: key, request: t,
            locking: [RowLock("units", keys: [unit.id])]
        ) { sql in
            let available = try await Self.available(t, sql: sql)
            let entry = try CapitalCommands.transfer(
                t, available: available, entryID: EntryID(world.newID()), role: role,
                today: world.today)
            let record = CapitalMovementRecord(
                id: world.newID(), kind: "transfer", source: t.source, level: ref.level,
                provinceCode: unit.provinceCode, unitCode: unit.code, unitName: unit.name,
                programCode: t.fromProgram, toProgramCode: t.toProgram, amount: t.amount,
                on: t.on, decision: t.decision, note: t.note, entryID: entry.id.rawValue,
                actor: owner.username)
            try await Self.insert(
                record, entry: entry, unitID: unit.id, actor: owner, world: world,
                sql: sql)
            return record
        }
    }

    func write(
        _ record: CapitalMovementRecord, entry: JournalEntry, unitID: String,
        request: some Encodable & Sendable, key: String?, actor: Actor
    ) async throws -> (result: CapitalMovementRecord, replayed: Bool) {
        let world = world
        return try await IdempotentCommand.run(
            database: database, world: world, actor: actor, key: key, request: request
        ) { sql in
            try await Self.insert(
                record, entry: entry, unitID: unitID, actor: actor, world: world,
                sql: sql)
            return record
        }
    }

    static func insert(
        _ r: CapitalMovementRecord, entry: JournalEntry, unitID: String, actor: Actor,
        world: World, sql: any SQLDatabase
    ) async throws {
        try await LedgerStore(sql: sql, world: world).post([entry], actor: actor)
        try await sql.insertBatches(
            into: "capital_movements",
            columns: [
                "id", "kind", "source", "level", "province_code", "unit_id", "program_code",
                "to_program_code", "amount", "on_date", "decision_number", "decision_date",
                "note", "entry_id", "actor", "created_at",
            ],
            rows: [
                [
                    r.id, r.kind, r.source.rawValue, r.level.rawValue, r.provinceCode, unitID,
                    r.programCode, r.toProgramCode, r.amount.dong, r.on.iso, r.decision.number,
                    r.decision.date.iso, r.note, r.entryID, actor.username, world.nowMillis,
                ]
            ])
        try await AuditStore(sql: sql, world: world).record(
            actor: actor, action: "capital.\(r.kind)", recordType: "capital_movement",
            recordID: r.id, provinceCode: r.provinceCode, before: nil as String?, after: r,
            unitID: unitID)
    }

    /// What the program holds of the source in the unit: the smaller of its balance on the
    /// transfer's date and its balance now, so no later movement is left uncovered.
    static func available(_ t: CapitalTransfer, sql: any SQLDatabase) async throws -> Money {
        let row = try await sql.raw(
            """
            SELECT CAST(COALESCE(SUM(credit - debit), 0) AS BIGINT) AS now_balance,
            CAST(COALESCE(SUM(CASE WHEN posted_on <= \(bind: t.on.iso) THEN credit - debit
              ELSE 0 END), 0) AS BIGINT) AS dated_balance
            FROM journal_lines WHERE account = \(bind: t.source.receivedAccount.code)
            AND unit_id = \(bind: t.unitID) AND program_code = \(bind: t.fromProgram)
            """
        ).first()
        let now = try row?.decode(column: "now_balance", as: Int64.self) ?? 0
        let dated = try row?.decode(column: "dated_balance", as: Int64.self) ?? 0
        return Money(dong: max(0, min(now, dated)))
    }
}
