import Domain
import FluentKit
import Foundation
import SQLKit

/// Kết quả tín dụng chính sách on a date, as the page, the export and
/// `GET /api/v1/reports/impact` show it.
public struct ImpactReportResult: Sendable {
    public var asOf: BusinessDate
    public var lines: [ImpactLine]
    public var total: ImpactLine
}

extension LoanStore {
    /// Every loan disbursed by `date` in the scope, with its latest recorded result, its latest
    /// check's finding and its household's standing then and now, in one set-based query per
    /// page of 2.000 loans; the sums are Domain's.
    public func impact(
        on date: BusinessDate, unitIDs: Set<String>?, scope: AccessScope
    ) async throws -> ImpactReportResult {
        let names = try await Self.programNames(sql: sql)
        let condition =
            condition(LoanQuery(unitIDs: unitIDs), scope: scope, on: date)
            + " AND l.disbursed_on <= \(bind: date.iso)"
        func classOn(_ day: SQLQueryString) -> SQLQueryString {
            """
            (SELECT hc.class FROM household_classifications hc
             WHERE hc.household_id = l.household_id AND hc.valid_from <= \(day)
               AND (hc.valid_to IS NULL OR hc.valid_to >= \(day))
             ORDER BY hc.valid_from DESC LIMIT 1)
            """
        }
        var loans: [ImpactedLoan] = []
        var after = ""
        while true {
            let rows = try await sql.raw(
                """
                SELECT l.id AS id, l.program_code AS program_code,
                  c.jobs AS jobs, c.students AS students, c.water_works AS water_works,
                  c.sanitation_works AS sanitation_works, c.houses AS houses,
                  (SELECT k.used_as_intended FROM loan_use_checks k
                   WHERE k.loan_id = l.id AND k.kind = 'check' AND k.checked_on <= \(bind: date.iso)
                   ORDER BY k.checked_on DESC, k.created_at DESC LIMIT 1) AS used,
                  \(classOn("l.disbursed_on")) AS class_then,
                  \(classOn("\(bind: date.iso)")) AS class_now
                FROM loans l LEFT JOIN loan_use_checks c ON c.id = (
                  SELECT k.id FROM loan_use_checks k
                  WHERE k.loan_id = l.id AND k.checked_on <= \(bind: date.iso)
                  ORDER BY k.checked_on DESC, k.created_at DESC, k.id DESC LIMIT 1)
                WHERE \(condition) AND l.id > \(bind: after)
                ORDER BY l.id LIMIT 2000
                """
            ).all()
            for r in rows {
                let program = try r.decode(column: "program_code", as: String.self)
                let recorded = try r.decode(column: "jobs", as: Int?.self) != nil
                loans.append(
                    ImpactedLoan(
                        programCode: program, programName: names[program] ?? program,
                        impact: recorded ? try Self.impact(r) : .zero,
                        usedAsIntended: try r.decode(column: "used", as: Int?.self).map { $0 != 0 },
                        classificationAtDisbursement: try r.decode(
                            column: "class_then", as: String?.self
                        ).flatMap(Classification.init(rawValue:)),
                        classificationNow: try r.decode(column: "class_now", as: String?.self)
                            .flatMap(Classification.init(rawValue:))))
            }
            guard rows.count == 2000, let last = rows.last else { break }
            after = try last.decode(column: "id", as: String.self)
        }
        let (lines, total) = ImpactReport.lines(loans)
        return ImpactReportResult(asOf: date, lines: lines, total: total)
    }
}
