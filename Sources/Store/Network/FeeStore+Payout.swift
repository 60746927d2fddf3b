import Domain
import FluentKit
import Foundation
import SQLKit

extension FeeStore {
    struct PayoutRequest: Encodable {
        var month: String, payee: String, amount: Int64, method: String, date: String
    }

    /// Chi trả phí, hoa hồng tại buổi giao dịch: pays one recipient for a month, against the
    /// signed list. Reads what each of the recipient's lines in the scope still owes under the
    /// month's lock (so a re-run or a second payout waits), asks `FeePayouts.plan` for the
    /// allocation and the entry, and writes both with the audit. Once per Idempotency-Key.
    public func payout(
        month: String, payee: String, amount: Money, method: PaymentMethod, on date: BusinessDate,
        key: String?, actor: Actor, scope: AccessScope
    ) async throws -> (result: FeePayout, replayed: Bool) {
        guard let recipient = FeeRecipient(key: payee) else { throw FeeError.payeeNotFound(payee) }
        guard date <= world.today else { throw LendingError.futureDate(date) }
        let world = world
        return try await IdempotentCommand.run(
            database: database, world: world, actor: actor, key: key,
            request: PayoutRequest(
                month: month, payee: payee, amount: amount.dong, method: method.rawValue,
                date: date.iso),
            locking: [RowLock("month_end_runs", column: "month", keys: [month])]
        ) { sql in
            let owed = try await Self.owed(
                month: month, recipient: recipient, scope: scope, sql: sql)
            guard !owed.isEmpty else { throw FeeError.payeeNotFound(payee) }
            let plan = try FeePayouts.plan(
                payee: payee, month: month, amount: amount, method: method, owed: owed,
                on: date, entryID: EntryID(world.newID()))
            let id = world.newID()
            try await LedgerStore(sql: sql, world: world).post([plan.entry], actor: actor)
            try await sql.insert(into: "fee_payouts")
                .columns(
                    "id", "month", "payee", "amount", "method", "paid_on", "entry_id",
                    "created_by", "created_at"
                )
                .values(
                    id, month, payee, amount.dong, method.rawValue, date.iso,
                    plan.entry.id.rawValue, actor.username, world.nowMillis
                ).run()
            let organisation = recipient.organisation
            let groups = Dictionary(
                try await Self.groupOrganisations(
                    plan.allocations.map(\.groupID), sql: sql), uniquingKeysWith: { a, _ in a })
            try await sql.insertBatches(
                into: "fee_payout_lines",
                columns: [
                    "payout_id", "month", "payee", "group_id", "organisation", "unit_id",
                    "recipient", "amount",
                ],
                rows: plan.allocations.map { a in
                    [
                        id, month, recipient.payee.rawValue, a.groupID,
                        organisation?.rawValue ?? groups[a.groupID] ?? "", a.unitID, payee,
                        a.amount.dong,
                    ]
                })
            let before = try owed.map(\.unpaid).sum()
            let result = FeePayout(
                id: id, month: month, payee: payee, amount: amount, method: method,
                paidOn: date, entry: plan.entry.id.rawValue,
                owed: try before.subtracting(amount))
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "fees.payout", recordType: "fee_payouts", recordID: id,
                provinceCode: nil, before: ["owed": before.dong], after: result,
                unitID: plan.allocations.first?.unitID)
            return result
        }
    }

    /// Each of the recipient's lines of the month in the scope with what was paid of it, in the
    /// order a payout fills them.
    static func owed(
        month: String, recipient: FeeRecipient, scope: AccessScope, sql: any SQLDatabase
    ) async throws -> [FeeOwed] {
        var match: SQLQueryString = "f.payee = \(bind: recipient.payee.rawValue)"
        switch recipient {
        case .group(let id): match = match + " AND f.group_id = \(bind: id)"
        case .commune(let o, let unit):
            match =
                match + " AND f.organisation = \(bind: o.rawValue) AND f.unit_id = \(bind: unit)"
        case .district(let o, let p), .province(let o, let p):
            match =
                match + " AND f.organisation = \(bind: o.rawValue) AND u.province_code = \(bind: p)"
        case .central(let o): match = match + " AND f.organisation = \(bind: o.rawValue)"
        }
        return try await sql.raw(
            """
            SELECT f.group_id, f.unit_id, f.amount, CAST(COALESCE(p.paid, 0) AS BIGINT) AS paid
            FROM fee_lines f JOIN units u ON u.id = f.unit_id
            LEFT JOIN (SELECT group_id, SUM(amount) AS paid FROM fee_payout_lines
                       WHERE month = \(bind: month) AND recipient = \(bind: recipient.key)
                       GROUP BY group_id) p ON p.group_id = f.group_id
            WHERE f.month = \(bind: month) AND \(match) AND \(Self.condition(scope))
            ORDER BY f.unit_id, f.group_id
            """
        ).all().map { r in
            FeeOwed(
                groupID: try r.decode(column: "group_id", as: String.self),
                unitID: try r.decode(column: "unit_id", as: String.self),
                amount: Money(dong: try r.decode(column: "amount", as: Int64.self)),
                paid: Money(dong: try r.decode(column: "paid", as: Int64.self)))
        }
    }

    static func groupOrganisations(
        _ ids: [String], sql: any SQLDatabase
    ) async throws -> [(String, String)] {
        guard !ids.isEmpty else { return [] }
        return try await sql.raw(
            "SELECT id, organisation FROM savings_groups WHERE id IN (\(binds: ids))"
        ).all().map {
            (
                try $0.decode(column: "id", as: String.self),
                try $0.decode(column: "organisation", as: String.self)
            )
        }
    }
}
