import Domain
import FluentKit
import Foundation
import SQLKit

/// Phân loại dư nợ cuối năm, as the page, the export and
/// `GET /api/v1/reports/classification` show it.
public struct ClassificationReport: Sendable {
    public var year: Int
    /// 31/12 of the year, or today while the year runs.
    public var asOf: BusinessDate
    /// The year's December is closed: the figures are final.
    public var final: Bool
    public var rows: [ClassificationRow]
    public var total: ClassificationRow
}

extension LoanStore {
    /// The book at 31/12 of `year` (today while the year runs), in the scope, classified on
    /// every axis of the yearly report: the loans' standings read once, then one set-based query
    /// per 500 loans for what the standing does not hold (term, collateral, capital source of
    /// the first disbursement, the head of household's ethnic group).
    public func classification(
        year: Int, unitIDs: Set<String>?, scope: AccessScope
    ) async throws -> ClassificationReport {
        let yearEnd = try BusinessDate(iso: String(format: "%04d-12-31", year))
        let asOf = min(yearEnd, world.today)
        let loans = try await standings(LoanQuery(unitIDs: unitIDs), on: asOf, scope: scope)
            .filter { ![.writtenOff, .repaid].contains($0.standing.status) }
            .filter { $0.standing.outstanding.dong > 0 }
        var extras: [String: (term: Int, secured: Bool, source: String?, ethnic: String?)] = [:]
        for slice in loans.map(\.summary.id).chunked(500) {
            for r in try await sql.raw(
                """
                SELECT l.id AS id, l.term_months AS term, COALESCE(a.collateral, '') AS collateral,
                  (SELECT e.capital_source FROM loan_events e WHERE e.loan_id = l.id
                     AND e.kind = 'disbursement' ORDER BY e.on_date, e.created_at LIMIT 1) AS source,
                  (SELECT m.ethnicity_code FROM members m WHERE m.household_id = l.household_id
                     ORDER BY m.position LIMIT 1) AS ethnic
                FROM loans l LEFT JOIN loan_applications a ON a.id = l.application_id
                WHERE l.id IN (\(binds: Array(slice)))
                """
            ).all() {
                let collateral = try r.decode(column: "collateral", as: String.self)
                extras[try r.decode(column: "id", as: String.self)] = (
                    try r.decode(column: "term", as: Int.self),
                    ClassifiedLoan.isSecured(collateral: collateral),
                    try r.decode(column: "source", as: String?.self),
                    try r.decode(column: "ethnic", as: String?.self)
                )
            }
        }
        let ethnicNames = Dictionary(
            try await sql.raw("SELECT code, name FROM ethnic_groups").all().map {
                (
                    try $0.decode(column: "code", as: String.self),
                    try $0.decode(column: "name", as: String.self)
                )
            }, uniquingKeysWith: { a, _ in a })
        let classified = loans.map { loan in
            let extra = extras[loan.summary.id]
            return ClassifiedLoan(
                programCode: loan.summary.programCode, programName: loan.summary.programName,
                termMonths: extra?.term ?? 0, state: loan.standing.status,
                secured: extra?.secured ?? false,
                source: extra?.source.flatMap(CapitalSource.init(rawValue:)),
                organisation: loan.organisation.flatMap(Organisation.init(rawValue:)),
                unitID: loan.summary.unitID, unitName: loan.summary.unitName,
                ethnicity: extra?.ethnic.map { ($0, ethnicNames[$0] ?? $0) },
                outstanding: loan.standing.outstanding, overdue: loan.standing.overdue,
                frozen: loan.standing.frozen)
        }
        let (rows, total) = try DebtClassification.rows(classified)
        let december = String(format: "%04d-12", year)
        let final =
            try await sql.raw(
                """
                SELECT COUNT(*) AS n FROM month_end_runs
                WHERE month = \(bind: december) AND status = 'done'
                """
            ).first(decodingColumn: "n", as: Int.self) ?? 0 > 0
        return ClassificationReport(
            year: year, asOf: asOf, final: final, rows: rows, total: total)
    }
}
