import Domain
import FluentKit
import Foundation
import SQLKit

extension MonthEnd {
    /// Step 2 for one batch of communes, in one transaction with its checkpoint: the loans read once
    /// at the month's end (a few set-based queries for the batch), then the accrual entry, the
    /// savings interest entry and movements, and the month's rows of the summary tables.
    func figures(
        units: [String], on date: BusinessDate, month: String, savingsRates: [BusinessDate: Int64],
        actor: Actor
    ) async throws -> (loans: Int, accrued: Money, savingsInterest: Money, savingsAccrued: Money) {
        let first = date.firstOfMonth
        let loans = try await LoanStore(database: database, world: world).standings(
            LoanQuery(unitIDs: Set(units)), on: date, scope: .everything
        )
        .filter { ![.writtenOff, .repaid].contains($0.facts.state) }
        // Income already booked per loan (accrual is what the month's end adds to it).
        var income: [String: Int64] = [:]
        for slice in loans.map(\.summary.id).chunked(500) {
            for row in try await sql.raw(
                """
                SELECT loan_id, CAST(SUM(credit - debit) AS BIGINT) AS income FROM journal_lines
                WHERE account = \(bind: ChartOfAccounts.interestIncome.code)
                  AND loan_id IN (\(binds: Array(slice))) GROUP BY loan_id
                """
            ).all() {
                income[try row.decode(column: "loan_id", as: String.self)] = try row.decode(
                    column: "income", as: Int64.self)
            }
        }
        // Dư nợ có thu được lãi: the loans whose interest collected in the month is positive.
        var interestPaying: Set<String> = []
        for row in try await sql.raw(
            """
            SELECT e.loan_id AS loan_id FROM loan_events e JOIN loans l ON l.id = e.loan_id
            WHERE l.unit_id IN (\(binds: units)) AND e.on_date >= \(bind: first.iso)
              AND e.on_date <= \(bind: date.iso) AND e.kind IN ('repayment', 'reversal')
            GROUP BY e.loan_id HAVING SUM(e.interest) > 0
            """
        ).all() {
            interestPaying.insert(try row.decode(column: "loan_id", as: String.self))
        }
        var accruals: [(LoanDimensions, Money)] = []
        var groups: [String: GroupMonthTotals] = [:]
        var unitRows: [String: IndicatorLine] = [:]
        var arrears: [[any Encodable & Sendable]] = []
        let groupRows = try await sql.raw(
            """
            SELECT id, organisation, unit_id, province_code FROM savings_groups WHERE status = 'active' AND unit_id IN (\(binds: units))
            """
        ).all()
        var provinces: [String: Int] = [:]
        for row in groupRows {
            let id = try row.decode(column: "id", as: String.self),
                unit = try row.decode(column: "unit_id", as: String.self)
            groups[id] = GroupMonthTotals(
                groupID: id,
                organisation: Organisation(
                    rawValue: try row.decode(column: "organisation", as: String.self))
                    ?? .womensUnion,
                unitID: unit)
        }
        for row in try await sql.raw(
            "SELECT id, province_code FROM units WHERE id IN (\(binds: units))"
        ).all() {
            provinces[try row.decode(column: "id", as: String.self)] = try row.decode(
                column: "province_code", as: Int.self)
        }
        func unitKey(_ unit: String, _ program: String, _ organisation: String?) -> String {
            "\(unit)|\(program)|\(organisation ?? "direct")"
        }
        for loan in loans {
            let id = loan.summary.id
            let accrual = try LoanAccount.incomeTarget(loan.facts, through: date).subtracting(
                Money(dong: income[id] ?? 0)
            ).dong
            let dims = LoanStore.dimensions(loan.summary)
            if accrual > 0 { accruals.append((dims, Money(dong: accrual))) }
            let accruedInMonth = try LoanAccount.interestFallingDue(
                loan.facts, inMonthEnding: date
            ).dong
            let flagged = LoanAccount.reachesArrears(loan.standing, rate: loan.rate)
            let s = loan.standing
            if flagged {
                arrears.append([
                    month, id, loan.summary.unitID, loan.summary.groupID, loan.organisation,
                    provinces[loan.summary.unitID] ?? 0,
                    s.outstanding.dong, s.interestArrears.dong,
                ])
            }
            if let group = loan.summary.groupID, var g = groups[group] {
                g.loans += 1
                g.outstanding = try g.outstanding.adding(s.outstanding)
                g.overdue = try g.overdue.adding(s.overdue)
                g.frozen = try g.frozen.adding(s.frozen)
                g.interestArrears = try g.interestArrears.adding(s.interestArrears)
                g.arrearsLoans += flagged ? 1 : 0
                g.interestDue = try g.interestDue.adding(Money(dong: accruedInMonth))
                if interestPaying.contains(id) {
                    g.outstandingWithInterest = try g.outstandingWithInterest.adding(s.outstanding)
                }
                groups[group] = g
            }
            let key = unitKey(loan.summary.unitID, loan.summary.programCode, loan.organisation)
            var u = unitRows[key] ?? .empty(key)
            u.loans += 1
            u.outstanding = try u.outstanding.adding(s.outstanding)
            u.overdue = try u.overdue.adding(s.overdue)
            u.frozen = try u.frozen.adding(s.frozen)
            u.interestArrears = try u.interestArrears.adding(s.interestArrears)
            u.arrearsLoans += flagged ? 1 : 0
            u.interestDue = try u.interestDue.adding(Money(dong: accruedInMonth))
            unitRows[key] = u
        }
        // What moved in the month, per group and per commune × program × organisation, set-based.
        for row in try await sql.raw(
            """
            SELECT l.unit_id AS unit_id, l.program_code AS program_code, l.organisation AS organisation, l.group_id AS group_id,
                   \(LoanEventFlows.sums)
            FROM loan_events e JOIN loans l ON l.id = e.loan_id
            WHERE l.unit_id IN (\(binds: units)) AND e.on_date >= \(bind: first.iso) AND e.on_date <= \(bind: date.iso)
              AND e.kind IN \(LoanEventFlows.kinds)
            GROUP BY l.unit_id, l.program_code, l.organisation, l.group_id
            """
        ).all() {
            let unit = try row.decode(column: "unit_id", as: String.self),
                program = try row.decode(column: "program_code", as: String.self)
            let organisation = try row.decode(column: "organisation", as: String?.self)
            let interest = try row.decode(column: "interest", as: Int64.self)
            var u =
                unitRows[unitKey(unit, program, organisation)]
                ?? .empty(unitKey(unit, program, organisation))
            u.interestCollected = try u.interestCollected.adding(Money(dong: interest))
            u.principalRepaid = try u.principalRepaid.adding(
                Money(dong: try row.decode(column: "principal", as: Int64.self)))
            u.disbursed = try u.disbursed.adding(
                Money(dong: try row.decode(column: "disbursed", as: Int64.self)))
            unitRows[unitKey(unit, program, organisation)] = u
            if let group = try row.decode(column: "group_id", as: String?.self),
                var totals = groups[group]
            {
                totals.interestCollected = try totals.interestCollected.adding(
                    Money(dong: interest))
                groups[group] = totals
            }
        }
        func perGroup(
            _ query: SQLQueryString, _ apply: (inout GroupMonthTotals, any SQLRow) throws -> Void
        ) async throws {
            for row in try await sql.raw(query).all() {
                let group = try row.decode(column: "g", as: String.self)
                if var g = groups[group] {
                    try apply(&g, row)
                    groups[group] = g
                }
            }
        }
        try await perGroup(
            """
            SELECT group_id AS g, CAST(SUM(interest_via_leader) AS BIGINT) AS leader, COUNT(*) AS n FROM collection_batches
            WHERE unit_id IN (\(binds: units)) AND on_date >= \(bind: first.iso) AND on_date <= \(bind: date.iso) GROUP BY group_id
            """
        ) { g, row in
            g.interestViaLeader = Money(dong: try row.decode(column: "leader", as: Int64.self))
            g.sittings = try row.decode(column: "n", as: Int.self)
        }
        try await perGroup(
            """
            SELECT l.group_id AS g, CAST(SUM(i.principal) AS BIGINT) AS due, CAST(SUM(i.paid) AS BIGINT) AS paid
            FROM loan_instalments i JOIN loans l ON l.id = i.loan_id
            WHERE l.unit_id IN (\(binds: units)) AND l.group_id IS NOT NULL AND l.state <> 'written_off'
              AND i.due_on >= \(bind: first.iso) AND i.due_on <= \(bind: date.iso)
            GROUP BY l.group_id
            """
        ) { g, row in
            g.principalDue = Money(dong: try row.decode(column: "due", as: Int64.self))
            g.principalCollected = Money(dong: try row.decode(column: "paid", as: Int64.self))
        }
        try await perGroup(
            """
            SELECT m.group_id AS g, COUNT(*) AS n FROM group_memberships m JOIN savings_groups s ON s.id = m.group_id
            WHERE s.unit_id IN (\(binds: units)) AND m.valid_from <= \(bind: date.iso) AND (m.valid_to IS NULL OR m.valid_to >= \(bind: date.iso))
            GROUP BY m.group_id
            """
        ) { g, row in g.members = try row.decode(column: "n", as: Int.self) }
        try await perGroup(
            """
            SELECT m.group_id AS g, COUNT(*) AS n FROM group_meetings m JOIN savings_groups s ON s.id = m.group_id
            WHERE s.unit_id IN (\(binds: units)) AND m.held_on >= \(bind: first.iso) AND m.held_on <= \(bind: date.iso)
            GROUP BY m.group_id
            """
        ) { g, row in g.meetings = try row.decode(column: "n", as: Int.self) }
        // Members' savings: what the month earned per group, and on 30/6 and 31/12 the half-year credited.
        let savings = try await Self.savings(
            units: units, on: date, rates: savingsRates, sql: try sql)
        for (group, s) in savings.groups {
            guard var g = groups[group] else { continue }
            g.savings = try g.savings.adding(s.closing)
            g.savingsPrevious = try g.savingsPrevious.adding(s.opening)
            g.membersSaving += s.saving
            groups[group] = g
        }
        let accrued = try accruals.map(\.1).sum()
        let savingsInterest = try savings.credited()
        let accrualList = accruals, groupList = groups.values.sorted { $0.groupID < $1.groupID },
            unitList = unitRows, arrearsRows = arrears
        let provinceOf = provinces, savingsMonth = savings
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            let ledger = LedgerStore(sql: sql, world: world)
            var entryID: EntryID?
            if !accrualList.isEmpty {
                let entry = LoanPostings.accrual(
                    id: EntryID(world.newID()), on: date, loans: accrualList,
                    description:
                        "Dự thu lãi tháng \(month) (\(units.count) xã từ \(units.first ?? ""))")
                try await ledger.post([entry], actor: actor)
                entryID = entry.id
            }
            try await Self.writeSavings(
                savingsMonth, on: date,
                label: "tháng \(month) (\(units.count) xã từ \(units.first ?? ""))",
                actor: actor, sql: sql, world: world)
            try await sql.insertBatches(
                into: "group_month_figures",
                columns: [
                    "month", "group_id", "organisation", "unit_id", "province_code", "loans",
                    "outstanding", "overdue", "frozen", "interest_arrears", "arrears_loans",
                    "interest_due", "interest_collected", "interest_via_leader", "principal_due",
                    "principal_collected", "members", "members_saving", "savings",
                    "savings_previous", "meetings", "sittings", "outstanding_with_interest",
                ],
                rows: groupList.map { g in
                    [
                        month, g.groupID, g.organisation.rawValue, g.unitID,
                        provinceOf[g.unitID] ?? 0, g.loans, g.outstanding.dong, g.overdue.dong,
                        g.frozen.dong,
                        g.interestArrears.dong, g.arrearsLoans, g.interestDue.dong,
                        g.interestCollected.dong, g.interestViaLeader.dong, g.principalDue.dong,
                        g.principalCollected.dong, g.members, g.membersSaving, g.savings.dong,
                        g.savingsPrevious.dong, g.meetings, g.sittings,
                        g.outstandingWithInterest.dong,
                    ]
                })
            try await sql.insertBatches(
                into: "unit_month_figures",
                columns: [
                    "month", "unit_id", "program_code", "organisation", "province_code", "loans",
                    "outstanding", "overdue", "frozen", "interest_arrears",
                    "arrears_loans", "interest_due", "interest_collected", "disbursed",
                    "principal_repaid",
                ],
                rows: unitList.sorted { $0.key < $1.key }.map { key, u in
                    let parts = key.split(separator: "|", omittingEmptySubsequences: false).map(
                        String.init)
                    return [
                        month, parts[0], parts[1], parts[2], provinceOf[parts[0]] ?? 0, u.loans,
                        u.outstanding.dong, u.overdue.dong, u.frozen.dong,
                        u.interestArrears.dong, u.arrearsLoans, u.interestDue.dong,
                        u.interestCollected.dong, u.disbursed.dong, u.principalRepaid.dong,
                    ]
                })
            try await sql.insertBatches(
                into: "month_arrears_loans",
                columns: [
                    "month", "loan_id", "unit_id", "group_id", "organisation", "province_code",
                    "outstanding", "interest_arrears",
                ], rows: arrearsRows)
            try await Self.checkpoint(
                units, step: "figures", month: month, entryID: entryID, loans: loans.count,
                sql: sql, world: world)
        }
        return (loans.count, accrued, savingsInterest, try savings.accrued())
    }
}
