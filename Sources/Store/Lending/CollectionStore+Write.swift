import Domain
import Foundation
import SQLKit

/// How a collection batch writes what Domain planned (`LoanCommands.collection`): a few
/// statements for the whole batch, whatever the number of lines; it decides nothing itself.
extension CollectionStore {
    static func write(
        _ plan: CollectionPlan, batch batchID: String, sitting: CollectionSitting, province: Int,
        actor: Actor, sql: any SQLDatabase, world: World
    ) async throws {
        let now = world.nowMillis, date = sitting.date.iso
        try await LedgerStore(sql: sql, world: world).post(plan.entries, actor: actor)
        // Accounts open on the first deposit; then movements and balances.
        try await sql.insertBatches(
            into: "savings_accounts",
            columns: [
                "id", "household_id", "group_id", "unit_id", "province_code", "opened_on",
                "balance", "updated_at",
            ],
            rows: plan.newAccounts.map {
                ["sav-\($0)", $0, sitting.groupID, sitting.unitID, province, date, Int64(0), now]
            })
        try await sql.insertBatches(
            into: "savings_movements",
            columns: [
                "id", "account_id", "on_date", "amount", "kind", "batch_id", "entry_id", "actor",
                "created_at",
            ],
            rows: plan.movements.map {
                [
                    world.newID(), "sav-\($0.household)", date, $0.amount.dong, $0.kind, batchID,
                    $0.entryID, actor.username, now,
                ]
            })
        try await sql.addToColumn(
            "balance", of: "savings_accounts",
            changes: Dictionary(
                uniqueKeysWithValues: plan.savings.map { ("sav-\($0.key)", $0.value.dong) }),
            updatedAt: now)
        // A deposit into an account closed before opens it again.
        let deposits = plan.movements.filter { $0.amount.dong > 0 }.map { "sav-\($0.household)" }
        for slice in Array(Set(deposits)).chunked(500) {
            try await sql.update("savings_accounts").set("closed_on", to: SQLLiteral.null)
                .where("id", .in, Array(slice)).where("closed_on", .isNot, SQLLiteral.null).run()
        }
        try await writeLoans(plan, batch: batchID, date: date, actor: actor, sql: sql, world: world)
    }

    /// The loans' figures, their instalments settled again, the loans now repaid and the
    /// repayment events.
    static func writeLoans(
        _ plan: CollectionPlan, batch batchID: String, date: String, actor: Actor,
        sql: any SQLDatabase, world: World
    ) async throws {
        let now = world.nowMillis
        try await sql.addToColumn(
            "principal_repaid", of: "loans",
            changes: plan.changes(\.principalRepaid),
            updatedAt: now)
        try await sql.addToColumn(
            "interest_paid", of: "loans",
            changes: plan.changes(\.interestPaid),
            updatedAt: now)
        try await LoanStore.reallocate(loanIDs: plan.reallocates.map(\.rawValue), sql: sql)
        if !plan.repaid.isEmpty {
            try await sql.raw(
                """
                UPDATE loans SET state = \(bind: LoanState.repaid.rawValue),
                updated_at = \(bind: now) WHERE id IN (\(binds: plan.repaid))
                """
            ).run()
        }
        try await sql.insertBatches(
            into: "loan_events",
            columns: [
                "id", "loan_id", "kind", "on_date", "principal", "interest", "method",
                "capital_source", "entry_id", "reverses", "details", "actor", "created_at",
            ],
            rows: try plan.repayments.map { r in
                let details = try StoredJSON.text(["batch": batchID, "via": r.via.rawValue])
                return [
                    world.newID(), r.loanID, LoanEventKind.repayment.rawValue, date,
                    -r.principal.dong, r.interest.dong, PaymentMethod.cash.rawValue,
                    nil as String?, r.entryID, nil as String?, details, actor.username, now,
                ]
            })
        try await CurrentLoanFigures(sql: sql).refresh(
            loanIDs: plan.loans.keys.map(\.rawValue), on: world.today)
    }
}

extension CollectionPlan {
    /// One running figure's change per loan, by the loan's id in the table, where it moved.
    func changes(_ figure: KeyPath<LoanPlan.Figures, Money>) -> [String: Int64] {
        Dictionary(
            uniqueKeysWithValues: loans.compactMap { id, figures in
                figures[keyPath: figure].dong == 0
                    ? nil : (id.rawValue, figures[keyPath: figure].dong)
            })
    }
}
