import Domain
import Foundation
import SQLKit

/// The changes of terms (no money moves): the loan locked and read again, Domain's plan
/// (`LoanCommands.adjustTerm`, `.extend`, `.recall`), then its moves, state, event and audit.
extension LoanStore {
    /// Điều chỉnh kỳ hạn nợ: one instalment (not the last) to a later date.
    public func adjustTerm(
        loanID: String, instalmentDue: BusinessDate, to newDate: BusinessDate,
        on date: BusinessDate, file: RiskFile, actor: Actor, scope: AccessScope
    ) async throws -> LoanDetail {
        let today = world.today
        try await WriteTransaction.run(database) { sql in
            try await self.changeTerms(
                loanID: loanID, on: date, file: file, actor: actor, scope: scope, sql: sql
            ) { holding, _ in
                try LoanCommands.adjustTerm(
                    holding, instalmentDue: instalmentDue, to: newDate, on: date, file: file,
                    today: today)
            }
        }
        return try await self.detail(id: loanID, on: date, scope: .everything)
    }

    /// Gia hạn nợ: the final maturity moves, within the limit for the loan's term.
    public func extend(
        loanID: String, to newMaturity: BusinessDate, on date: BusinessDate, file: RiskFile,
        actor: Actor, scope: AccessScope
    ) async throws -> LoanDetail {
        let today = world.today
        let limits = try await riskLimits(on: date)
        let study = try await Self.study(loanID: loanID, sql: try database.sqlDatabase())
        try await WriteTransaction.run(database) { sql in
            try await self.changeTerms(
                loanID: loanID, on: date, file: file, actor: actor, scope: scope, sql: sql
            ) { holding, detail in
                try LoanCommands.extend(
                    holding, to: newMaturity, maturity: detail.summary.maturity,
                    originalMaturity: detail.originalMaturity, termMonths: detail.termMonths,
                    limits: limits, study: study, on: date, file: file, today: today)
            }
        }
        return try await self.detail(id: loanID, on: date, scope: .everything)
    }

    /// Thu hồi nợ trước hạn (misuse found by the loan-use check): all of the outstanding falls
    /// due on the date. A money command: it runs once per Idempotency-Key, under the loan's lock.
    public func recall(
        loanID: String, on date: BusinessDate, file: RiskFile, key: String?, actor: Actor,
        scope: AccessScope
    ) async throws -> (detail: LoanDetail, replayed: Bool) {
        let world = world
        let outcome = try await IdempotentCommand.run(
            database: database, world: world, actor: actor, key: key,
            request: [
                "loan": loanID, "date": date.iso, "kind": "recall",
                "file": try StoredJSON.text(file),
            ],
            locking: [.loan(loanID)]
        ) { sql in
            try await self.changeTerms(
                loanID: loanID, on: date, file: file, actor: actor, scope: scope, sql: sql
            ) { holding, _ in
                try LoanCommands.recall(holding, on: date, file: file, today: world.today)
            }
        }
        return (try await detail(id: loanID, on: date, scope: .everything), outcome.replayed)
    }

    /// A change of terms inside the caller's transaction: the loan locked, read again under the
    /// lock, `plan` decides on that reading, then the plan is written.
    @discardableResult
    func changeTerms(
        loanID: String, on date: BusinessDate, file: RiskFile, actor: Actor, scope: AccessScope,
        sql: any SQLDatabase,
        _ plan: @Sendable (LoanHolding, LoanDetail) throws -> TermsPlan
    ) async throws -> LoanPosting {
        try await sql.lock([.loan(loanID)])
        let detail = try await Self.detail(id: loanID, on: date, scope: scope, sql: sql)
        let held = try await balances(loanID: loanID, sql: sql)
        let decided = try plan(Self.position(detail, balances: held), detail)
        try await Self.write(decided, loanID: loanID, now: world.nowMillis, sql: sql)
        return try await record(
            loanID: loanID, kind: decided.event, on: date, principal: .zero, interest: .zero,
            method: nil, source: nil, entryID: nil, details: try StoredJSON.text(file),
            actor: actor, sql: sql, before: detail.standing,
            audit: ("loan.\(decided.event.rawValue)", file))
    }

    /// The plan's rows: the instalments moved (one statement for each kind of move), the loan's state and
    /// maturity in another, and the principal settled spread again in due order.
    static func write(
        _ plan: TermsPlan, loanID: String, now: Int64, sql: any SQLDatabase
    ) async throws {
        for unpaidOnly in [true, false] {
            let moves = plan.moves.filter { $0.unpaidOnly == unpaidOnly }
            guard !moves.isEmpty else { continue }
            var dueOn: SQLQueryString = "CASE due_on"
            for move in moves {
                dueOn = dueOn + " WHEN \(bind: move.from.iso) THEN \(bind: move.to.iso)"
            }
            try await sql.raw(
                """
                UPDATE loan_instalments SET due_on = \(dueOn) ELSE due_on END
                WHERE loan_id = \(bind: loanID) AND due_on IN (\(binds: moves.map(\.from.iso)))
                \(unsafeRaw: unpaidOnly ? "AND paid < principal" : "")
                """
            ).run()
        }
        var set: SQLQueryString = "updated_at = \(bind: now), state = \(bind: plan.state.rawValue)"
        if let maturity = plan.maturity { set = set + ", maturity = \(bind: maturity.iso)" }
        try await sql.raw("UPDATE loans SET \(set) WHERE id = \(bind: loanID)").run()
        if plan.reallocates { try await reallocate(loanIDs: [loanID], sql: sql) }
    }
}
