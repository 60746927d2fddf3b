import SQLKit

/// What the loan events of a period moved, the one place that says which kinds count: lending
/// is a disbursement's principal; repayment and interest collected are those of repayments and
/// of their reversals (a reversal carries the amounts with the opposite sign). An event's
/// principal is its change to the balance, so a repayment's is negative and repaid is minus it.
enum LoanEventFlows {
    static let kinds: SQLQueryString = "('repayment', 'reversal', 'disbursement')"

    /// `disbursed`, `principal` (repaid) and `interest` (collected) summed over events `e`.
    static let sums: SQLQueryString = """
        CAST(SUM(CASE WHEN e.kind IN ('repayment', 'reversal') THEN e.interest ELSE 0 END)
             AS BIGINT) AS interest,
        CAST(SUM(CASE WHEN e.kind IN ('repayment', 'reversal') THEN -e.principal ELSE 0 END)
             AS BIGINT) AS principal,
        CAST(SUM(CASE WHEN e.kind = 'disbursement' THEN e.principal ELSE 0 END)
             AS BIGINT) AS disbursed
        """
}
