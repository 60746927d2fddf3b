import Domain
import FluentKit
import Foundation
import SQLKit

extension FindingStore {
    /// Một bước xử lý: the finding locked, the step asked of Domain (`CaseLifecycle.step`), the
    /// row and the step written with the audit entry, in one transaction.
    public func step(
        id: String, to: CaseStatus, on date: BusinessDate, note: String, actor: Actor,
        scope: AccessScope
    ) async throws -> FindingRecord {
        let rules = try await rules(on: date)
        let world = world
        return try await WriteTransaction.run(database) { sql in
            try await sql.lock([RowLock("findings", keys: [id])])
            let before = try await Self.finding(id: id, scope: scope, sql: sql)
            let step = try CaseLifecycle.step(
                before.standing, to: to, on: date, note: note, rules: rules, today: world.today)
            var after = before
            after.status = step.to
            after.lastStepOn = step.on
            if step.to == .closed { after.closedOn = step.on }
            try await sql.raw(
                """
                UPDATE findings SET status = \(bind: after.status.rawValue),
                last_step_on = \(bind: after.lastStepOn.iso),
                closed_on = \(bind: after.closedOn?.iso) WHERE id = \(bind: id)
                """
            ).run()
            try await sql.insertBatches(
                into: "finding_steps",
                columns: [
                    "id", "finding_id", "from_status", "to_status", "step_on", "note", "by_user",
                    "at",
                ],
                rows: [
                    [
                        world.newID(), id, step.from.rawValue, step.to.rawValue, step.on.iso,
                        step.note, actor.username, world.nowMillis,
                    ]
                ])
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "finding.step", recordType: "finding", recordID: id,
                provinceCode: before.provinceCode, before: before, after: after,
                unitID: before.unitID)
            return after
        }
    }

    /// Ghi phát hiện của một cuộc kiểm tra: in the inspection's commune, on its day or later.
    public func open(
        _ f: NewFinding, inspectionID: String, foundOn: BusinessDate?, actor: Actor,
        scope: AccessScope
    ) async throws -> FindingRecord {
        let world = world
        let store = InspectionStore(database: database, world: world)
        let inspection = try await store.inspection(id: inspectionID, scope: scope)
        let day = foundOn ?? inspection.inspectedOn
        guard day >= inspection.inspectedOn, day <= world.today else {
            throw OversightError.invalid(
                field: "date", why: "ngày phát hiện từ ngày kiểm tra đến hôm nay")
        }
        let checked = try f.checked(foundOn: day)
        let unit = try await UnitStore(sql: try sql).unit(id: inspection.unitID, scope: scope)
        return try await WriteTransaction.run(database) { sql in
            try await Self.insert(
                checked, source: .inspection, status: .open, unit: unit,
                inspectionID: inspectionID, useCheckID: nil, foundOn: day, actor: actor,
                scope: scope, world: world, sql: sql)
        }
    }
}
