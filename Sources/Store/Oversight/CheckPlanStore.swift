import Domain
import FluentKit
import Foundation
import SQLKit

/// A check plan as stored, with its sample's progress.
public struct CheckPlanRecord: Sendable, Codable, Equatable {
    public var id: String
    public var provinceCode: Int
    public var title: String
    public var unitIDs: [String]
    public var disbursedFrom: BusinessDate
    public var disbursedTo: BusinessDate
    public var rules: SampleRules
    public var seed: UInt64
    public var createdOn: BusinessDate
    public var sampled: Int
    public var checked: Int
    public var createdBy: String
}

/// One sampled loan and where it stands: selected, or checked on a day with a result.
public struct CheckPlanLoan: Sendable, Equatable {
    public var loanID: String
    public var borrower: String
    public var unitName: String
    public var amount: Money
    public var reason: SampleReason
    public var checkedOn: BusinessDate?
    public var result: UseCheckResult?
}

/// Kế hoạch kiểm tra sử dụng vốn vay: the sample drawn once by Domain's rule from the loans in
/// scope, stored with its seed and rules so anyone can draw it again; each loan counts as
/// checked once a loan-use check is recorded on it from the plan's day on.
public struct CheckPlanStore: Sendable {
    let database: any Database
    let world: World
    var sql: any SQLDatabase { get throws { try database.sqlDatabase() } }

    public init(database: any Database, world: World) {
        self.database = database
        self.world = world
    }

    /// The rules in force on the date (reference tables), for the form's defaults.
    public func defaultRules(on date: BusinessDate) async throws -> SampleRules {
        let reference = ReferenceDataStore(database: database, world: world)
        let share =
            try await reference.value(key: "check_sample_share_permille", on: date)
            .flatMap { Int($0.value) } ?? 100
        let above = try await reference.value(key: "check_sample_amount_above", on: date)
            .flatMap { Int64($0.value) }
        return SampleRules(
            sharePerMille: min(max(share, 0), 1_000),
            amountAbove: above.flatMap { $0 > 0 ? Money(dong: $0) : nil },
            groupsWithFindings: true)
    }

    /// The loans a plan may draw: disbursed in the window, in the communes and scope, each
    /// with whether its group has a finding still pending.
    func candidates(
        _ p: NewCheckPlan, unitIDs: [String], scope: AccessScope, sql: any SQLDatabase
    ) async throws -> [SampleCandidate] {
        var c = ApplicationStore.scopeCondition(scope, alias: "l")
        if !unitIDs.isEmpty { c = c + " AND l.unit_id IN (\(binds: unitIDs))" }
        return try await sql.raw(
            """
            SELECT l.id AS id, l.disbursed AS amount,
            CASE WHEN l.group_id IS NOT NULL AND EXISTS (SELECT 1 FROM findings f
              WHERE f.group_id = l.group_id
              AND f.status IN (\(binds: FindingStore.pendingStatuses)))
            THEN 1 ELSE 0 END AS flagged
            FROM loans l WHERE \(c) AND l.disbursed_on >= \(bind: p.disbursedFrom.iso)
            AND l.disbursed_on <= \(bind: p.disbursedTo.iso) ORDER BY l.id
            """
        ).all().map { r in
            SampleCandidate(
                loanID: try r.decode(column: "id", as: String.self),
                amount: Money(dong: try r.decode(column: "amount", as: Int64.self)),
                groupHasFinding: try r.decode(column: "flagged", as: Int.self) != 0)
        }
    }

    /// Lập kế hoạch: the communes found in scope, the sample drawn, the plan and its loans
    /// written with the audit entry in one transaction.
    public func create(
        _ input: NewCheckPlan, actor: Actor, scope: AccessScope
    ) async throws -> CheckPlanRecord {
        let p = try input.checked(today: world.today)
        let units = UnitStore(sql: try sql)
        var unitIDs: [String] = []
        var province = scope.provinceCodes.sorted().first
        for code in p.unitCodes {
            let unit = try await units.unit(
                level: .commune, code: code, asOf: p.disbursedTo, scope: scope)
            unitIDs.append(unit.id)
            province = unit.provinceCode
        }
        guard let province else {
            throw OversightError.invalid(field: "units", why: "ghi mã xã của kế hoạch")
        }
        let world = world
        let ids = unitIDs
        return try await WriteTransaction.run(database) { sql in
            let sample = CheckSample.draw(
                try await candidates(p, unitIDs: ids, scope: scope, sql: sql), rules: p.rules,
                seed: p.seed)
            let record = CheckPlanRecord(
                id: world.newID(), provinceCode: province, title: p.title, unitIDs: ids,
                disbursedFrom: p.disbursedFrom, disbursedTo: p.disbursedTo, rules: p.rules,
                seed: p.seed, createdOn: world.today, sampled: sample.count, checked: 0,
                createdBy: actor.username)
            try await sql.insertBatches(
                into: "check_plans",
                columns: [
                    "id", "province_code", "title", "unit_ids", "disbursed_from", "disbursed_to",
                    "rules", "seed", "created_on", "created_by", "created_at",
                ],
                rows: [
                    [
                        record.id, province, p.title, ids.joined(separator: ","),
                        p.disbursedFrom.iso, p.disbursedTo.iso, try StoredJSON.text(p.rules),
                        String(p.seed), world.today.iso, actor.username, world.nowMillis,
                    ]
                ])
            try await sql.insertBatches(
                into: "check_plan_loans", columns: ["plan_id", "loan_id", "reason"],
                rows: sample.map { [record.id, $0.loanID, $0.reason.rawValue] })
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "check_plan.create", recordType: "check_plan",
                recordID: record.id, provinceCode: province, before: nil as String?,
                after: record)
            return record
        }
    }
}
