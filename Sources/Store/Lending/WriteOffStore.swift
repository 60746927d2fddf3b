import Domain
import FluentKit
import Foundation
import SQLKit

/// Trạng thái một hồ sơ trong đợt: waiting for the decision, written off, or set aside by it.
public enum WriteOffFileStatus: String, Sendable, Codable {
    case pending
    case writtenOff = "written_off"
    case setAside = "set_aside"

    public var label: String {
        switch self {
        case .pending: "Chờ quyết định"
        case .writtenOff: "Đã xóa nợ"
        case .setAside: "Không được duyệt"
        }
    }
}

/// Một hồ sơ xóa nợ trong đợt, as stored, with the loan it concerns.
public struct WriteOffFileRecord: Sendable, Codable, Equatable {
    public var id: String
    public var batchID: String
    public var loanID: String
    public var borrowerName: String
    public var programName: String
    public var figures: WriteOffFileFigures.Stored
    public var level: WriteOffLevel
    public var file: RiskFile
    public var evidence: [WriteOffEvidence]
    public var status: WriteOffFileStatus
    public var entryID: String?
}

extension WriteOffFileFigures {
    /// The figures in a form the idempotency store keeps.
    public struct Stored: Sendable, Codable, Equatable {
        public var measure: WriteOffMeasure
        public var interest: Money
        public var principal: Money
        public var figures: WriteOffFileFigures {
            WriteOffFileFigures(measure: measure, interest: interest, principal: principal)
        }
    }
}

/// Đợt xóa nợ, as stored: its province, its life and the decision once taken.
public struct WriteOffBatchRecord: Sendable, Codable, Equatable {
    public var id: String
    public var provinceCode: Int
    public var title: String
    public var openedOn: BusinessDate
    public var status: WriteOffBatchStatus
    public var requiredLevel: WriteOffLevel
    public var submittedOn: BusinessDate?
    public var decision: WriteOffDecision?
    public var createdBy: String
    public var files: Int
    public var interest: Money
    public var principal: Money
}

/// Xóa nợ theo đợt: the branch compiles files of a province's loans into a batch, submits it to
/// the level its largest file needs, and records the decision, which writes the loans off.
public struct WriteOffStore: Sendable {
    let database: any Database
    let world: World
    var sql: any SQLDatabase { get throws { try database.sqlDatabase() } }

    public init(database: any Database, world: World) {
        self.database = database
        self.world = world
    }

    /// A batch is the province's: a reader sees the batches of the provinces the scope reaches,
    /// and of each batch only the files of loans in scope (its totals too).
    static func scopeCondition(_ scope: AccessScope) -> SQLQueryString {
        if scope.isEverything { return "1 = 1" }
        let provinces = scope.provinceCodes.sorted()
        guard !provinces.isEmpty else { return "1 = 0" }
        return "b.province_code IN (\(binds: provinces))"
    }

    static func selectBatches(_ scope: AccessScope) -> SQLQueryString {
        let files: SQLQueryString = """
            FROM write_off_files f JOIN loans l ON l.id = f.loan_id
            WHERE f.batch_id = b.id AND \(ApplicationStore.scopeCondition(scope, alias: "l"))
            """
        return """
            SELECT b.*, (SELECT CAST(COUNT(*) AS BIGINT) \(files)) AS files,
            (SELECT CAST(COALESCE(SUM(f.interest), 0) AS BIGINT) \(files)) AS interest_total,
            (SELECT CAST(COALESCE(SUM(f.principal), 0) AS BIGINT) \(files))
                AS principal_total
            FROM write_off_batches b
            """
    }

    /// The batches in scope, newest first, optionally of one status.
    public func batches(
        status: WriteOffBatchStatus?, scope: AccessScope
    ) async throws
        -> [WriteOffBatchRecord]
    {
        let only: SQLQueryString = status.map { " AND b.status = \(bind: $0.rawValue)" } ?? ""
        return try await sql.raw(
            """
            \(Self.selectBatches(scope)) WHERE \(Self.scopeCondition(scope))\(only)
            ORDER BY b.opened_on DESC, b.created_at DESC, b.id DESC LIMIT 500
            """
        ).all().map(Self.batch)
    }

    public func batch(id: String, scope: AccessScope) async throws -> WriteOffBatchRecord {
        try await Self.batch(id: id, scope: scope, sql: try sql)
    }

    static func batch(
        id: String, scope: AccessScope, sql: any SQLDatabase
    ) async throws
        -> WriteOffBatchRecord
    {
        guard
            let row = try await sql.raw(
                "\(selectBatches(scope)) WHERE b.id = \(bind: id) AND \(scopeCondition(scope))"
            ).first()
        else { throw LendingError.writeOffBatchNotFound }
        return try batch(row)
    }

    /// The batch's files in the order they were added.
    public func files(batchID: String, scope: AccessScope) async throws -> [WriteOffFileRecord] {
        let batch = try await batch(id: batchID, scope: scope)
        let limits = try await approvalLimits(on: world.today)
        return try await Self.files(batchID: batch.id, limits: limits, scope: scope, sql: try sql)
    }

    /// The files of loans in scope; a command that acts on the whole batch checks it sees all.
    static func files(
        batchID: String, limits: WriteOffApprovalLimits, scope: AccessScope, sql: any SQLDatabase
    ) async throws -> [WriteOffFileRecord] {
        let rows = try await sql.raw(
            """
            SELECT f.*, l.borrower_name, l.program_code
            FROM write_off_files f JOIN loans l ON l.id = f.loan_id
            WHERE f.batch_id = \(bind: batchID)
            AND \(ApplicationStore.scopeCondition(scope, alias: "l"))
            ORDER BY f.created_at, f.id
            """
        ).all()
        let names = try await LoanStore.programNames(sql: sql)
        return try rows.map { try file($0, limits: limits, names: names) }
    }

    /// The levels' limits in force on the date (reference tables `write_off_branch_max` and
    /// `write_off_head_office_max`).
    public func approvalLimits(on date: BusinessDate) async throws -> WriteOffApprovalLimits {
        let reference = ReferenceDataStore(database: database, world: world)
        func money(_ key: String) async throws -> Money {
            guard let text = try await reference.value(key: key, on: date)?.value,
                let dong = Int64(text)
            else { throw LendingError.noParametersInForce(key, date) }
            return Money(dong: dong)
        }
        return WriteOffApprovalLimits(
            branchMax: try await money("write_off_branch_max"),
            headOfficeMax: try await money("write_off_head_office_max"))
    }

    static func batch(_ r: any SQLRow) throws -> WriteOffBatchRecord {
        let decision =
            try r.decodeNil(column: "decision")
            ? nil : try r.decode(column: "decision", as: String.self)
        let submitted = try r.decode(column: "submitted_on", as: String?.self)
        return WriteOffBatchRecord(
            id: try r.decode(column: "id", as: String.self),
            provinceCode: try r.decode(column: "province_code", as: Int.self),
            title: try r.decode(column: "title", as: String.self),
            openedOn: try BusinessDate(iso: try r.decode(column: "opened_on", as: String.self)),
            status: WriteOffBatchStatus(
                rawValue: try r.decode(column: "status", as: String.self)) ?? .open,
            requiredLevel: WriteOffLevel(
                rawValue: try r.decode(column: "required_level", as: String.self)) ?? .board,
            submittedOn: try submitted.map { try BusinessDate(iso: $0) },
            decision: try decision.map { try StoredJSON.value(WriteOffDecision.self, from: $0) },
            createdBy: try r.decode(column: "created_by", as: String.self),
            files: try r.decode(column: "files", as: Int.self),
            interest: Money(dong: try r.decode(column: "interest_total", as: Int64.self)),
            principal: Money(dong: try r.decode(column: "principal_total", as: Int64.self)))
    }

    static func file(
        _ r: any SQLRow, limits: WriteOffApprovalLimits, names: [String: String]
    ) throws -> WriteOffFileRecord {
        let stored = WriteOffFileFigures.Stored(
            measure: WriteOffMeasure(rawValue: try r.decode(column: "measure", as: String.self))
                ?? .principal,
            interest: Money(dong: try r.decode(column: "interest", as: Int64.self)),
            principal: Money(dong: try r.decode(column: "principal", as: Int64.self)))
        return WriteOffFileRecord(
            id: try r.decode(column: "id", as: String.self),
            batchID: try r.decode(column: "batch_id", as: String.self),
            loanID: try r.decode(column: "loan_id", as: String.self),
            borrowerName: try r.decode(column: "borrower_name", as: String.self),
            programName: names[try r.decode(column: "program_code", as: String.self)] ?? "",
            figures: stored, level: limits.level(for: stored.figures.amount),
            file: try StoredJSON.value(
                RiskFile.self, from: try r.decode(column: "risk_file", as: String.self)),
            evidence: try StoredJSON.value(
                [WriteOffEvidence].self, from: try r.decode(column: "evidence", as: String.self)),
            status: WriteOffFileStatus(rawValue: try r.decode(column: "status", as: String.self))
                ?? .pending,
            entryID: try r.decode(column: "entry_id", as: String?.self))
    }
}
