import Domain
import FluentKit
import Foundation
import SQLKit

/// Quyết định xóa nợ: the decision on a submitted batch, recorded with its number, date and
/// level. Approval writes each file's loan off (one balanced entry each) in the same
/// transaction; files the decision sets aside, and every file of a refusal, stay on the book.
extension WriteOffStore {
    public func decide(
        batchID: String, _ decision: WriteOffDecision, setAside: [String], key: String?,
        actor: Actor, scope: AccessScope
    ) async throws -> (result: WriteOffBatchRecord, replayed: Bool) {
        let world = world, loans = LoanStore(database: database, world: world)
        let limits = try await approvalLimits(on: world.today)
        return try await IdempotentCommand.run(
            database: database, world: world, actor: actor, key: key,
            request: [
                "batch": batchID, "decision": try StoredJSON.text(decision),
                "setAside": setAside.sorted().joined(separator: ","),
            ],
            locking: [Self.lock(batchID)]
        ) { sql in
            let before = try await Self.batch(id: batchID, scope: scope, sql: sql)
            let files = try await Self.whole(batchID, limits: limits, scope: scope, sql: sql)
            let aside = Set(setAside)
            guard aside.isSubset(of: Set(files.map(\.id))) else {
                throw PlatformError.inputRefused(
                    field: "setAside", message: "Có hồ sơ loại ra không thuộc đợt này.")
            }
            try WriteOffBatches.checkDecision(
                decision, status: before.status, submittedOn: before.submittedOn,
                required: before.requiredLevel, files: files.count, setAside: aside.count,
                today: world.today)
            let granted = decision.approved ? files.filter { !aside.contains($0.id) } : []
            try await sql.lock([.loans(granted.map(\.loanID))])
            for file in granted {
                let posting = try await loans.writeOffLoan(
                    loanID: file.loanID, on: decision.date,
                    principalToo: file.figures.measure == .principal,
                    details: WriteOffDetails(
                        file: file.file, evidence: file.evidence, batch: batchID,
                        decision: decision),
                    actor: actor, scope: scope, sql: sql)
                try await sql.update("write_off_files")
                    .set("status", to: WriteOffFileStatus.writtenOff.rawValue)
                    .set("entry_id", to: posting.entry)
                    .where("id", .equal, file.id).run()
            }
            try await sql.update("write_off_files")
                .set("status", to: WriteOffFileStatus.setAside.rawValue)
                .where("batch_id", .equal, batchID)
                .where("status", .equal, WriteOffFileStatus.pending.rawValue).run()
            try await sql.update("write_off_batches")
                .set(
                    "status",
                    to: (decision.approved
                        ? WriteOffBatchStatus.approved : .rejected).rawValue
                )
                .set("decision", to: try StoredJSON.text(decision))
                .where("id", .equal, batchID).run()
            let after = try await Self.batch(id: batchID, scope: scope, sql: sql)
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "write_off_batch.decide", recordType: "write_off_batch",
                recordID: batchID, provinceCode: before.provinceCode, before: before,
                after: after)
            return after
        }
    }
}
