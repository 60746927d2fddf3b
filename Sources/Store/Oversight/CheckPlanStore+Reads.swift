import Domain
import FluentKit
import Foundation
import SQLKit

/// A new loan past the dated deadline with no loan-use check yet.
public struct UncheckedLoan: Sendable, Equatable {
    public var loanID: String
    public var borrower: String
    public var unitName: String
    public var organisation: String?
    public var disbursedOn: BusinessDate
    public var amount: Money
    public var daysLate: Int
}

extension CheckPlanStore {
    /// The plans of the provinces in scope, newest first, with how far each sample is checked.
    public func plans(scope: AccessScope) async throws -> [CheckPlanRecord] {
        let rows = try await sql.raw(
            """
            SELECT p.* FROM check_plans p
            WHERE \(scope.provinceCondition("p.province_code"))
            ORDER BY p.created_at DESC, p.id LIMIT 200
            """
        ).all()
        var plans = try rows.map(Self.plan)
        guard !plans.isEmpty else { return [] }
        // Every plan's progress in one GROUP BY, the loans narrowed to the reader's scope.
        var progress: [String: (Int, Int)] = [:]
        for r in try await sql.raw(
            """
            SELECT s.plan_id AS plan_id, CAST(COUNT(*) AS BIGINT) AS sampled,
            CAST(SUM(CASE WHEN EXISTS (SELECT 1 FROM loan_use_checks k
              WHERE k.loan_id = s.loan_id AND k.kind = \(bind: LoanUseCheck.Kind.check.rawValue)
              AND k.checked_on >= p.created_on) THEN 1 ELSE 0 END) AS BIGINT) AS checked
            FROM check_plan_loans s JOIN check_plans p ON p.id = s.plan_id
            JOIN loans l ON l.id = s.loan_id
            WHERE s.plan_id IN (\(binds: plans.map(\.id)))
            AND \(ApplicationStore.scopeCondition(scope, alias: "l"))
            GROUP BY s.plan_id
            """
        ).all() {
            progress[try r.decode(column: "plan_id", as: String.self)] = (
                try r.decode(column: "sampled", as: Int.self),
                try r.decode(column: "checked", as: Int.self)
            )
        }
        for i in plans.indices {
            (plans[i].sampled, plans[i].checked) = progress[plans[i].id] ?? (0, 0)
        }
        return plans
    }

    public func plan(
        id: String, scope: AccessScope
    ) async throws -> (CheckPlanRecord, [CheckPlanLoan]) {
        guard
            let row = try await sql.raw(
                """
                SELECT p.* FROM check_plans p WHERE p.id = \(bind: id)
                AND \(scope.provinceCondition("p.province_code"))
                """
            ).first()
        else { throw OversightError.notFound("kế hoạch kiểm tra sử dụng vốn") }
        var plan = try Self.plan(row)
        let loans = try await loans(of: plan, scope: scope)
        plan.sampled = loans.count
        plan.checked = loans.filter { $0.checkedOn != nil }.count
        return (plan, loans)
    }

    /// The sampled loans the reader reaches, each with its first check from the plan's day.
    func loans(of plan: CheckPlanRecord, scope: AccessScope) async throws -> [CheckPlanLoan] {
        try await sql.raw(
            """
            SELECT s.loan_id AS loan_id, s.reason AS reason, l.borrower_name AS borrower,
            u.name AS unit_name, l.disbursed AS amount, c.checked_on AS checked_on,
            c.result AS result, c.used_as_intended AS used_as_intended
            FROM check_plan_loans s JOIN loans l ON l.id = s.loan_id
            JOIN units u ON u.id = l.unit_id
            LEFT JOIN loan_use_checks c ON c.id = (SELECT k.id FROM loan_use_checks k
              WHERE k.loan_id = s.loan_id AND k.kind = \(bind: LoanUseCheck.Kind.check.rawValue)
              AND k.checked_on >= \(bind: plan.createdOn.iso)
              ORDER BY k.checked_on, k.created_at, k.id LIMIT 1)
            WHERE s.plan_id = \(bind: plan.id)
            AND \(ApplicationStore.scopeCondition(scope, alias: "l"))
            ORDER BY CASE WHEN c.id IS NULL THEN 0 ELSE 1 END, u.name, l.borrower_name, s.loan_id
            """
        ).all().map { r in
            let checked = try r.decode(column: "checked_on", as: String?.self)
            return CheckPlanLoan(
                loanID: try r.decode(column: "loan_id", as: String.self),
                borrower: try r.decode(column: "borrower", as: String.self),
                unitName: try r.decode(column: "unit_name", as: String.self),
                amount: Money(dong: try r.decode(column: "amount", as: Int64.self)),
                reason: SampleReason(rawValue: try r.decode(column: "reason", as: String.self))
                    ?? .random,
                checkedOn: try checked.map { try BusinessDate(iso: $0) },
                result: checked == nil ? nil : try LoanStore.result(r))
        }
    }

    /// Khoản vay mới chưa kiểm tra: disbursed within the year before the deadline passed
    /// (`use_check_deadline_days`), with no check since; the latest first.
    public func unchecked(
        scope: AccessScope, on date: BusinessDate, limit: Int = 500
    ) async throws -> [UncheckedLoan] {
        let days =
            try await ReferenceDataStore(database: database, world: world)
            .value(key: "use_check_deadline_days", on: date)
            .flatMap { Int($0.value) }.map { min(max($0, 0), 3_650) } ?? 30
        let deadline = date.adding(days: -days)
        return try await sql.raw(
            """
            SELECT l.id AS id, l.borrower_name AS borrower, u.name AS unit_name,
            l.organisation AS organisation, l.disbursed_on AS disbursed_on, l.disbursed AS amount
            FROM loans l JOIN units u ON u.id = l.unit_id
            WHERE \(ApplicationStore.scopeCondition(scope, alias: "l"))
            AND l.disbursed_on <= \(bind: deadline.iso)
            AND l.disbursed_on > \(bind: deadline.adding(days: -365).iso)
            AND l.disbursed > l.principal_repaid + l.principal_written_off
            AND NOT EXISTS (SELECT 1 FROM loan_use_checks k WHERE k.loan_id = l.id
              AND k.kind = \(bind: LoanUseCheck.Kind.check.rawValue))
            ORDER BY l.disbursed_on DESC, l.id LIMIT \(literal: min(max(limit, 1), 5_000))
            """
        ).all().map { r in
            let on = try BusinessDate(iso: try r.decode(column: "disbursed_on", as: String.self))
            return UncheckedLoan(
                loanID: try r.decode(column: "id", as: String.self),
                borrower: try r.decode(column: "borrower", as: String.self),
                unitName: try r.decode(column: "unit_name", as: String.self),
                organisation: try r.decode(column: "organisation", as: String?.self),
                disbursedOn: on,
                amount: Money(dong: try r.decode(column: "amount", as: Int64.self)),
                daysLate: on.days(until: deadline))
        }
    }

    static func plan(_ r: any SQLRow) throws -> CheckPlanRecord {
        func text(_ c: String) throws -> String { try r.decode(column: c, as: String.self) }
        return CheckPlanRecord(
            id: try text("id"), provinceCode: try r.decode(column: "province_code", as: Int.self),
            title: try text("title"),
            unitIDs: try text("unit_ids").split(separator: ",").map(String.init),
            disbursedFrom: try BusinessDate(iso: try text("disbursed_from")),
            disbursedTo: try BusinessDate(iso: try text("disbursed_to")),
            rules: try StoredJSON.value(SampleRules.self, from: try text("rules")),
            seed: UInt64(try text("seed")) ?? 0,
            createdOn: try BusinessDate(iso: try text("created_on")), sampled: 0, checked: 0,
            createdBy: try text("created_by"))
    }
}
