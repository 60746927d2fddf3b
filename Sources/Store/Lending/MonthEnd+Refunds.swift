import Domain
import FluentKit
import Foundation
import SQLKit

extension MonthEnd {
    /// The adjustments this run settles (recorded and not yet taken into the book) and the last
    /// closed month's end, through which they give interest back; nil when there is nothing to do.
    static func pendingRefunds(
        closed: Set<String>, sql: any SQLDatabase
    ) async throws
        -> (pending: [RateAdjustment], closedThrough: BusinessDate?)
    {
        let pending = try await RateAdjustmentStore.all(sql: sql).filter { $0.settledMonth == nil }
            .map(\.adjustment)
        guard let last = closed.max(), let first = try? BusinessDate(month: last) else {
            return (pending, nil)
        }
        return (pending, first.lastOfMonth)
    }

    /// Step 1b for one batch of communes, in one transaction with its checkpoint: per loan the
    /// pending adjustments reach, the interest closed months took above the adjusted rate
    /// (`RefundRules`), posted in one entry on the month's last day; the part the borrower had
    /// paid becomes owed to them (the loan's interest paid falls by it) and is listed per commune
    /// (`interest_refunds`) to be paid at the sitting. The batch's loans are locked before they
    /// are read: a repayment at the counter meanwhile waits, so the offset is taken from the
    /// receivable as it stands.
    func refunds(
        units: [String], on date: BusinessDate, month: String, pending: [RateAdjustment],
        closedThrough: BusinessDate, actor: Actor
    ) async throws -> (loans: Int, amount: Money) {
        let world = world
        return try await WriteTransaction.run(database) { sql in
            let ids = Set(pending.map(\.id))
            let batch = try await sql.select().column("id").from("loans")
                .where("unit_id", .in, units).all(decodingColumn: "id", as: String.self)
            try await sql.lock([.loans(batch)])
            let loans = try await LoanStore.standings(
                ids: batch, on: date, scope: .everything, sql: sql
            )
            .filter {
                $0.facts.state != .writtenOff
                    && $0.facts.adjustments.contains { ids.contains($0.id) }
            }
            let balances = try await LoanStore.balances(loanIDs: loans.map(\.summary.id), sql: sql)
            let receivable = ChartOfAccounts.interestReceivable.code
            let refunds = try loans.compactMap { loan in
                try RefundRules.refund(
                    facts: loan.facts,
                    loan: LoanStore.dimensions(loan.summary),
                    pending: ids, closedThrough: closedThrough,
                    receivable: Money(dong: balances[loan.summary.id]?[receivable] ?? 0))
            }
            let entryID = EntryID(world.newID())
            if let entry = RefundRules.entry(
                id: entryID, on: date, refunds: refunds,
                description: "Hoàn lãi do điều chỉnh lãi suất hồi tố, tháng \(month)")
            {
                try await LedgerStore(sql: sql, world: world).post([entry], actor: actor)
                try await Self.record(
                    refunds, entryID: entryID, on: date, month: month,
                    adjustments: ids.sorted(), actor: actor, sql: sql, world: world)
            }
            try await Self.checkpoint(
                units, step: "refunds", month: month, entryID: refunds.isEmpty ? nil : entryID,
                loans: refunds.count, sql: sql, world: world)
            return (refunds.count, try refunds.map(\.amount).sum())
        }
    }

    /// The refunds' rows, the loans' interest paid less what is now owed back, and one event per
    /// loan so its history says why.
    static func record(
        _ refunds: [InterestRefund], entryID: EntryID, on date: BusinessDate,
        month: String, adjustments: [String], actor: Actor, sql: any SQLDatabase,
        world: World
    ) async throws {
        let now = world.nowMillis
        let joined = adjustments.joined(separator: ",")
        try await sql.insertBatches(
            into: "interest_refunds",
            columns: [
                "id", "month", "loan_id", "unit_id", "group_id", "adjustments", "amount",
                "offset_amount", "owed", "entry_id",
            ],
            rows: refunds.map {
                [
                    world.newID(), month, $0.loan.loanID, $0.loan.unitID, $0.loan.groupID, joined,
                    $0.amount.dong, $0.offset.dong, $0.owed.dong, entryID,
                ]
            })
        let owed = refunds.filter { $0.owed.dong > 0 }
        try await sql.addToColumn(
            "interest_paid", of: "loans",
            changes: Dictionary(
                uniqueKeysWithValues: owed.map { ($0.loan.loanID.rawValue, -$0.owed.dong) }),
            updatedAt: now)
        let details = try StoredJSON.text(["adjustments": joined])
        try await sql.insertBatches(
            into: "loan_events",
            columns: [
                "id", "loan_id", "kind", "on_date", "principal", "interest", "method",
                "capital_source", "entry_id", "reverses", "details", "actor", "created_at",
            ],
            rows: refunds.map {
                [
                    world.newID(), $0.loan.loanID, LoanEventKind.interestRefund.rawValue, date.iso,
                    Int64(0), -$0.owed.dong, nil as String?, nil as String?, entryID,
                    nil as String?,
                    details, actor.username, now,
                ]
            })
    }

    /// At the close: the adjustments this run read are in the book from now on.
    static func settle(
        _ pending: [RateAdjustment], month: String, sql: any SQLDatabase
    ) async throws {
        guard !pending.isEmpty else { return }
        try await sql.update("rate_adjustments").set("settled_month", to: month)
            .where("id", .in, pending.map(\.id)).where("settled_month", .is, SQLLiteral.null).run()
    }
}
