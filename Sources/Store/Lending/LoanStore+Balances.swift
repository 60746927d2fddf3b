import Domain
import Foundation
import SQLKit

/// What a command reads of a loan's money besides its detail: its balance on each loan account
/// of the journal, and the principal settled spread over its instalments.
extension LoanStore {
    /// Each loan's balances on the loan accounts and the receivable, in one query for many loans;
    /// through a day when `through` is given (lines posted after it left out).
    static func balances(
        loanIDs: [String], through: BusinessDate? = nil, sql: any SQLDatabase
    ) async throws -> [String: [String: Int64]] {
        var result: [String: [String: Int64]] = [:]
        let last: SQLQueryString = through.map { day in "AND posted_on <= \(bind: day.iso)" } ?? ""
        for slice in loanIDs.chunked(500) {
            for row in try await sql.raw(
                """
                SELECT loan_id, account, CAST(SUM(debit) - SUM(credit) AS BIGINT) AS balance FROM journal_lines
                WHERE loan_id IN (\(binds: Array(slice))) AND account IN (\(binds: LoanPostings.loanAccounts.map(\.code)))
                  \(last)
                GROUP BY loan_id, account
                """
            ).all() {
                result[try row.decode(column: "loan_id", as: String.self), default: [:]][
                    try row.decode(column: "account", as: String.self)] =
                    try row.decode(column: "balance", as: Int64.self)
            }
        }
        return result
    }

    /// One loan's balances: the many-loan query for one id.
    func balances(loanID: String, sql: any SQLDatabase) async throws -> [String: Int64] {
        try await Self.balances(loanIDs: [loanID], sql: sql)[loanID] ?? [:]
    }

    /// Principal repaid or written off settles the instalments in due order (`PrincipalRules`).
    func reallocate(loanID: String, sql: any SQLDatabase) async throws {
        try await Self.reallocate(loanIDs: [loanID], sql: sql)
    }

    /// The same for many loans at once: their figures and instalments read in one query each per
    /// chunk, and the instalments that change written with one `CASE` statement per chunk.
    static func reallocate(loanIDs: [String], sql: any SQLDatabase) async throws {
        for chunk in loanIDs.chunked(300) {
            var left: [String: Int64] = [:]
            for row in try await sql.raw(
                """
                SELECT id, principal_repaid + principal_written_off AS settled FROM loans WHERE id IN (\(binds: Array(chunk)))
                """
            ).all() {
                left[try row.decode(column: "id", as: String.self)] = try row.decode(
                    column: "settled", as: Int64.self)
            }
            // Each loan's instalments in due order, the same order `PrincipalRules` settles in.
            var rows: [String: [(seq: Int, instalment: Instalment, paid: Int64)]] = [:]
            for row in try await sql.raw(
                """
                SELECT loan_id, seq, due_on, principal, paid FROM loan_instalments
                WHERE loan_id IN (\(binds: Array(chunk))) ORDER BY loan_id, due_on, seq
                """
            ).all() {
                let instalment = Instalment(
                    dueOn: try BusinessDate(iso: try row.decode(column: "due_on", as: String.self)),
                    principal: Money(dong: try row.decode(column: "principal", as: Int64.self)))
                rows[try row.decode(column: "loan_id", as: String.self), default: []].append(
                    (
                        try row.decode(column: "seq", as: Int.self), instalment,
                        try row.decode(column: "paid", as: Int64.self)
                    ))
            }
            var changes: [(loan: String, seq: Int, paid: Int64)] = []
            for (loan, instalments) in rows {
                let paid = PrincipalRules.settled(
                    instalments.map(\.instalment), by: Money(dong: left[loan] ?? 0))
                for (row, now) in zip(instalments, paid) where row.paid != now.dong {
                    changes.append((loan, row.seq, now.dong))
                }
            }
            guard !changes.isEmpty else { continue }
            var value: SQLQueryString = "CASE"
            for c in changes {
                value =
                    value
                    + " WHEN loan_id = \(bind: c.loan) AND seq = \(bind: c.seq) THEN \(bind: c.paid)"
            }
            try await sql.raw(
                """
                UPDATE loan_instalments SET paid = CAST(\(value) ELSE paid END AS BIGINT) WHERE loan_id IN (\(binds: Array(Set(changes.map(\.loan)))))
                """
            ).run()
        }
    }
}
