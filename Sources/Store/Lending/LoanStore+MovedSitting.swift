import Domain
import FluentKit
import Foundation
import SQLKit

extension LoanStore {
    /// Phiên giao dịch dời ngày: when a sitting moves later (a holiday), the unpaid instalments of
    /// the commune's loans falling due from the old day to the day before the new one fall due on
    /// the new day, so that no borrower who comes to the moved sitting is overdue for the move
    /// (lending.md §7; the rule is reference data `moved_sitting_grace`, on by default). One
    /// set-based update, an event on each loan and one audit record, in the caller's transaction.
    /// Returns the loans whose dates moved.
    static func followMovedSitting(unitID: String, from old: BusinessDate, to new: BusinessDate, sittingID: String, actor: Actor,
                                   sql: any SQLDatabase, world: World) async throws -> [String] {
        guard new > old else { return [] }
        let window: SQLQueryString = """
            i.due_on >= \(bind: old.iso) AND i.due_on < \(bind: new.iso) AND i.paid < i.principal
            """
        let loans = try await sql.raw("""
            SELECT DISTINCT i.loan_id AS loan_id FROM loan_instalments i JOIN loans l ON l.id = i.loan_id
            WHERE l.unit_id = \(bind: unitID) AND l.state NOT IN ('written_off', 'repaid', 'frozen') AND \(window) ORDER BY i.loan_id
            """).all(decodingColumn: "loan_id", as: String.self)
        guard !loans.isEmpty else { return [] }
        for chunk in loans.chunked(400) {
            try await sql.raw("""
                UPDATE loan_instalments SET due_on = \(bind: new.iso)
                WHERE loan_id IN (\(binds: Array(chunk))) AND due_on >= \(bind: old.iso) AND due_on < \(bind: new.iso) AND paid < principal
                """).run()
        }
        struct Moved: Codable { let from: BusinessDate; let to: BusinessDate; let sitting: String }
        let details = try StoredJSON.text(Moved(from: old, to: new, sitting: sittingID))
        let now = world.nowMillis
        try await sql.insertBatches(into: "loan_events", columns: ["id", "loan_id", "kind", "on_date", "principal", "interest", "method", "capital_source",
                                                                   "entry_id", "reverses", "details", "actor", "created_at"],
                                    rows: loans.map { [world.newID(), $0, LoanEventKind.dueMoved.rawValue, world.today.iso, Int64(0), Int64(0), nil as String?,
                                                       nil as String?, nil as String?, nil as String?, details, actor.username, now] })
        try await AuditStore(sql: sql, world: world).record(actor: actor, action: "loan.due_moved", recordType: "transaction_day", recordID: sittingID,
                                                           provinceCode: nil, before: ["dueOn": old.iso], after: ["dueOn": new.iso, "loans": loans.joined(separator: ",")])
        return loans
    }
}
