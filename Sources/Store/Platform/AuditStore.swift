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

    public func record(actor: Actor, action: String, recordType: String, recordID: String, provinceCode: Int?,
                       before: (any Encodable)?, after: (any Encodable)?) async throws {
        let beforeJSON = try before.map { String(decoding: try Self.encoder.encode($0), as: UTF8.self) }
        let afterJSON = try after.map { String(decoding: try Self.encoder.encode($0), as: UTF8.self) }
        try await sql.insert(into: "audit_log")
            .columns("id", "at", "actor_id", "actor_username", "action", "record_type", "record_id", "province_code",
                     "before_json", "after_json")
            .values(world.newID(), world.nowMillis, actor.userID, actor.username, action, recordType, recordID,
                    provinceCode, beforeJSON, afterJSON)
            .run()
    }

    /// Many entries in batched statements (an import of thousands of households).
    public func recordBatch(actor: Actor, entries: [(action: String, recordType: String, recordID: String, provinceCode: Int?,
                                                     before: (any Encodable)?, after: (any Encodable)?)]) async throws {
        let at = world.nowMillis
        var rows: [[any Encodable & Sendable]] = []
        rows.reserveCapacity(entries.count)
        for entry in entries {
            let before = try entry.before.map { String(decoding: try Self.encoder.encode($0), as: UTF8.self) }
            let after = try entry.after.map { String(decoding: try Self.encoder.encode($0), as: UTF8.self) }
            rows.append([world.newID(), at, actor.userID, actor.username, entry.action, entry.recordType, entry.recordID,
                         entry.provinceCode, before, after])
        }
        try await sql.insertBatches(
            into: "audit_log",
            columns: ["id", "at", "actor_id", "actor_username", "action", "record_type", "record_id", "province_code", "before_json", "after_json"],
            rows: rows, batchSize: 200)
    }

    /// Entries newest first. Administrators read all; others only entries of provinces in their scope.
    public func list(_ query: AuditQuery, scope: AccessScope) async throws -> Page<AuditEntry> {
        var conditions: [SQLQueryString] = []
        if let username = query.username, !username.isEmpty { conditions.append("actor_username = \(bind: username)") }
        if let type = query.recordType, !type.isEmpty { conditions.append("record_type = \(bind: type)") }
        if let id = query.recordID, !id.isEmpty { conditions.append("record_id = \(bind: id)") }
        if let from = query.from { conditions.append("at >= \(bind: Self.startMillis(of: from))") }
        if let to = query.to { conditions.append("at < \(bind: Self.startMillis(of: to.adding(days: 1)))") }
        if !scope.isEverything {
            conditions.append(scope.provinceCodes.isEmpty ? "1 = 0" : "province_code IN (\(binds: Array(scope.provinceCodes)))")
        }
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

    /// Midnight in Vietnam (UTC+7) at the start of `date`, in milliseconds.
    static func startMillis(of date: BusinessDate) -> Int64 {
        (Int64(date.dayNumber) * 86_400 - 7 * 3600) * 1000
    }
}
