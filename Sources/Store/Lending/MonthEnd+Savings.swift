import Domain
import FluentKit
import Foundation
import SQLKit

/// Members' savings at a month-end (CHANGES 2026-12-01 item 9): what each account earned in the
/// month, booked per group as owed to the members; on 30/6 and 31/12 the half-year credited to
/// each account (`SavingsInterest.halfYear`, less what an earlier monthly credit already gave).
/// An account closed by the month's end was settled when it closed (`SavingsStore.close`).
struct SavingsMonth {
    struct Group {
        var opening = Money.zero
        var closing = Money.zero
        var saving = 0
        var unit = ""
    }
    var plans: [String: SavingsInterestPlan] = [:]
    var groups: [String: Group] = [:]
    /// Interest credited per account (crediting days only).
    var credits: [String: Money] = [:]

    func accrued() throws(MoneyError) -> Money { try plans.values.map(\.accrued).sum() }
    func credited() throws(MoneyError) -> Money { try credits.values.sum() }
}

extension MonthEnd {
    /// The rate in force at each month-end of the half-year up to `date`.
    func savingsRates(through date: BusinessDate) async throws -> [BusinessDate: Int64] {
        try await ReferenceDataStore(database: database, world: world).savingsRates(through: date)
    }

    /// Reads the batch's savings accounts once (balance before the period, the period's movements,
    /// interest already credited in the half) and plans the month's postings per group.
    static func savings(
        units: [String], on date: BusinessDate, rates: [BusinessDate: Int64],
        sql: any SQLDatabase
    ) async throws -> SavingsMonth {
        let credits = SavingsInterest.credits(on: date)
        let first = date.firstOfMonth, start = credits ? SavingsInterest.halfStart(of: date) : first
        struct Account {
            var group: String; var unit: String; var opening: Money
            var moves: [SavingsInterest.Movement] = []; var paid: [Money] = []
        }
        var accounts: [String: Account] = [:]
        for row in try await sql.raw(
            """
            SELECT a.id AS id, a.group_id AS group_id, a.unit_id AS unit_id,
                   CAST(COALESCE(SUM(CASE WHEN m.on_date < \(bind: start.iso)
                                     THEN m.amount ELSE 0 END), 0) AS BIGINT) AS opening
            FROM savings_accounts a LEFT JOIN savings_movements m ON m.account_id = a.id
            WHERE a.unit_id IN (\(binds: units))
              AND (a.closed_on IS NULL OR a.closed_on > \(bind: date.iso))
            GROUP BY a.id, a.group_id, a.unit_id
            """
        ).all() {
            accounts[try row.decode(column: "id", as: String.self)] = Account(
                group: try row.decode(column: "group_id", as: String.self),
                unit: try row.decode(column: "unit_id", as: String.self),
                opening: Money(dong: try row.decode(column: "opening", as: Int64.self)))
        }
        for row in try await sql.raw(
            """
            SELECT m.account_id AS account_id, m.on_date AS on_date, m.amount AS amount,
                   m.kind AS kind
            FROM savings_movements m JOIN savings_accounts a ON a.id = m.account_id
            WHERE a.unit_id IN (\(binds: units)) AND m.on_date >= \(bind: start.iso)
              AND m.on_date <= \(bind: date.iso)
            """
        ).all() {
            let id = try row.decode(column: "account_id", as: String.self)
            let amount = try row.decode(column: "amount", as: Int64.self)
            // Interest credited inside the half by the earlier monthly rule: in the balance from
            // its day, and already paid of the half-year's interest.
            if try row.decode(column: "kind", as: String.self) == "interest" {
                accounts[id]?.paid.append(Money(dong: amount))
            }
            accounts[id]?.moves.append(
                .init(
                    on: try BusinessDate(iso: try row.decode(column: "on_date", as: String.self)),
                    amount: Money(dong: amount)))
        }
        var payable: [String: Int64] = [:]
        if credits {
            for row in try await sql.raw(
                """
                SELECT group_id, CAST(SUM(credit - debit) AS BIGINT) AS held FROM journal_lines
                WHERE account = \(bind: ChartOfAccounts.savingsInterestPayable.code)
                  AND unit_id IN (\(binds: units))
                  AND group_id IS NOT NULL GROUP BY group_id
                """
            ).all() {
                payable[try row.decode(column: "group_id", as: String.self)] = try row.decode(
                    column: "held", as: Int64.self)
            }
        }
        var month = SavingsMonth()
        for (id, a) in accounts.sorted(by: { $0.key < $1.key }) {
            let figures = try SavingsInterest.month(
                opening: a.opening, movements: a.moves, paidInHalf: try a.paid.sum(), on: date,
                rates: rates)
            var plan =
                month.plans[a.group]
                ?? SavingsInterestPlan(
                    accrued: .zero, credits: [:], payableBefore: Money(dong: payable[a.group] ?? 0))
            plan.accrued = try plan.accrued.adding(figures.earned)
            if figures.credit.dong > 0 {
                plan.credits[id] = figures.credit
                month.credits[id] = figures.credit
            }
            month.plans[a.group] = plan
            var g = month.groups[a.group] ?? SavingsMonth.Group()
            g.opening = try g.opening.adding(figures.opening)
            g.closing = try g.closing.adding(figures.closing)
            g.saving += figures.closing.dong > 0 ? 1 : 0
            g.unit = a.unit
            month.groups[a.group] = g
        }
        return month
    }

    /// Writes the month's savings entry (one for the batch) and, on a crediting day, each account's
    /// interest movement and balance.
    static func writeSavings(
        _ month: SavingsMonth, on date: BusinessDate, label: String, actor: Actor,
        sql: any SQLDatabase, world: World
    ) async throws {
        var lines: [JournalLine] = []
        for (group, plan) in month.plans.sorted(by: { $0.key < $1.key }) {
            lines += try plan.lines(unitID: month.groups[group]?.unit ?? "", groupID: group)
        }
        guard !lines.isEmpty else { return }
        let entry = JournalEntry(
            id: EntryID(world.newID()), postedOn: date, kind: "savings_interest",
            description: "Lãi tiền gửi tổ viên \(label)", lines: lines)
        try await LedgerStore(sql: sql, world: world).post([entry], actor: actor)
        guard !month.credits.isEmpty else { return }
        let now = world.nowMillis
        try await sql.insertBatches(
            into: "savings_movements",
            columns: [
                "id", "account_id", "on_date", "amount", "kind", "batch_id", "entry_id", "actor",
                "created_at",
            ],
            rows: month.credits.sorted { $0.key < $1.key }.map {
                [
                    world.newID(), $0.key, date.iso, $0.value.dong, "interest", nil as String?,
                    entry.id, actor.username, now,
                ]
            })
        try await sql.addToColumn(
            "balance", of: "savings_accounts", changes: month.credits.mapValues(\.dong),
            updatedAt: now)
    }
}
