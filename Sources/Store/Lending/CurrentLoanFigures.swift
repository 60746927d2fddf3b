import Domain
import SQLKit

/// Số liệu tháng hiện hành: the open month's small summary tables, kept by the writes. One row
/// per commune × program × organisation × group with the loans outstanding and what the month
/// lent, collected and was repaid so far; and per commune the borrowers with a balance. Each
/// write that moves a loan's money recounts the cells of its loans, in its transaction;
/// month-end recounts them all when it rolls the month.
public struct CurrentLoanFigures: Sendable {
    let sql: any SQLDatabase

    public init(sql: any SQLDatabase) { self.sql = sql }

    /// The cells of these loans recounted as of `today` (its month's flows).
    func refresh(loanIDs: [String], on today: BusinessDate) async throws {
        var groups: Set<String> = [], direct: Set<String> = [], units: Set<String> = []
        for chunk in Array(Set(loanIDs)).chunked(400) {
            for row in try await sql.raw(
                "SELECT DISTINCT unit_id, group_id FROM loans WHERE id IN (\(binds: Array(chunk)))"
            ).all() {
                let unit = try row.decode(column: "unit_id", as: String.self)
                units.insert(unit)
                if let group = try row.decode(column: "group_id", as: String?.self) {
                    groups.insert(group)
                } else {
                    direct.insert(unit)
                }
            }
        }
        // Under a lock on the communes, taken last in the write, so that two writers in one
        // commune recount one after the other.
        for chunk in units.sorted().chunked(200) {
            try await sql.lock([RowLock("units", keys: Array(chunk))])
        }
        for chunk in groups.sorted().chunked(200) {
            let keys = Array(chunk)
            try await recount(
                loans: "l.group_id IN (\(binds: keys))", cells: "group_id IN (\(binds: keys))",
                on: today)
        }
        for chunk in direct.sorted().chunked(200) {
            let keys = Array(chunk)
            try await recount(
                loans: "l.unit_id IN (\(binds: keys)) AND l.group_id IS NULL",
                cells: "unit_id IN (\(binds: keys)) AND group_id = ''", on: today)
        }
        for chunk in units.sorted().chunked(200) {
            let keys = Array(chunk)
            try await recountBorrowers(
                loans: "l.unit_id IN (\(binds: keys))", cells: "unit_id IN (\(binds: keys))")
        }
    }

    /// Every cell recounted: month-end rolling the month, a generator that wrote by SQL.
    public func rebuild(on today: BusinessDate) async throws {
        try await recount(loans: "1 = 1", cells: "1 = 1", on: today)
        try await recountBorrowers(loans: "1 = 1", cells: "1 = 1")
    }

    /// The `cells` of the loans matching `only` (on alias `l`), deleted and written anew.
    private func recount(
        loans only: SQLQueryString, cells: SQLQueryString, on today: BusinessDate
    ) async throws {
        try await sql.raw("DELETE FROM current_loan_figures WHERE \(cells)").run()
        try await sql.raw(
            """
            INSERT INTO current_loan_figures (\(unsafeRaw: Self.columns.joined(separator: ", ")))
            \(Self.counted(loans: only, on: today))
            """
        ).run()
    }

    private func recountBorrowers(loans only: SQLQueryString, cells: SQLQueryString) async throws {
        try await sql.raw("DELETE FROM current_unit_borrowers WHERE \(cells)").run()
        try await sql.raw(
            """
            INSERT INTO current_unit_borrowers (unit_id, province_code, borrowers)
            \(Self.countedBorrowers(loans: only))
            """
        ).run()
    }

    static let columns = [
        "unit_id", "program_code", "organisation", "group_id", "province_code", "month", "loans",
        "outstanding", "disbursed", "principal_repaid", "interest_collected",
    ]

    /// The cells of the loans matching `only` counted from the loans and the month's events,
    /// in the order of `columns`: what the table holds, and what `verify` compares it with.
    static func counted(loans only: SQLQueryString, on today: BusinessDate) -> SQLQueryString {
        let month = String(today.iso.prefix(7))
        let first = today.firstOfMonth.iso, last = today.iso
        return """
            SELECT l.unit_id AS unit_id, l.program_code AS program_code,
                   COALESCE(l.organisation, 'direct') AS organisation,
                   COALESCE(l.group_id, '') AS group_id, MIN(l.province_code) AS province_code,
                   CAST(\(bind: month) AS TEXT) AS month,
                   CAST(SUM(CASE WHEN \(balance) > 0 THEN 1 ELSE 0 END) AS BIGINT) AS loans,
                   CAST(SUM(\(balance)) AS BIGINT) AS outstanding,
                   CAST(COALESCE(SUM(m.disbursed), 0) AS BIGINT) AS disbursed,
                   CAST(COALESCE(SUM(m.principal), 0) AS BIGINT) AS principal_repaid,
                   CAST(COALESCE(SUM(m.interest), 0) AS BIGINT) AS interest_collected
            FROM loans l LEFT JOIN (
              SELECT e.loan_id AS loan_id, \(LoanEventFlows.sums)
              FROM loan_events e JOIN loans l ON l.id = e.loan_id
              WHERE \(only) AND e.on_date >= \(bind: first) AND e.on_date <= \(bind: last)
                AND e.kind IN \(LoanEventFlows.kinds)
              GROUP BY e.loan_id) m ON m.loan_id = l.id
            WHERE \(only)
            GROUP BY l.unit_id, l.program_code, COALESCE(l.organisation, 'direct'),
                     COALESCE(l.group_id, '')
            """
    }

    static func countedBorrowers(loans only: SQLQueryString) -> SQLQueryString {
        """
        SELECT l.unit_id AS unit_id, MIN(l.province_code) AS province_code,
               CAST(COUNT(DISTINCT COALESCE(l.household_id, l.id)) AS BIGINT) AS borrowers
        FROM loans l WHERE \(only) AND \(balance) > 0 GROUP BY l.unit_id
        """
    }

    /// Dư nợ gốc of loan `l`, as `verify` reads it.
    static let balance = SQLQueryString(LoanBookCheck.outstanding)
}
