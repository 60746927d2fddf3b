import Domain
import FluentKit
import Foundation
import SQLKit

/// A yearly inspection plan as stored, with how many inspections it has.
public struct InspectionPlanRecord: Sendable, Codable, Equatable {
    public var id: String
    public var provinceCode: Int
    public var year: Int
    public var body: InspectorBody
    public var title: String
    public var planned: Int
    public var done: Int
    public var createdBy: String
}

/// An inspection as stored, with its commune, subject and the group record for a group.
public struct InspectionRecord: Sendable, Codable, Equatable {
    public var id: String
    public var provinceCode: Int
    public var unitID: String
    public var unitCode: Int
    public var unitName: String
    public var planID: String?
    public var body: InspectorBody
    public var subject: InspectionSubjectKind
    public var subjectID: String?
    public var subjectName: String
    public var inspectedOn: BusinessDate
    public var team: String
    public var conclusion: String
    public var groupRecord: GroupInspectionRecord?
    public var loanIDs: [String]
    public var createdBy: String
}

/// Kế hoạch kiểm tra và các cuộc kiểm tra: plans are the province's (read by every user of
/// the province), inspections lie in a commune and are read within the commune scope.
public struct InspectionStore: Sendable {
    let database: any Database
    let world: World
    var sql: any SQLDatabase { get throws { try database.sqlDatabase() } }

    public init(database: any Database, world: World) {
        self.database = database
        self.world = world
    }

    /// Lập kế hoạch kiểm tra năm for a province in the reader's scope; audited.
    public func createPlan(
        _ input: NewInspectionPlan, provinceCode: Int, actor: Actor, scope: AccessScope
    ) async throws -> InspectionPlanRecord {
        let p = try input.checked(today: world.today)
        guard scope.admits(province: provinceCode) else {
            throw OversightError.notFound("tỉnh \(provinceCode)")
        }
        let record = InspectionPlanRecord(
            id: world.newID(), provinceCode: provinceCode, year: p.year, body: p.body,
            title: p.title, planned: p.plannedInspections, done: 0, createdBy: actor.username)
        let world = world
        try await WriteTransaction.run(database) { sql in
            try await sql.insertBatches(
                into: "inspection_plans",
                columns: [
                    "id", "province_code", "year", "body", "title", "planned", "created_by",
                    "created_at",
                ],
                rows: [
                    [
                        record.id, provinceCode, p.year, p.body.rawValue, p.title,
                        p.plannedInspections,
                        actor.username, world.nowMillis,
                    ]
                ])
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "inspection_plan.create", recordType: "inspection_plan",
                recordID: record.id, provinceCode: provinceCode, before: nil as String?,
                after: record)
        }
        return record
    }

    /// The plans of the provinces in scope (one year, or all), with the inspections done.
    public func plans(year: Int?, scope: AccessScope) async throws -> [InspectionPlanRecord] {
        var c = scope.provinceCondition("p.province_code")
        if let year { c = c + " AND p.year = \(bind: year)" }
        return try await sql.raw(
            """
            SELECT p.*, (SELECT COUNT(*) FROM inspections i WHERE i.plan_id = p.id) AS done
            FROM inspection_plans p WHERE \(c) ORDER BY p.year DESC, p.title, p.id
            """
        ).all().map { r in
            InspectionPlanRecord(
                id: try r.decode(column: "id", as: String.self),
                provinceCode: try r.decode(column: "province_code", as: Int.self),
                year: try r.decode(column: "year", as: Int.self),
                body: InspectorBody(rawValue: try r.decode(column: "body", as: String.self))
                    ?? .board,
                title: try r.decode(column: "title", as: String.self),
                planned: try r.decode(column: "planned", as: Int.self),
                done: try r.decode(column: "done", as: Int.self),
                createdBy: try r.decode(column: "created_by", as: String.self))
        }
    }

    /// The inspections the reader reaches: her communes; an organisation's officer those of
    /// her organisation; a leader those of his group.
    static func condition(_ scope: AccessScope) -> SQLQueryString {
        var c = scope.condition("i.unit_id")
        if let o = scope.organisationID { c = c + " AND i.organisation = \(bind: o)" }
        if let g = scope.groupID { c = c + " AND i.group_id = \(bind: g)" }
        return c
    }
}
