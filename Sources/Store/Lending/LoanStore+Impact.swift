import Domain
import FluentKit
import Foundation
import SQLKit

/// A loan-use check as stored, with who recorded it.
public struct LoanUseCheckRecord: Sendable, Equatable {
    public var id: String
    public var loanID: String
    public var check: LoanUseCheck
    public var checkedBy: String
    /// The finding a wrong-purpose result opened (issue 17).
    public var findingID: String?
}

/// Kết quả vốn vay: what each loan finances, recorded at disbursement and by loan-use checks.
extension LoanStore {
    static let useCheckColumns = [
        "id", "loan_id", "province_code", "kind", "checked_on", "used_as_intended", "jobs",
        "students", "water_works", "sanitation_works", "houses", "note", "checked_by",
        "created_at", "result",
    ]

    static func insert(
        _ check: LoanUseCheck, id: String, loanID: String, province: Int, actor: Actor,
        now: Int64, sql: any SQLDatabase
    ) async throws {
        let i = check.impact
        try await sql.insertBatches(
            into: "loan_use_checks", columns: Self.useCheckColumns,
            rows: [
                [
                    id, loanID, province, check.kind.rawValue, check.checkedOn.iso,
                    check.usedAsIntended ? 1 : 0, i.jobs, i.students, i.waterWorks,
                    i.sanitationWorks, i.houses, check.note, actor.username, now,
                    check.result.rawValue,
                ]
            ])
    }

    /// Kiểm tra sử dụng vốn vay: a check of a loan in the reader's scope, with its findings and
    /// what the loan finances as found; audited. A wrong-purpose result opens a finding on the
    /// loan in the same transaction, due by the dated deadline (`use_check_finding_days`); the
    /// bank then decides on early recall (`recall`).
    public func checkUse(
        loanID: String, _ check: LoanUseCheck, actor: Actor, scope: AccessScope
    ) async throws -> LoanUseCheckRecord {
        let world = world
        let id = world.newID()
        let days = try await ReferenceDataStore(database: database, world: world)
            .value(key: "use_check_finding_days", on: check.checkedOn)
            .flatMap { Int($0.value) }.map { min(max($0, 0), 3_650) } ?? 30
        let finding = try await WriteTransaction.run(database) { sql -> String? in
            try await sql.lock([.loan(loanID)])
            let detail = try await Self.detail(
                id: loanID, on: world.today, scope: scope, sql: sql)
            try check.validate(disbursedOn: detail.summary.disbursedOn, today: world.today)
            try await Self.insert(
                check, id: id, loanID: loanID, province: detail.provinceCode, actor: actor,
                now: world.nowMillis, sql: sql)
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "loan.use_check", recordType: "loan", recordID: loanID,
                provinceCode: detail.provinceCode, before: nil as String?, after: check)
            guard check.result == .wrongPurpose else { return nil }
            let unit = try await UnitStore(sql: sql).unit(id: detail.summary.unitID, scope: scope)
            return try await FindingStore.insert(
                NewFinding(
                    category: .wrongPurpose, description: check.note,
                    requiredAction: "Xác minh, yêu cầu hộ vay khắc phục hoặc thu hồi nợ trước hạn",
                    responsible: detail.organisation.flatMap(Organisation.init(rawValue:))?.label
                        ?? "NHCSXH",
                    dueOn: check.checkedOn.adding(days: days), priority: .high,
                    subjects: [FindingSubject(kind: .loan, id: loanID)]),
                source: .useCheck, status: .open, unit: unit, inspectionID: nil, useCheckID: id,
                foundOn: check.checkedOn, actor: actor, scope: scope, world: world, sql: sql
            ).id
        }
        return LoanUseCheckRecord(
            id: id, loanID: loanID, check: check, checkedBy: actor.username, findingID: finding)
    }

    /// The loan's record at disbursement and its checks, latest first.
    public func useChecks(loanID: String, scope: AccessScope) async throws -> [LoanUseCheckRecord] {
        _ = try await Self.detail(id: loanID, on: world.today, scope: scope, sql: sql)
        return try await sql.raw(
            """
            SELECT * FROM loan_use_checks WHERE loan_id = \(bind: loanID)
            ORDER BY checked_on DESC, created_at DESC, id DESC
            """
        ).all().map(Self.useCheck)
    }

    static func impact(_ r: any SQLRow) throws -> LoanImpact {
        LoanImpact(
            jobs: try r.decode(column: "jobs", as: Int.self),
            students: try r.decode(column: "students", as: Int.self),
            waterWorks: try r.decode(column: "water_works", as: Int.self),
            sanitationWorks: try r.decode(column: "sanitation_works", as: Int.self),
            houses: try r.decode(column: "houses", as: Int.self))
    }

    static func useCheck(_ r: any SQLRow) throws -> LoanUseCheckRecord {
        LoanUseCheckRecord(
            id: try r.decode(column: "id", as: String.self),
            loanID: try r.decode(column: "loan_id", as: String.self),
            check: LoanUseCheck(
                kind: LoanUseCheck.Kind(rawValue: try r.decode(column: "kind", as: String.self))
                    ?? .check,
                checkedOn: try BusinessDate(
                    iso: try r.decode(column: "checked_on", as: String.self)),
                result: try result(r),
                impact: try impact(r), note: try r.decode(column: "note", as: String.self)),
            checkedBy: try r.decode(column: "checked_by", as: String.self), findingID: nil)
    }

    /// The stored result; a row from before results were kept reads from its flag.
    static func result(_ r: any SQLRow) throws -> UseCheckResult {
        if let text = try r.decode(column: "result", as: String?.self),
            let result = UseCheckResult(rawValue: text)
        {
            return result
        }
        return try r.decode(column: "used_as_intended", as: Int.self) != 0
            ? .rightPurpose : .wrongPurpose
    }
}
