import Domain
import FluentKit
import Foundation
import SQLKit

/// Phát hiện và vụ việc: opened by an inspection, a loan-use check or a black-credit report,
/// followed up step by step until closed; every read within the reader's scope, every change
/// audited with before and after.
public struct FindingStore: Sendable {
    let database: any Database
    let world: World
    var sql: any SQLDatabase { get throws { try database.sqlDatabase() } }

    public init(database: any Database, world: World) {
        self.database = database
        self.world = world
    }

    /// The rows a reader reaches: her communes; an organisation's officer her organisation's
    /// cases and the communes' black-credit reports (the organisations warn and help the
    /// households concerned); a group's leader only his group's.
    static func condition(_ scope: AccessScope) -> SQLQueryString {
        var c = scope.condition("f.unit_id")
        if let organisation = scope.organisationID {
            c =
                c + " AND (f.organisation = \(bind: organisation) OR f.source = "
                + "\(bind: FindingSource.blackCredit.rawValue))"
        }
        if let group = scope.groupID { c = c + " AND f.group_id = \(bind: group)" }
        return c
    }

    /// The follow-up rules in force on the date (reference table `case_reopen_days`).
    public func rules(on date: BusinessDate) async throws -> CaseRules {
        let value = try await ReferenceDataStore(database: database, world: world)
            .value(key: "case_reopen_days", on: date)
        guard let days = value.flatMap({ Int($0.value) }), (0...3_650).contains(days) else {
            return .standard
        }
        return CaseRules(reopenWindowDays: days)
    }

    /// Where a new finding belongs: the loans and groups it names, each found in the reader's
    /// scope and in the commune; the organisation and group they share, if one.
    struct Placement {
        var organisation: String?
        var groupID: String?
    }

    static func place(
        _ subjects: [FindingSubject], unitID: String, scope: AccessScope, sql: any SQLDatabase
    ) async throws -> Placement {
        var organisations = Set<String>()
        var groups = Set<String>()
        let loans = subjects.filter { $0.kind == .loan }.map(\.id)
        let groupIDs = subjects.filter { $0.kind == .group }.map(\.id)
        if !loans.isEmpty {
            let rows = try await sql.raw(
                """
                SELECT l.id AS id, l.unit_id AS unit_id, l.organisation AS organisation,
                l.group_id AS group_id FROM loans l
                WHERE l.id IN (\(binds: loans))
                AND \(ApplicationStore.scopeCondition(scope, alias: "l"))
                """
            ).all()
            try check(rows, wanted: loans, unitID: unitID, what: "khoản vay")
            for r in rows {
                if let o = try r.decode(column: "organisation", as: String?.self) {
                    organisations.insert(o)
                }
                groups.insert(try r.decode(column: "group_id", as: String?.self) ?? "")
            }
        }
        if !groupIDs.isEmpty {
            var condition = scope.condition("g.unit_id")
            if let o = scope.organisationID {
                condition = condition + " AND g.organisation = \(bind: o)"
            }
            if let g = scope.groupID { condition = condition + " AND g.id = \(bind: g)" }
            let rows = try await sql.raw(
                """
                SELECT g.id AS id, g.unit_id AS unit_id, g.organisation AS organisation
                FROM savings_groups g WHERE g.id IN (\(binds: groupIDs)) AND \(condition)
                """
            ).all()
            try check(rows, wanted: groupIDs, unitID: unitID, what: "tổ TK&VV")
            for r in rows {
                organisations.insert(try r.decode(column: "organisation", as: String.self))
                groups.insert(try r.decode(column: "id", as: String.self))
            }
        }
        return Placement(
            organisation: organisations.count == 1 ? organisations.first : scope.organisationID,
            groupID: groups.count == 1 ? groups.first.flatMap { $0.isEmpty ? nil : $0 } : nil)
    }

    static func check(
        _ rows: [any SQLRow], wanted: [String], unitID: String, what: String
    ) throws {
        let found = Dictionary(
            try rows.map {
                (
                    try $0.decode(column: "id", as: String.self),
                    try $0.decode(column: "unit_id", as: String.self)
                )
            }, uniquingKeysWith: { a, _ in a })
        for id in wanted {
            guard let unit = found[id] else { throw OversightError.notFound("\(what) \(id)") }
            guard unit == unitID else {
                throw OversightError.invalid(
                    field: "subjects", why: "\(what) \(id) không thuộc xã của phát hiện")
            }
        }
    }

    static let columns = [
        "id", "province_code", "unit_id", "source", "inspection_id", "use_check_id", "category",
        "description", "required_action", "responsible", "due_on", "priority", "status",
        "found_on", "last_step_on", "closed_on", "organisation", "group_id", "folded",
        "created_by", "created_at",
    ]

    /// Mở phát hiện, inside the caller's transaction: the subjects placed and checked, the
    /// row, its subjects and the audit entry. `status` is `.open`, or `.received` for a
    /// report not yet verified.
    static func insert(
        _ f: NewFinding, source: FindingSource, status: CaseStatus, unit: UnitSummary,
        inspectionID: String?, useCheckID: String?, foundOn: BusinessDate, actor: Actor,
        scope: AccessScope, world: World, sql: any SQLDatabase
    ) async throws -> FindingRecord {
        let placement = try await place(f.subjects, unitID: unit.id, scope: scope, sql: sql)
        let id = world.newID()
        let folded = TextFolding.fold(
            [f.description, f.responsible, f.requiredAction, unit.name].joined(separator: " "))
        let record = FindingRecord(
            id: id, provinceCode: unit.provinceCode, unitID: unit.id, unitCode: unit.code,
            unitName: unit.name, source: source, inspectionID: inspectionID,
            category: f.category, description: f.description, requiredAction: f.requiredAction,
            responsible: f.responsible, dueOn: f.dueOn, priority: f.priority, status: status,
            foundOn: foundOn, lastStepOn: foundOn, closedOn: nil,
            organisation: placement.organisation, groupID: placement.groupID,
            subjects: f.subjects, createdBy: actor.username)
        let row: [any Encodable & Sendable] = [
            id, unit.provinceCode, unit.id, source.rawValue, inspectionID, useCheckID,
            f.category.rawValue, f.description, f.requiredAction, f.responsible, f.dueOn?.iso,
            f.priority.rawValue, status.rawValue, foundOn.iso, foundOn.iso, String?.none,
            placement.organisation, placement.groupID, folded, actor.username, world.nowMillis,
        ]
        try await sql.insertBatches(into: "findings", columns: columns, rows: [row])
        if !f.subjects.isEmpty {
            try await sql.insertBatches(
                into: "finding_subjects", columns: ["finding_id", "kind", "subject_id"],
                rows: f.subjects.map { [id, $0.kind.rawValue, $0.id] })
        }
        try await AuditStore(sql: sql, world: world).record(
            actor: actor, action: "finding.open", recordType: "finding", recordID: id,
            provinceCode: unit.provinceCode, before: nil as String?, after: record,
            unitID: unit.id)
        return record
    }
}
