import Domain
import FluentKit
import Foundation
import SQLKit

/// What a re-run of a month's fees changed.
public struct FeeRerun: Sendable, Codable, Equatable {
    public var month: String
    public var previous: Money
    public var recomputed: Money
    /// The adjusting entry (none when nothing changed), dated in an open month.
    public var entryID: String?
    public var linesChanged: Int
}

extension FeeStore {
    /// Tính lại phí, hoa hồng của một tháng đã khóa sổ (network.md §2: a run log so a month can be
    /// re-run): the month's lines recomputed from its stored group figures with the rules in force
    /// at its end (a corrected rate is entered as a dated value), the difference made payable, or
    /// taken back, by one entry dated `date` in an open month, the lines replaced, all audited in one
    /// transaction. Nothing changed, nothing posted: a second re-run is a no-op.
    /// Only the groups in the caller's scope are re-run: an office re-runs its communes, not the province.
    /// A money command like the others: once per Idempotency-Key, and under the lock of the
    /// month's run, so two re-runs at once post the difference once.
    public func rerun(
        month: String, on date: BusinessDate, key: String?, actor: Actor,
        scope: AccessScope
    ) async throws -> (result: FeeRerun, replayed: Bool) {
        guard month.utf8.count == 7, let monthStart = try? BusinessDate(isoInput: month + "-01")
        else {
            throw PlatformError.invalidInput(
                field: "month", message: "Tháng không hợp lệ: «\(month.prefix(20))» (yyyy-mm).")
        }
        let monthEnd = monthStart.adding(days: monthStart.daysInMonth - 1)
        guard date <= world.today else { throw LendingError.futureDate(date) }
        let rules = try await rules(on: monthEnd)
        let world = world
        return try await IdempotentCommand.run(
            database: database, world: world, actor: actor, key: key,
            request: ["month": month, "date": date.iso],
            locking: [RowLock("month_end_runs", column: "month", keys: [month])]
        ) { sql in
            guard
                try await sql.raw(
                    "SELECT COUNT(*) AS n FROM month_end_runs WHERE month = \(bind: month) AND status = 'done'"
                )
                .first(decodingColumn: "n", as: Int.self) ?? 0 > 0
            else {
                throw PlatformError.inputRefused(
                    field: "month",
                    message:
                        "Tháng \(monthStart.month)/\(monthStart.year) chưa khóa sổ; phí tính khi khóa sổ cuối tháng."
                )
            }
            let fresh = try await MonthEnd.groupTotals(month: month, sql: sql)
                .filter { totals in
                    scope.contains(AdministrativeUnit.ID(totals.unitID))
                        && (scope.organisationID.map { $0 == totals.organisation.rawValue } ?? true)
                        && (scope.groupID.map { $0 == totals.groupID } ?? true)
                }
                .flatMap { try FeeCalculator.lines(for: $0.fees, rules: rules) }
            let stored = try await Self.stored(month: month, scope: scope, sql: sql)
            return try await Self.replace(
                month: month, on: date, fresh: fresh, stored: stored, scope: scope, actor: actor,
                sql: sql, world: world)
        }
    }

    /// Posts the difference, replaces the scope's lines and audits the re-run, in the caller's transaction.
    static func replace(
        month: String, on date: BusinessDate, fresh: [FeeLine],
        stored: [(line: FeeLine, entryID: String?)],
        scope: AccessScope, actor: Actor, sql: any SQLDatabase, world: World
    ) async throws -> FeeRerun {
        let old = stored.map(\.line)
        func key(_ l: FeeLine) -> String { "\(l.payee.rawValue)|\(l.groupID)" }
        let before = Dictionary(old.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        let keptEntries = Dictionary(
            stored.map { (key($0.line), $0.entryID) }, uniquingKeysWith: { first, _ in first })
        let changed = fresh.filter { before[key($0)] != $0 }
        var result = FeeRerun(
            month: month, previous: try old.map(\.amount).sum(),
            recomputed: try fresh.map(\.amount).sum(),
            entryID: nil, linesChanged: changed.count)
        guard !changed.isEmpty else { return result }
        let journal = try FeeCalculator.adjustment(from: old, to: fresh)
        let entry =
            journal.isEmpty
            ? nil
            : JournalEntry(
                id: EntryID(world.newID()), postedOn: date, kind: "fees_adjustment",
                description: "Tính lại phí ủy thác, hoa hồng tháng \(month)", lines: journal)
        result.entryID = entry?.id.rawValue
        let rows: [[any Encodable & Sendable]] = fresh.map { line in
            let kept = before[key(line)] == line
            return Self.row(
                line, month: month,
                entryID: kept
                    ? (keptEntries[key(line)] ?? nil)
                    : entry?.id.rawValue ?? keptEntries[key(line)] ?? nil)
        }
        if let entry { try await LedgerStore(sql: sql, world: world).post([entry], actor: actor) }
        // The scope's lines of the month replaced in two statements; an unchanged line keeps the entry that made it payable.
        try await sql.raw(
            "DELETE FROM fee_lines AS f WHERE f.month = \(bind: month) AND \(Self.condition(scope))"
        ).run()
        try await sql.insertBatches(into: "fee_lines", columns: Self.lineColumns, rows: rows)
        try await AuditStore(sql: sql, world: world).record(
            actor: actor, action: "fees.rerun", recordType: "fee_lines", recordID: month,
            provinceCode: nil,
            before: ["total": result.previous.dong], after: result)
        return result
    }
}
