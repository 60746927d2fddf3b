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
    public func rerun(month: String, on date: BusinessDate, actor: Actor, scope: AccessScope) async throws -> FeeRerun {
        guard let monthStart = try? BusinessDate(month: month) else {
            throw PlatformError.invalidInput(field: "month", message: "Tháng không hợp lệ: «\(month)» (yyyy-mm).")
        }
        let monthEnd = monthStart.adding(days: monthStart.daysInMonth - 1)
        guard try await sql.raw("SELECT COUNT(*) AS n FROM month_end_runs WHERE month = \(bind: month) AND status = 'done'")
            .first(decodingColumn: "n", as: Int.self) ?? 0 > 0 else {
            throw PlatformError.invalidInput(field: "month", message: "Tháng \(monthStart.month)/\(monthStart.year) chưa khóa sổ; phí tính khi khóa sổ cuối tháng.")
        }
        guard date <= world.today else { throw LendingError.futureDate(date) }
        let rules = try await rules(on: monthEnd)
        let fresh = try await MonthEnd.groupTotals(month: month, sql: sql)
            .filter { totals in
                scope.contains(AdministrativeUnit.ID(totals.unitID)) && (scope.organisationID.map { $0 == totals.organisation.rawValue } ?? true)
                    && (scope.groupID.map { $0 == totals.groupID } ?? true)
            }
            .flatMap { try FeeCalculator.lines(for: $0.fees, rules: rules) }
        let stored = try await stored(month: month, scope: scope)
        let old = stored.map(\.line)
        func key(_ l: FeeLine) -> String { "\(l.payee.rawValue)|\(l.groupID)" }
        let before = Dictionary(uniqueKeysWithValues: old.map { (key($0), $0) })
        let keptEntries = Dictionary(uniqueKeysWithValues: stored.map { (key($0.line), $0.entryID) })
        let changed = fresh.filter { before[key($0)] != $0 }
        var result = FeeRerun(month: month, previous: Money(dong: old.reduce(0) { $0 + $1.amount.dong }),
                              recomputed: Money(dong: fresh.reduce(0) { $0 + $1.amount.dong }), entryID: nil, linesChanged: changed.count)
        guard !changed.isEmpty else { return result }
        let journal = try FeeCalculator.adjustment(from: old, to: fresh)
        let entry = journal.isEmpty ? nil
            : JournalEntry(id: world.newID(), postedOn: date, kind: "fees_adjustment", description: "Tính lại phí ủy thác, hoa hồng tháng \(month)", lines: journal)
        result.entryID = entry?.id
        let summary = result
        let rows: [[any Encodable & Sendable]] = fresh.map { line in
            let kept = before[key(line)] == line
            return [month, line.payee.rawValue, line.groupID, line.organisation.rawValue, line.unitID, line.base.dong, line.basisPoints,
                    line.amount.dong, line.reason, kept ? (keptEntries[key(line)] ?? nil) : entry?.id ?? keptEntries[key(line)] ?? nil]
        }
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            if let entry { try await LedgerStore(sql: sql, world: world).post([entry], actor: actor) }
            // The scope's lines of the month replaced in two statements; an unchanged line keeps the entry that made it payable.
            try await sql.raw("DELETE FROM fee_lines AS f WHERE f.month = \(bind: month) AND \(Self.condition(scope))").run()
            try await sql.insertBatches(into: "fee_lines", columns: ["month", "payee", "group_id", "organisation", "unit_id", "base", "basis_points", "amount",
                                                                     "reason", "entry_id"],
                                        rows: rows)
            try await AuditStore(sql: sql, world: world).record(actor: actor, action: "fees.rerun", recordType: "fee_lines", recordID: month, provinceCode: nil,
                                                               before: ["total": summary.previous.dong], after: summary)
        }
        return result
    }
}
