import Domain
import FluentKit
import Foundation
import SQLKit

/// Phí ủy thác và hoa hồng, computed by month-end for each active group from the month's
/// figures and the rules in force at the month's end, payable in the ledger (8011 / 4591).
public struct FeeStore: Sendable {
    let database: any Database
    let world: World
    var sql: any SQLDatabase { database as! any SQLDatabase }

    public init(database: any Database, world: World) {
        self.database = database
        self.world = world
    }

    public func rules(on date: BusinessDate) async throws -> FeeRules {
        let reference = ReferenceDataStore(database: database, world: world)
        func value(_ key: String, _ fallback: Int64) async throws -> Int64 { try await reference.value(key: key, on: date).flatMap { Int64($0.value) } ?? fallback }
        return FeeRules(groupCommissionBasisPoints: try await value("fee_group_commission_bp", 0),
                        communeOrganisationBasisPoints: try await value("fee_commune_org_bp", 0),
                        provinceOrganisationBasisPoints: try await value("fee_province_org_bp", 0),
                        minimumCollectionPercent: try await value("fee_min_collection_percent", 0),
                        maximumOverduePercent: try await value("fee_max_overdue_percent", 100))
    }

    /// Each active group's figures for the month ending on `date`: interest accrued in the month on
    /// its loans, interest collected (and by the leader), outstanding and overdue at the month's end.
    public func figures(monthEnd date: BusinessDate, loans given: [LoanOnDate]? = nil) async throws -> [GroupFeeFigures] {
        let first = date.firstOfMonth, previous = date.firstOfMonth.adding(days: -1)
        let groups = try await sql.raw("SELECT id, organisation, unit_id FROM savings_groups WHERE status = 'active' ORDER BY id").all()
        var due: [String: Int64] = [:], outstanding: [String: Int64] = [:], overdue: [String: Int64] = [:]
        let standings: [LoanOnDate]
        if let given { standings = given } else { standings = try await LoanStore(database: database, world: world).standings(LoanQuery(), on: date, scope: .everything) }
        for loan in standings {
            guard let group = loan.summary.groupID, ![.writtenOff, .repaid].contains(loan.standing.status) else { continue }
            let accrued = LoanAccount.interestAccrued(loan.facts, through: date).dong
                - (previous >= loan.facts.disbursedOn ? LoanAccount.interestAccrued(loan.facts, through: previous).dong : 0)
            due[group, default: 0] += accrued
            outstanding[group, default: 0] += loan.standing.outstanding.dong
            overdue[group, default: 0] += loan.standing.overdue.dong
        }
        func sums(_ query: SQLQueryString) async throws -> [String: Int64] {
            Dictionary(uniqueKeysWithValues: try await sql.raw(query).all().map {
                (try $0.decode(column: "g", as: String.self), try $0.decode(column: "s", as: Int64.self))
            })
        }
        let collected = try await sums("""
            SELECT l.group_id AS g, CAST(SUM(e.interest) AS BIGINT) AS s FROM loan_events e JOIN loans l ON l.id = e.loan_id
            WHERE e.kind IN ('repayment', 'reversal') AND e.on_date >= \(bind: first.iso) AND e.on_date <= \(bind: date.iso) AND l.group_id IS NOT NULL
            GROUP BY l.group_id
            """)
        let viaLeader = try await sums("""
            SELECT group_id AS g, CAST(SUM(interest_via_leader) AS BIGINT) AS s FROM collection_batches
            WHERE on_date >= \(bind: first.iso) AND on_date <= \(bind: date.iso) GROUP BY group_id
            """)
        return try groups.map { row in
            let id = try row.decode(column: "id", as: String.self)
            return GroupFeeFigures(groupID: id, organisation: Organisation(rawValue: try row.decode(column: "organisation", as: String.self)) ?? .womensUnion,
                                   unitID: try row.decode(column: "unit_id", as: String.self), interestDue: Money(dong: due[id] ?? 0),
                                   interestCollected: Money(dong: max(0, collected[id] ?? 0)), interestViaLeader: Money(dong: viaLeader[id] ?? 0),
                                   outstanding: Money(dong: outstanding[id] ?? 0), overdue: Money(dong: overdue[id] ?? 0))
        }
    }

    /// Writes the month's lines and one balanced entry making them payable, in the caller's transaction.
    static func record(_ lines: [FeeLine], month: String, on date: BusinessDate, actor: Actor, sql: any SQLDatabase, world: World) async throws {
        let payable = lines.filter { $0.amount.dong > 0 }
        var entryID: String?
        if !payable.isEmpty {
            var journal: [JournalLine] = []
            for line in payable {
                journal.append(JournalLine(account: ChartOfAccounts.feesExpense.code, debit: line.amount, unitID: line.unitID, groupID: line.groupID))
                journal.append(JournalLine(account: ChartOfAccounts.feesPayable.code, credit: line.amount, unitID: line.unitID, groupID: line.groupID))
            }
            let entry = JournalEntry(id: world.newID(), postedOn: date, kind: "fees", description: "Phí ủy thác, hoa hồng tháng \(month)", lines: journal)
            try await LedgerStore(sql: sql, world: world).post([entry], actor: actor)
            entryID = entry.id
        }
        try await sql.insertBatches(into: "fee_lines", columns: ["month", "payee", "group_id", "organisation", "unit_id", "base", "basis_points", "amount",
                                                                 "reason", "entry_id"],
                                    rows: lines.map { [month, $0.payee.rawValue, $0.groupID, $0.organisation.rawValue, $0.unitID, $0.base.dong, $0.basisPoints,
                                                       $0.amount.dong, $0.reason, $0.amount.dong > 0 ? entryID : nil] })
    }

    /// The month's lines in the caller's scope (organisation and group narrowing apply).
    public func lines(month: String, scope: AccessScope) async throws -> [FeeLine] {
        var condition = scope.condition("f.unit_id")
        if let organisation = scope.organisationID { condition = condition + " AND f.organisation = \(bind: organisation)" }
        if let group = scope.groupID { condition = condition + " AND f.group_id = \(bind: group)" }
        return try await sql.raw("SELECT f.* FROM fee_lines f WHERE f.month = \(bind: month) AND \(condition) ORDER BY f.unit_id, f.group_id, f.payee").all().map { r in
            FeeLine(payee: FeePayee(rawValue: try r.decode(column: "payee", as: String.self)) ?? .group, groupID: try r.decode(column: "group_id", as: String.self),
                    organisation: Organisation(rawValue: try r.decode(column: "organisation", as: String.self)) ?? .womensUnion,
                    unitID: try r.decode(column: "unit_id", as: String.self), base: Money(dong: try r.decode(column: "base", as: Int64.self)),
                    basisPoints: try r.decode(column: "basis_points", as: Int64.self), amount: Money(dong: try r.decode(column: "amount", as: Int64.self)),
                    reason: try r.decode(column: "reason", as: String.self))
        }
    }
}
