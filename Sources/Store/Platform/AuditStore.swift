import Domain
import Foundation
import SQLKit

/// One entry of the audit log.
public struct AuditEntry: Sendable, Codable, Equatable {
    public let id: String
    public let at: Date
    public let actorUsername: String
    public let action: String
    public let recordType: String
    public let recordID: String
    public let provinceCode: Int?
    public let before: String?
    public let after: String?

    public init(id: String, at: Date, actorUsername: String, action: String, recordType: String, recordID: String,
                provinceCode: Int?, before: String?, after: String?) {
        self.id = id
        self.at = at
        self.actorUsername = actorUsername
        self.action = action
        self.recordType = recordType
        self.recordID = recordID
        self.provinceCode = provinceCode
        self.before = before
        self.after = after
    }
}

public struct AuditQuery: Sendable {
    public var username: String?
    public var recordType: String?
    public var recordID: String?
    public var from: BusinessDate?
    public var to: BusinessDate?
    public var paging: Paging

    public init(username: String? = nil, recordType: String? = nil, recordID: String? = nil,
                from: BusinessDate? = nil, to: BusinessDate? = nil, paging: Paging = Paging()) {
        self.username = username
        self.recordType = recordType
        self.recordID = recordID
        self.from = from
        self.to = to
        self.paging = paging
    }
}

/// Nhật ký: written in the same transaction as the change it describes, so a change without its
/// entry cannot exist.
public struct AuditStore: Sendable {
    let sql: any SQLDatabase
    let world: World

    public init(sql: any SQLDatabase, world: World) {
        self.sql = sql
        self.world = world
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// One entry; its commune is `unitID`, or found from the record it names (`AuditUnits`).
    public func record(actor: Actor, action: String, recordType: String, recordID: String, provinceCode: Int?,
                       before: (any Encodable)?, after: (any Encodable)?, unitID: String? = nil) async throws {
        let beforeJSON = try before.map { String(decoding: try Self.encoder.encode($0), as: UTF8.self) }
        let afterJSON = try after.map { String(decoding: try Self.encoder.encode($0), as: UTF8.self) }
        let unit: SQLQueryString = unitID.map { "\(bind: $0)" }
            ?? AuditUnits.expression(type: "\(bind: recordType)", id: "\(bind: recordID)")
        try await sql.raw("""
            INSERT INTO audit_log (id, at, actor_id, actor_username, action, record_type, record_id, province_code,
                                   before_json, after_json, unit_id)
            VALUES (\(bind: world.newID()), \(bind: world.nowMillis), \(bind: actor.userID), \(bind: actor.username),
                    \(bind: action), \(bind: recordType), \(bind: recordID), \(bind: provinceCode), \(bind: beforeJSON),
                    \(bind: afterJSON), \(unit))
            """).run()
    }

    /// Many entries in batched statements (an import of thousands of households).
    public func recordBatch(actor: Actor, entries: [(action: String, recordType: String, recordID: String, provinceCode: Int?,
                                                     before: (any Encodable)?, after: (any Encodable)?)]) async throws {
        let at = world.nowMillis
        var rows: [[any Encodable & Sendable]] = []
        rows.reserveCapacity(entries.count)
        var ids: [String] = []
        for entry in entries {
            let before = try entry.before.map { String(decoding: try Self.encoder.encode($0), as: UTF8.self) }
            let after = try entry.after.map { String(decoding: try Self.encoder.encode($0), as: UTF8.self) }
            let id = world.newID()
            ids.append(id)
            rows.append([id, at, actor.userID, actor.username, entry.action, entry.recordType, entry.recordID,
                         entry.provinceCode, before, after])
        }
        try await sql.insertBatches(
            into: "audit_log",
            columns: ["id", "at", "actor_id", "actor_username", "action", "record_type", "record_id", "province_code", "before_json", "after_json"],
            rows: rows, batchSize: 200)
        for slice in ids.chunked(500) {
            try await sql.raw("UPDATE audit_log SET unit_id = \(AuditUnits.ofAuditRow) WHERE id IN (\(binds: Array(slice)))").run()
        }
    }

    /// Entries newest first. Administrators read all; others only entries of provinces in their scope.
    public func list(_ query: AuditQuery, scope: AccessScope) async throws -> Page<AuditEntry> {
        var conditions: [SQLQueryString] = []
        if let username = query.username, !username.isEmpty { conditions.append("actor_username = \(bind: username)") }
        if let type = query.recordType, !type.isEmpty { conditions.append("record_type = \(bind: type)") }
        if let id = query.recordID, !id.isEmpty { conditions.append("record_id = \(bind: id)") }
        if let from = query.from { conditions.append("at >= \(bind: Self.startMillis(of: from))") }
        if let to = query.to { conditions.append("at < \(bind: Self.startMillis(of: to.adding(days: 1)))") }
        if !scope.isEverything { conditions.append(Self.scopeCondition(scope)) }
        let whereClause: SQLQueryString = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let total = try await sql.raw("SELECT COUNT(*) AS n FROM audit_log \(whereClause)").first(decodingColumn: "n", as: Int.self) ?? 0
        let rows = try await sql.raw("""
            SELECT id, at, actor_username, action, record_type, record_id, province_code, before_json, after_json
            FROM audit_log \(whereClause) ORDER BY at DESC, id DESC
            LIMIT \(bind: query.paging.limit) OFFSET \(bind: query.paging.offset)
            """).all()
        let items = try rows.map { row in
            AuditEntry(
                id: try row.decode(column: "id", as: String.self),
                at: Date(timeIntervalSince1970: Double(try row.decode(column: "at", as: Int64.self)) / 1000),
                actorUsername: try row.decode(column: "actor_username", as: String.self),
                action: try row.decode(column: "action", as: String.self),
                recordType: try row.decode(column: "record_type", as: String.self),
                recordID: try row.decode(column: "record_id", as: String.self),
                provinceCode: try row.decode(column: "province_code", as: Int?.self),
                before: try row.decode(column: "before_json", as: String?.self),
                after: try row.decode(column: "after_json", as: String?.self))
        }
        return Page(items: items, total: total)
    }

    /// The entries a scope reads: of a province wholly in scope, every entry of it; otherwise only
    /// entries of the communes in scope. An entry of no commune (a user, a reference value) is read
    /// only with its whole province, so a commune's inspector never sees the province's.
    static func scopeCondition(_ scope: AccessScope) -> SQLQueryString {
        let units = Array(scope.unitsOutsideWholeProvinces.map(\.rawValue))
        let provinces = Array(scope.wholeProvinces)
        switch (provinces.isEmpty, units.isEmpty) {
        case (true, true): return "1 = 0"
        case (false, true): return "province_code IN (\(binds: provinces))"
        case (true, false): return "unit_id IN (\(binds: units))"
        case (false, false): return "(province_code IN (\(binds: provinces)) OR unit_id IN (\(binds: units)))"
        }
    }

    /// Midnight in Vietnam (UTC+7) at the start of `date`, in milliseconds.
    static func startMillis(of date: BusinessDate) -> Int64 {
        (Int64(date.dayNumber) * 86_400 - 7 * 3600) * 1000
    }
}
