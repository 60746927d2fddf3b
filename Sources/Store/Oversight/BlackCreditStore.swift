import Domain
import FluentKit
import Foundation
import SQLKit

/// The black-credit detail of a case; the reporter is nil for anyone but its handlers.
public struct BlackCreditRecord: Sendable, Codable, Equatable {
    public var raisedAt: BlackCreditRaisedAt
    public var pointID: String?
    public var lender: String
    public var households: Int
    public var policeReferredOn: BusinessDate?
    public var policeReference: String
    public var reporterName: String?
    public var reporterContact: String?
    public var handler: String
}

/// Tín dụng đen: a report opens a case (`findings`, source `black_credit`, status received)
/// with its detail; the reporter's identity is stored apart and shown only to the recorder and
/// the handler, and never written to the audit log.
public struct BlackCreditStore: Sendable {
    let database: any Database
    let world: World
    var sql: any SQLDatabase { get throws { try database.sqlDatabase() } }

    public init(database: any Database, world: World) {
        self.database = database
        self.world = world
    }

    /// What the audit log keeps of a report: everything but who reported it.
    struct Audited: Encodable {
        let finding: FindingRecord
        let raisedAt: BlackCreditRaisedAt
        let pointID: String?
        let lender: String
        let households: Int
        let handler: String
        let reporter = "(ẩn danh tính người báo tin)"
    }

    public func report(
        _ input: NewBlackCreditReport, actor: Actor, scope: AccessScope
    ) async throws -> FindingRecord {
        var r = try input.checked(today: world.today)
        if r.handler.isEmpty { r.handler = actor.username }
        let unit = try await UnitStore(sql: try sql).unit(
            level: .commune, code: r.unitCode, asOf: r.reportedOn, scope: scope)
        if let point = r.pointID {
            let found = try await sql.select().column("id").from("transaction_points")
                .where("id", .equal, point).where("unit_id", .equal, unit.id)
                .first(decodingColumn: "id", as: String.self)
            guard found != nil else { throw OversightError.notFound("điểm giao dịch \(point)") }
        }
        let handlerExists = try await sql.select().column("id").from("users")
            .where("username", .equal, r.handler).first(decodingColumn: "id", as: String.self)
        guard handlerExists != nil else {
            throw OversightError.invalid(field: "handler", why: "không có người dùng \(r.handler)")
        }
        let finding = NewFinding(
            category: .blackCredit, description: r.description,
            requiredAction: "Xác minh, tuyên truyền cho hộ bị ảnh hưởng, phối hợp công an xử lý",
            responsible: r.handler, dueOn: nil, priority: r.priority, subjects: [])
        let world = world
        let report = r
        return try await WriteTransaction.run(database) { sql in
            let record = try await FindingStore.insert(
                finding, source: .blackCredit, status: .received, unit: unit,
                inspectionID: nil, useCheckID: nil, foundOn: report.reportedOn, actor: actor,
                scope: scope, world: world, sql: sql)
            try await sql.insertBatches(
                into: "black_credit_reports",
                columns: [
                    "finding_id", "raised_at", "point_id", "lender", "households",
                    "police_referred_on", "police_reference", "reporter_name", "reporter_contact",
                    "handler",
                ],
                rows: [
                    [
                        record.id, report.raisedAt.rawValue, report.pointID, report.lender,
                        report.households, String?.none, "", report.reporterName,
                        report.reporterContact, report.handler,
                    ]
                ])
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "black_credit.report", recordType: "finding",
                recordID: record.id, provinceCode: unit.provinceCode, before: nil as String?,
                after: Audited(
                    finding: record, raisedAt: report.raisedAt, pointID: report.pointID,
                    lender: report.lender, households: report.households,
                    handler: report.handler), unitID: unit.id)
            return record
        }
    }

    /// Chuyển công an: the date and the reference of the referral, audited.
    public func refer(
        id: String, on date: BusinessDate, reference: String, actor: Actor, scope: AccessScope
    ) async throws -> BlackCreditRecord {
        let text = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        guard date <= world.today else {
            throw OversightError.invalid(field: "date", why: "ngày ở tương lai")
        }
        guard (1...300).contains(text.count) else {
            throw OversightError.invalid(
                field: "reference", why: "ghi cơ quan công an, số văn bản chuyển (tối đa 300 ký tự)"
            )
        }
        let world = world
        return try await WriteTransaction.run(database) { sql in
            try await sql.lock([RowLock("findings", keys: [id])])
            let finding = try await FindingStore.finding(id: id, scope: scope, sql: sql)
            guard finding.source == .blackCredit,
                let before = try await Self.report(of: finding, viewer: actor, sql: sql)
            else { throw OversightError.notFound("tin báo tín dụng đen") }
            guard date >= finding.foundOn else {
                throw OversightError.invalid(field: "date", why: "ngày trước ngày tiếp nhận")
            }
            try await sql.raw(
                """
                UPDATE black_credit_reports SET police_referred_on = \(bind: date.iso),
                police_reference = \(bind: text) WHERE finding_id = \(bind: id)
                """
            ).run()
            var after = before
            after.policeReferredOn = date
            after.policeReference = text
            func hidden(_ r: BlackCreditRecord) -> BlackCreditRecord {
                var r = r
                r.reporterName = nil
                r.reporterContact = nil
                return r
            }
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "black_credit.refer", recordType: "finding", recordID: id,
                provinceCode: finding.provinceCode, before: hidden(before), after: hidden(after),
                unitID: finding.unitID)
            return after
        }
    }

    static func report(
        of finding: FindingRecord, viewer: Actor, sql: any SQLDatabase
    ) async throws -> BlackCreditRecord? {
        guard
            let r = try await sql.raw(
                "SELECT * FROM black_credit_reports WHERE finding_id = \(bind: finding.id)"
            ).first()
        else { return nil }
        let handler = try r.decode(column: "handler", as: String.self)
        let handles = viewer.username == handler || viewer.username == finding.createdBy
        let referred = try r.decode(column: "police_referred_on", as: String?.self)
        return BlackCreditRecord(
            raisedAt: BlackCreditRaisedAt(
                rawValue: try r.decode(column: "raised_at", as: String.self)) ?? .commune,
            pointID: try r.decode(column: "point_id", as: String?.self),
            lender: try r.decode(column: "lender", as: String.self),
            households: try r.decode(column: "households", as: Int.self),
            policeReferredOn: try referred.map { try BusinessDate(iso: $0) },
            policeReference: try r.decode(column: "police_reference", as: String.self),
            reporterName: handles ? try r.decode(column: "reporter_name", as: String.self) : nil,
            reporterContact: handles
                ? try r.decode(column: "reporter_contact", as: String.self) : nil,
            handler: handler)
    }
}
