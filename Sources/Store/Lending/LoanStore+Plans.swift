import Domain
import Foundation
import SQLKit

/// How a money command writes what Domain planned (`LoanCommands`): the store reads the loan's
/// position under its lock, asks for the plan, and writes it here; it decides nothing itself.
extension LoanStore {
    /// The loan's position for a command decided on the detail's date.
    static func position(_ detail: LoanDetail, balances: [String: Int64]) -> LoanHolding {
        LoanHolding(
            loan: dimensions(detail.summary), borrowerName: detail.summary.borrowerName,
            facts: detail.facts,
            standing: detail.standing, balances: balances, approved: detail.approved,
            disbursed: detail.disbursed, frozen: detail.frozen, events: detail.events,
            household: detail.summary.householdID)
    }

    /// The holding of a loan read with many others (its standing on the date, no events): what
    /// a batch decides each of its loans on.
    static func holding(_ loan: LoanOnDate, balances: [String: Int64]) throws -> LoanHolding {
        let s = loan.summary
        return LoanHolding(
            loan: dimensions(s), borrowerName: s.borrowerName, facts: loan.facts,
            standing: loan.standing, balances: balances, approved: loan.approved,
            disbursed: try loan.facts.disbursed(),
            frozen: loan.facts.freezes.last, events: [], household: s.householdID)
    }

    /// Writes `plan`: its posting, the loan's figures, state and freeze window in one statement,
    /// the instalments settled again when principal settled changed, then the event and its
    /// audit record (before: `before`; after: the loan as the plan left it).
    func write(
        _ plan: LoanPlan, loanID: String, on date: BusinessDate, details: String, actor: Actor,
        sql: any SQLDatabase, before: LoanStanding?,
        audit: (action: String, value: some Encodable & Sendable)
    ) async throws -> LoanPosting {
        let ledger = LedgerStore(sql: sql, world: world)
        let entryID: EntryID?
        switch plan.posting {
        case .entry(let entry):
            try await ledger.post([entry], actor: actor)
            entryID = entry.id
        case .reversal(let original, let reason):
            entryID = try await ledger.reverse(
                entryID: original, on: date, reason: reason, actor: actor
            ).id
        case .none:
            entryID = nil
        }
        try await Self.apply(plan, loanID: loanID, now: world.nowMillis, sql: sql)
        // A new schedule (after a freeze) moves the instalments and settles them again.
        if let terms = plan.terms {
            try await Self.write(terms, loanID: loanID, now: world.nowMillis, sql: sql)
        }
        if plan.reallocates && plan.terms == nil { try await reallocate(loanID: loanID, sql: sql) }
        let posting = try await record(
            loanID: loanID, kind: plan.event, on: date, principal: plan.principal,
            interest: plan.interest, method: plan.method, source: plan.source, entryID: entryID,
            reverses: plan.reverses, details: details, actor: actor, sql: sql, before: before,
            audit: audit)
        try await CurrentLoanFigures(sql: sql).refresh(loanIDs: [loanID], on: world.today)
        return posting
    }

    /// The plan's row changes on `loans`, in one UPDATE.
    static func apply(
        _ plan: LoanPlan, loanID: String, now: Int64, sql: any SQLDatabase
    )
        async throws
    {
        let figures = plan.figures
        var set: SQLQueryString = "updated_at = \(bind: now)"
        let changes = [
            ("disbursed", figures.disbursed), ("principal_repaid", figures.principalRepaid),
            ("interest_paid", figures.interestPaid),
            ("principal_written_off", figures.principalWrittenOff),
            ("interest_written_off", figures.interestWrittenOff),
        ]
        for (column, change) in changes where change.dong != 0 {
            set = set + ", \(ident: column) = \(ident: column) + \(bind: change.dong)"
        }
        if let state = plan.state { set = set + ", state = \(bind: state.rawValue)" }
        if let frozen = plan.frozen {
            set = set + ", frozen_from = \(bind: frozen.from.iso)"
            set = set + ", frozen_through = \(bind: frozen.through.iso)"
        }
        try await sql.raw("UPDATE loans SET \(set) WHERE id = \(bind: loanID)").run()
    }
}
