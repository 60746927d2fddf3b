import Domain
import FluentKit
import Foundation
import SQLKit

extension CapitalStore {
    /// Ghi kế hoạch vốn năm: one row per year, unit and source; a new figure replaces the old
    /// and the audit keeps both.
    public func setPlan(
        _ ref: CapitalUnitRef, _ build: (String) -> CapitalYearPlan, actor: Actor, role: Role,
        scope: AccessScope
    ) async throws -> PlanProgress {
        let unit = try await unit(ref, scope: scope)
        let plan = build(unit.id)
        try plan.check(role: role)
        let world = world
        try await WriteTransaction.run(database) { sql in
            let old = try await sql.select().columns("id", "amount", "decision_number")
                .from("capital_plans").where("year", .equal, plan.year)
                .where("unit_id", .equal, unit.id).where("source", .equal, plan.source.rawValue)
                .first()
            var before: CapitalYearPlan?
            let id: String
            if let old {
                id = try old.decode(column: "id", as: String.self)
                before = plan
                before?.amount = Money(dong: try old.decode(column: "amount", as: Int64.self))
                before?.decisionNumber = try old.decode(column: "decision_number", as: String.self)
                try await sql.update("capital_plans").set("amount", to: plan.amount.dong)
                    .set("decision_number", to: plan.decisionNumber)
                    .set("actor", to: actor.username).set("updated_at", to: world.nowMillis)
                    .where("id", .equal, id).run()
            } else {
                id = world.newID()
                try await sql.insertBatches(
                    into: "capital_plans",
                    columns: [
                        "id", "year", "source", "level", "province_code", "unit_id", "amount",
                        "decision_number", "actor", "updated_at",
                    ],
                    rows: [
                        [
                            id, plan.year, plan.source.rawValue, plan.level.rawValue,
                            unit.provinceCode, unit.id, plan.amount.dong, plan.decisionNumber,
                            actor.username, world.nowMillis,
                        ]
                    ])
            }
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "capital.plan", recordType: "capital_plan", recordID: id,
                provinceCode: unit.provinceCode, before: before, after: plan, unitID: unit.id)
        }
        let progress = try await plans(
            provinceCode: unit.provinceCode, year: plan.year, scope: .everything)
        return progress.first { $0.plan.unitID == unit.id && $0.plan.source == plan.source }
            ?? PlanProgress(plan: plan, unitName: unit.name, allocated: .zero)
    }

    /// The year's plans of the province with what each unit has allocated from the source in
    /// that year (allocations received in the year; transfers move programs, not totals).
    public func plans(
        provinceCode: Int, year: Int, scope: AccessScope
    ) async throws -> [PlanProgress] {
        let visible = Self.visible("p", scope: scope)
        let rows = try await sql.raw(
            """
            SELECT p.year AS year, p.source AS source, p.level AS level, p.unit_id AS unit_id,
            p.amount AS amount, p.decision_number AS decision_number, u.name AS unit_name,
            CAST(COALESCE((SELECT SUM(m.amount) FROM capital_movements m
              WHERE m.unit_id = p.unit_id AND m.source = p.source AND m.kind = 'allocation'
              AND m.on_date >= \(bind: "\(year)-01-01") AND m.on_date <= \(bind: "\(year)-12-31")
            ), 0) AS BIGINT) AS allocated
            FROM capital_plans p JOIN units u ON u.id = p.unit_id
            WHERE p.province_code = \(bind: provinceCode) AND p.year = \(bind: year) AND \(visible)
            ORDER BY p.level DESC, u.name, p.source
            """
        ).all()
        return try rows.map { r in
            let plan = CapitalYearPlan(
                year: try r.decode(column: "year", as: Int.self),
                source: try Self.source(r), level: try Self.level(r),
                unitID: try r.decode(column: "unit_id", as: String.self),
                amount: Money(dong: try r.decode(column: "amount", as: Int64.self)),
                decisionNumber: try r.decode(column: "decision_number", as: String.self))
            return PlanProgress(
                plan: plan, unitName: try r.decode(column: "unit_name", as: String.self),
                allocated: Money(dong: try r.decode(column: "allocated", as: Int64.self)))
        }
    }

    /// Who sees which capital: a province's own movements and plans every reader whose scope
    /// reaches the province; a commune's, those whose scope reaches the commune.
    static func visible(_ alias: String, scope: AccessScope) -> SQLQueryString {
        if scope.isEverything { return "1 = 1" }
        let communes = scope.condition("\(alias).unit_id")
        guard !scope.provinceCodes.isEmpty else {
            return "(\(unsafeRaw: alias).level = 'commune' AND " + communes + ")"
        }
        let provinces: SQLQueryString =
            "\(unsafeRaw: alias).province_code IN (\(binds: scope.provinceCodes.sorted()))"
        return "((\(unsafeRaw: alias).level = 'province' AND " + provinces + ") OR ("
            + "\(unsafeRaw: alias).level = 'commune' AND " + communes + "))"
    }

    static func source(_ r: any SQLRow) throws -> CapitalSource {
        let text = try r.decode(column: "source", as: String.self)
        return CapitalSource(rawValue: text) ?? .central
    }

    static func level(_ r: any SQLRow) throws -> CapitalLevel {
        CapitalLevel(rawValue: try r.decode(column: "level", as: String.self)) ?? .province
    }
}
