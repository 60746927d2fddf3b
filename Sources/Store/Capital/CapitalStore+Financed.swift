import Domain
import FluentKit
import Foundation
import SQLKit

/// Vốn đã cho vay theo nguồn: what the loans of the province drew from each source (the
/// disbursement names its source), and what of it is still outstanding.
public struct FinancedLine: Sendable, Equatable {
    public var source: CapitalSource
    public var programCode: String
    public var loans: Int
    public var disbursed: Money
    public var outstanding: Money
}

extension CapitalStore {
    /// One GROUP BY over the disbursements in scope that were not reversed; a loan's
    /// outstanding principal is counted once, under the source of its first disbursement.
    public func financed(
        provinceCode: Int, scope: AccessScope
    ) async throws -> [FinancedLine] {
        try await sql.raw(
            """
            SELECT d.source AS source, l.program_code AS program,
            CAST(COUNT(DISTINCT l.id) AS BIGINT) AS loans,
            CAST(SUM(d.disbursed) AS BIGINT) AS disbursed,
            CAST(SUM(CASE WHEN d.first = 1
              THEN l.disbursed - l.principal_repaid - l.principal_written_off ELSE 0 END) AS BIGINT)
              AS outstanding
            FROM (
              SELECT e.loan_id AS loan_id, e.capital_source AS source,
              CAST(SUM(e.principal) AS BIGINT) AS disbursed,
              CASE WHEN e.capital_source = (SELECT f.capital_source FROM loan_events f
                WHERE f.loan_id = e.loan_id AND f.kind = 'disbursement'
                ORDER BY f.on_date, f.created_at LIMIT 1) THEN 1 ELSE 0 END AS first
              FROM loan_events e WHERE e.kind = 'disbursement' AND e.capital_source IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM loan_events r WHERE r.reverses = e.id)
              GROUP BY e.loan_id, e.capital_source
            ) d JOIN loans l ON l.id = d.loan_id JOIN units u ON u.id = l.unit_id
            WHERE u.province_code = \(bind: provinceCode) AND \(scope.condition("l.unit_id"))
            AND \(scope.networkCondition(organisation: "l.organisation", group: "l.group_id"))
            GROUP BY d.source, l.program_code ORDER BY d.source, l.program_code
            """
        ).all().map { r in
            FinancedLine(
                source: try Self.source(r),
                programCode: try r.decode(column: "program", as: String.self),
                loans: try r.decode(column: "loans", as: Int.self),
                disbursed: Money(dong: try r.decode(column: "disbursed", as: Int64.self)),
                outstanding: Money(dong: try r.decode(column: "outstanding", as: Int64.self)))
        }
    }
}
