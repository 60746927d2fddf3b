import Domain
import FluentKit
import Foundation
import SQLKit

extension InspectionStore {
    /// One inspection in scope, with its loans.
    public func inspection(id: String, scope: AccessScope) async throws -> InspectionRecord {
        let sql = try sql
        let rows = try await sql.raw(
            """
            SELECT i.*, u.code AS unit_code, u.name AS unit_name FROM inspections i
            JOIN units u ON u.id = i.unit_id WHERE i.id = \(bind: id) AND \(Self.condition(scope))
            """
        ).all()
        guard let record = try await Self.records(rows, sql: sql).first else {
            throw OversightError.notFound("cuộc kiểm tra")
        }
        return record
    }

    /// The inspections in scope (of some communes, a year, matching folded text), newest first.
    public func list(
        unitIDs: Set<String>?, year: Int?, text: String?, scope: AccessScope, paging: Paging
    ) async throws -> Page<InspectionRecord> {
        let sql = try sql
        var c = Self.condition(scope)
        if let unitIDs {
            c =
                c
                + (unitIDs.isEmpty
                    ? " AND 1 = 0" : " AND i.unit_id IN (\(binds: unitIDs.sorted()))")
        }
        if let year {
            c =
                c
                + " AND i.inspected_on >= \(bind: "\(year)-01-01")"
                + " AND i.inspected_on <= \(bind: "\(year)-12-31")"
        }
        let folded = TextFolding.fold(text ?? "")
        if !folded.isEmpty {
            c = c + " AND i.folded LIKE \(bind: likePattern(containing: folded)) ESCAPE '\\'"
        }
        let total =
            try await sql.raw("SELECT COUNT(*) AS n FROM inspections i WHERE \(c)")
            .first(decodingColumn: "n", as: Int.self) ?? 0
        let rows = try await sql.raw(
            """
            SELECT i.*, u.code AS unit_code, u.name AS unit_name FROM inspections i
            JOIN units u ON u.id = i.unit_id WHERE \(c)
            ORDER BY i.inspected_on DESC, i.created_at DESC, i.id
            LIMIT \(literal: paging.limit) OFFSET \(literal: paging.offset)
            """
        ).all()
        return Page(items: try await Self.records(rows, sql: sql), total: total)
    }

    static func records(
        _ rows: [any SQLRow], sql: any SQLDatabase
    ) async throws -> [InspectionRecord] {
        let ids = try rows.map { try $0.decode(column: "id", as: String.self) }
        var loans: [String: [String]] = [:]
        for chunk in ids.chunked(500) where !chunk.isEmpty {
            for r in try await sql.raw(
                """
                SELECT inspection_id, loan_id FROM inspection_loans
                WHERE inspection_id IN (\(binds: Array(chunk))) ORDER BY loan_id
                """
            ).all() {
                loans[try r.decode(column: "inspection_id", as: String.self), default: []].append(
                    try r.decode(column: "loan_id", as: String.self))
            }
        }
        return try rows.map { r in
            func text(_ c: String) throws -> String { try r.decode(column: c, as: String.self) }
            let id = try text("id")
            let stored = try r.decode(column: "group_record", as: String?.self)
            return InspectionRecord(
                id: id, provinceCode: try r.decode(column: "province_code", as: Int.self),
                unitID: try text("unit_id"),
                unitCode: try r.decode(column: "unit_code", as: Int.self),
                unitName: try text("unit_name"),
                planID: try r.decode(column: "plan_id", as: String?.self),
                body: InspectorBody(rawValue: try text("body")) ?? .board,
                subject: InspectionSubjectKind(rawValue: try text("subject")) ?? .commune,
                subjectID: try r.decode(column: "subject_id", as: String?.self),
                subjectName: try text("subject_name"),
                inspectedOn: try BusinessDate(iso: try text("inspected_on")),
                team: try text("team"), conclusion: try text("conclusion"),
                groupRecord: try stored.map {
                    try StoredJSON.value(GroupInspectionRecord.self, from: $0)
                }, loanIDs: loans[id] ?? [], createdBy: try text("created_by"))
        }
    }
}
