import Domain
import FluentKit
import Foundation
import SQLKit

/// Danh mục điều kiện xóa nợ as dated data: read whole (it is a few dozen rows), added to by
/// a new version of a code, never overwritten.
extension WriteOffStore {
    /// A stored version with who entered it.
    public struct ConditionRecord: Sendable, Equatable {
        public var id: String
        public var condition: WriteOffCondition
        public var createdBy: String
    }

    public func conditions() async throws -> WriteOffConditions {
        WriteOffConditions(try await conditionRecords().map(\.condition))
    }

    /// Every version, newest date first within each code.
    public func conditionRecords() async throws -> [ConditionRecord] {
        try await sql.raw(
            "SELECT * FROM write_off_conditions ORDER BY code, effective_from DESC, id"
        ).all().map(Self.condition)
    }

    /// A new version of a condition (or a new condition) from its date, with its source;
    /// audited. The same code on the same date is refused: a version is never overwritten.
    public func addCondition(_ c: WriteOffCondition, actor: Actor) async throws -> ConditionRecord {
        try c.check()
        let id = world.newID()
        let world = world
        try await WriteTransaction.run(database) { sql in
            let clash = try await sql.raw(
                """
                SELECT id FROM write_off_conditions
                WHERE code = \(bind: c.code) AND effective_from = \(bind: c.from.iso)
                """
            ).first()
            guard clash == nil else {
                throw LendingError.invalidWriteOffCondition(
                    "mã «\(c.code)» đã có phiên bản từ ngày \(c.from.vietnamese)")
            }
            try await sql.insertBatches(
                into: "write_off_conditions",
                columns: [
                    "id", "code", "measures", "alternative_group", "label", "document",
                    "effective_from", "retired", "legal_source", "confirmed", "created_at",
                    "created_by",
                ],
                rows: [
                    [
                        id, c.code, Self.measuresText(c.measures), c.group,
                        c.label.trimmingCharacters(in: .whitespacesAndNewlines),
                        c.document.trimmingCharacters(in: .whitespacesAndNewlines), c.from.iso,
                        c.retired ? 1 : 0,
                        c.source.trimmingCharacters(in: .whitespacesAndNewlines),
                        c.confirmed ? 1 : 0, world.nowMillis, actor.username,
                    ]
                ])
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "write_off_condition.add", recordType: "write_off_condition",
                recordID: id, provinceCode: nil, before: nil as String?, after: c)
        }
        return ConditionRecord(id: id, condition: c, createdBy: actor.username)
    }

    static func measuresText(_ measures: Set<WriteOffMeasure>) -> String {
        WriteOffMeasure.allCases.filter(measures.contains).map(\.rawValue).joined(separator: ",")
    }

    static func condition(_ r: any SQLRow) throws -> ConditionRecord {
        let measures = try r.decode(column: "measures", as: String.self)
            .split(separator: ",").compactMap { WriteOffMeasure(rawValue: String($0)) }
        return ConditionRecord(
            id: try r.decode(column: "id", as: String.self),
            condition: WriteOffCondition(
                code: try r.decode(column: "code", as: String.self), measures: Set(measures),
                group: try r.decode(column: "alternative_group", as: String.self),
                label: try r.decode(column: "label", as: String.self),
                document: try r.decode(column: "document", as: String.self),
                from: try BusinessDate(
                    iso: try r.decode(column: "effective_from", as: String.self)),
                retired: try r.decode(column: "retired", as: Int.self) != 0,
                source: try r.decode(column: "legal_source", as: String.self),
                confirmed: try r.decode(column: "confirmed", as: Int.self) != 0),
            createdBy: try r.decode(column: "created_by", as: String.self))
    }
}
