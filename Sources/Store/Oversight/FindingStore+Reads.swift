import Domain
import FluentKit
import Foundation
import SQLKit

/// Phát hiện, vụ việc của một xã: counts for the dashboard.
public struct FindingCounts: Sendable, Equatable, Codable {
    public var unitID: String
    public var unitName: String
    public var pending: Int
    public var overdue: Int
    public var blackCredit: Int
}

extension FindingStore {
    /// The statuses still owed, as Domain names them, for SQL.
    static var pendingStatuses: [String] {
        CaseStatus.allCases.filter(\.isPending).map(\.rawValue)
    }

    static func overdueCondition(on date: BusinessDate) -> SQLQueryString {
        "f.due_on IS NOT NULL AND f.due_on < \(bind: date.iso)"
            + " AND f.status IN (\(binds: pendingStatuses))"
    }

    func condition(_ q: FindingQuery, scope: AccessScope, on date: BusinessDate) -> SQLQueryString {
        var c = Self.condition(scope)
        if let units = q.unitIDs {
            c = c + (units.isEmpty ? " AND 1 = 0" : " AND f.unit_id IN (\(binds: units.sorted()))")
        }
        if let status = q.status { c = c + " AND f.status = \(bind: status.rawValue)" }
        if let source = q.source { c = c + " AND f.source = \(bind: source.rawValue)" }
        if let inspection = q.inspectionID { c = c + " AND f.inspection_id = \(bind: inspection)" }
        if let overdue = q.overdue {
            c =
                c + (overdue ? " AND " : " AND NOT (") + Self.overdueCondition(on: date)
                + (overdue ? "" : ")")
        }
        let text = TextFolding.fold(q.text ?? "")
        if !text.isEmpty {
            c =
                c
                + " AND (f.id = \(bind: q.text ?? "")"
                + " OR f.folded LIKE \(bind: likePattern(containing: text)) ESCAPE '\\')"
        }
        return c
    }

    /// The findings the query matches, pending first, the nearest due date first.
    public func list(
        _ q: FindingQuery, scope: AccessScope, on date: BusinessDate, paging: Paging
    ) async throws -> Page<FindingRecord> {
        let sql = try sql
        let where_ = condition(q, scope: scope, on: date)
        let total =
            try await sql.raw("SELECT COUNT(*) AS n FROM findings f WHERE \(where_)")
            .first(decodingColumn: "n", as: Int.self) ?? 0
        let rows = try await sql.raw(
            """
            SELECT f.*, u.code AS unit_code, u.name AS unit_name FROM findings f
            JOIN units u ON u.id = f.unit_id WHERE \(where_)
            ORDER BY CASE WHEN f.status IN (\(binds: Self.pendingStatuses)) THEN 0 ELSE 1 END,
            CASE WHEN f.due_on IS NULL THEN 1 ELSE 0 END, f.due_on, f.created_at DESC, f.id
            LIMIT \(literal: paging.limit) OFFSET \(literal: paging.offset)
            """
        ).all()
        return Page(items: try await Self.records(rows, sql: sql), total: total)
    }

    /// Rows to records, the subjects of all of them (with their names) in one query a chunk.
    static func records(
        _ rows: [any SQLRow], sql: any SQLDatabase
    ) async throws -> [FindingRecord] {
        let ids = try rows.map { try $0.decode(column: "id", as: String.self) }
        var subjects: [String: [FindingSubject]] = [:]
        var names: [String: [String: String]] = [:]
        for chunk in ids.chunked(500) where !chunk.isEmpty {
            for r in try await sql.raw(
                """
                SELECT s.finding_id AS finding_id, s.kind AS kind, s.subject_id AS subject_id,
                COALESCE(l.borrower_name, g.name, '') AS name FROM finding_subjects s
                LEFT JOIN loans l ON s.kind = \(bind: FindingSubject.Kind.loan.rawValue)
                  AND l.id = s.subject_id
                LEFT JOIN savings_groups g ON s.kind = \(bind: FindingSubject.Kind.group.rawValue)
                  AND g.id = s.subject_id
                WHERE s.finding_id IN (\(binds: Array(chunk)))
                ORDER BY s.finding_id, s.kind, s.subject_id
                """
            ).all() {
                let kind = FindingSubject.Kind(
                    rawValue: try r.decode(column: "kind", as: String.self)) ?? .loan
                let finding = try r.decode(column: "finding_id", as: String.self)
                let id = try r.decode(column: "subject_id", as: String.self)
                subjects[finding, default: []].append(FindingSubject(kind: kind, id: id))
                names[finding, default: [:]][id] = try r.decode(column: "name", as: String.self)
            }
        }
        return try rows.map { r in
            let id = try r.decode(column: "id", as: String.self)
            var record = try FindingRecord.decode(r, subjects: subjects[id] ?? [])
            record.subjectNames = names[id] ?? [:]
            return record
        }
    }

    static func finding(
        id: String, scope: AccessScope, sql: any SQLDatabase
    ) async throws -> FindingRecord {
        let rows = try await sql.raw(
            """
            SELECT f.*, u.code AS unit_code, u.name AS unit_name FROM findings f
            JOIN units u ON u.id = f.unit_id WHERE f.id = \(bind: id) AND \(condition(scope))
            """
        ).all()
        guard let record = try await records(rows, sql: sql).first else {
            throw OversightError.notFound("phát hiện, vụ việc")
        }
        return record
    }

    /// A finding with its steps; the black-credit detail with the reporter only for those who
    /// handle the case.
    public func detail(id: String, viewer: Actor, scope: AccessScope) async throws -> FindingDetail
    {
        let sql = try sql
        let finding = try await Self.finding(id: id, scope: scope, sql: sql)
        let steps = try await sql.raw(
            """
            SELECT * FROM finding_steps WHERE finding_id = \(bind: id) ORDER BY at, id
            """
        ).all().map { r in
            FindingStepRecord(
                step: CaseStep(
                    from: CaseStatus(rawValue: try r.decode(column: "from_status", as: String.self))
                        ?? .open,
                    to: CaseStatus(rawValue: try r.decode(column: "to_status", as: String.self))
                        ?? .open,
                    on: try BusinessDate(iso: try r.decode(column: "step_on", as: String.self)),
                    note: try r.decode(column: "note", as: String.self)),
                by: try r.decode(column: "by_user", as: String.self),
                at: try r.decode(column: "at", as: Int64.self))
        }
        let black =
            finding.source == .blackCredit
            ? try await BlackCreditStore.report(of: finding, viewer: viewer, sql: sql) : nil
        return FindingDetail(finding: finding, steps: steps, blackCredit: black)
    }

    /// Per commune in scope: pending, overdue and black-credit cases, in one GROUP BY.
    public func counts(scope: AccessScope, on date: BusinessDate) async throws -> [FindingCounts] {
        try await sql.raw(
            """
            SELECT f.unit_id AS unit_id, u.name AS unit_name,
            CAST(SUM(CASE WHEN f.status IN (\(binds: Self.pendingStatuses))
              THEN 1 ELSE 0 END) AS BIGINT) AS pending,
            CAST(SUM(CASE WHEN \(Self.overdueCondition(on: date))
              THEN 1 ELSE 0 END) AS BIGINT) AS overdue,
            CAST(SUM(CASE WHEN f.source = \(bind: FindingSource.blackCredit.rawValue)
              THEN 1 ELSE 0 END) AS BIGINT) AS black
            FROM findings f JOIN units u ON u.id = f.unit_id WHERE \(Self.condition(scope))
            GROUP BY f.unit_id, u.name ORDER BY u.name
            """
        ).all().map { r in
            FindingCounts(
                unitID: try r.decode(column: "unit_id", as: String.self),
                unitName: try r.decode(column: "unit_name", as: String.self),
                pending: try r.decode(column: "pending", as: Int.self),
                overdue: try r.decode(column: "overdue", as: Int.self),
                blackCredit: try r.decode(column: "black", as: Int.self))
        }
    }
}
