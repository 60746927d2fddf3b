import Domain
import FluentKit
import Foundation
import SQLKit

/// Lập đợt, thêm hồ sơ, trình, quyết định: each a transaction under the batch's lock, audited.
extension WriteOffStore {
    static func lock(_ id: String) -> RowLock { RowLock("write_off_batches", keys: [id]) }

    /// Lập đợt xóa nợ of a province in the reader's scope (the only one when not named).
    public func open(
        title: String, provinceCode: Int?, actor: Actor, scope: AccessScope
    ) async throws -> WriteOffBatchRecord {
        let name = title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...200).contains(name.count) else {
            throw PlatformError.inputRefused(
                field: "title", message: "Ghi tên đợt, ví dụ «Đợt 1 năm 2026» (tối đa 200 ký tự).")
        }
        let reached = scope.provinceCodes
        guard let province = provinceCode ?? (reached.count == 1 ? reached.first : nil) else {
            throw PlatformError.inputRefused(
                field: "province", message: "Chọn tỉnh lập đợt xóa nợ.")
        }
        guard scope.isEverything || reached.contains(province) else {
            throw PlatformError.inputRefused(
                field: "province", message: "Chỉ lập đợt cho tỉnh trong phạm vi của bạn.")
        }
        let id = world.newID()
        let world = world
        return try await WriteTransaction.run(database) { sql in
            try await sql.insertBatches(
                into: "write_off_batches",
                columns: [
                    "id", "province_code", "title", "opened_on", "status", "required_level",
                    "created_by", "created_at",
                ],
                rows: [
                    [
                        id, province, name, world.today.iso, WriteOffBatchStatus.open.rawValue,
                        WriteOffLevel.branch.rawValue, actor.username, world.nowMillis,
                    ]
                ])
            let batch = try await Self.batch(id: id, scope: .everything, sql: sql)
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "write_off_batch.open", recordType: "write_off_batch",
                recordID: id, provinceCode: province, before: nil as String?, after: batch)
            return batch
        }
    }

    /// Thêm hồ sơ: a loan of the batch's province, in scope, not in another undecided batch,
    /// whose file meets the checklist in force today and whose write-off the loan allows now.
    public func addFile(
        batchID: String, loanID: String, measure: WriteOffMeasure, file: RiskFile,
        evidence: [WriteOffEvidence], actor: Actor, scope: AccessScope
    ) async throws -> WriteOffFileRecord {
        let conditions = try await conditions()
        let limits = try await approvalLimits(on: world.today)
        let world = world, loans = LoanStore(database: database, world: world)
        let id = world.newID()
        return try await WriteTransaction.run(database) { sql in
            try await sql.lock([Self.lock(batchID), .loan(loanID)])
            let batch = try await Self.batch(id: batchID, scope: scope, sql: sql)
            try WriteOffBatches.checkOpen(batch.status)
            try file.check()
            let kept = try WriteOffChecklist.check(
                evidence, conditions: conditions, measure: measure, on: world.today)
            let detail = try await LoanStore.detail(
                id: loanID, on: world.today, scope: scope, sql: sql)
            guard detail.provinceCode == batch.provinceCode else {
                throw LendingError.riskLimit("khoản vay không thuộc tỉnh của đợt")
            }
            if let other = try await Self.undecided(loanID: loanID, sql: sql) {
                throw LendingError.alreadyInBatch(other)
            }
            let plan = try LoanCommands.writeOff(
                LoanStore.position(
                    detail,
                    balances: try await loans.balances(
                        loanID: loanID, sql: sql)),
                on: world.today, principalToo: measure == .principal, today: world.today,
                entryID: EntryID("plan"))
            try await sql.insertBatches(
                into: "write_off_files",
                columns: [
                    "id", "batch_id", "loan_id", "province_code", "measure", "interest",
                    "principal", "risk_file", "evidence", "status", "created_by", "created_at",
                ],
                rows: [
                    [
                        id, batchID, loanID, batch.provinceCode, measure.rawValue,
                        plan.figures.interestWrittenOff.dong,
                        plan.figures.principalWrittenOff.dong, try StoredJSON.text(file),
                        try StoredJSON.text(kept), WriteOffFileStatus.pending.rawValue,
                        actor.username, world.nowMillis,
                    ]
                ])
            let record = try await Self.files(
                batchID: batchID, limits: limits, scope: scope, sql: sql
            )
            .first { $0.id == id }
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "write_off_file.add", recordType: "write_off_batch",
                recordID: batchID, provinceCode: batch.provinceCode, before: nil as String?,
                after: record)
            guard let record else { throw LendingError.writeOffBatchNotFound }
            return record
        }
    }

    /// Every file of the batch, for a command on the whole batch: one the reader cannot see
    /// (a loan outside the scope) refuses the command rather than deciding it unseen.
    static func whole(
        _ batchID: String, limits: WriteOffApprovalLimits, scope: AccessScope, sql: any SQLDatabase
    ) async throws -> [WriteOffFileRecord] {
        let all = try await files(batchID: batchID, limits: limits, scope: .everything, sql: sql)
        let seen = try await files(batchID: batchID, limits: limits, scope: scope, sql: sql)
        guard seen.count == all.count else {
            throw LendingError.riskLimit("đợt có hồ sơ của khoản vay ngoài phạm vi của bạn")
        }
        return all
    }

    /// The title of the undecided batch that already holds a file of the loan.
    static func undecided(loanID: String, sql: any SQLDatabase) async throws -> String? {
        try await sql.raw(
            """
            SELECT b.title FROM write_off_files f JOIN write_off_batches b ON b.id = f.batch_id
            WHERE f.loan_id = \(bind: loanID)
            AND f.status = \(bind: WriteOffFileStatus.pending.rawValue)
            """
        ).first().map { try $0.decode(column: "title", as: String.self) }
    }

    /// Rút hồ sơ: a file leaves a batch still being compiled.
    public func withdraw(
        batchID: String, fileID: String, actor: Actor, scope: AccessScope
    ) async throws {
        let world = world
        let limits = try await approvalLimits(on: world.today)
        try await WriteTransaction.run(database) { sql in
            try await sql.lock([Self.lock(batchID)])
            let batch = try await Self.batch(id: batchID, scope: scope, sql: sql)
            try WriteOffBatches.checkOpen(batch.status)
            let files = try await Self.files(
                batchID: batchID, limits: limits, scope: scope, sql: sql)
            guard let file = files.first(where: { $0.id == fileID }) else {
                throw PlatformError.inputRefused(field: "file", message: "Đợt không có hồ sơ này.")
            }
            try await sql.delete(from: "write_off_files").where("id", .equal, fileID).run()
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "write_off_file.withdraw", recordType: "write_off_batch",
                recordID: batchID, provinceCode: batch.provinceCode, before: file,
                after: nil as String?)
        }
    }

    /// Trình đợt: the files are fixed and the level their largest needs is recorded.
    public func submit(
        batchID: String, actor: Actor, scope: AccessScope
    ) async throws
        -> WriteOffBatchRecord
    {
        let world = world
        let limits = try await approvalLimits(on: world.today)
        return try await WriteTransaction.run(database) { sql in
            try await sql.lock([Self.lock(batchID)])
            let before = try await Self.batch(id: batchID, scope: scope, sql: sql)
            try WriteOffBatches.checkSubmit(before.status, files: before.files)
            let files = try await Self.whole(batchID, limits: limits, scope: scope, sql: sql)
            let level = WriteOffBatches.level(files.map(\.figures.figures), limits: limits)
            try await sql.update("write_off_batches")
                .set("status", to: WriteOffBatchStatus.submitted.rawValue)
                .set("submitted_on", to: world.today.iso)
                .set("required_level", to: level.rawValue)
                .where("id", .equal, batchID).run()
            let after = try await Self.batch(id: batchID, scope: scope, sql: sql)
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "write_off_batch.submit", recordType: "write_off_batch",
                recordID: batchID, provinceCode: before.provinceCode, before: before,
                after: after)
            return after
        }
    }
}
