import Domain
import FluentKit
import Foundation
import SQLKit

extension StandardReportStore {
    /// The book's columns: stocks at the period's last closed month, flows over its months.
    static func bookColumns(monthly: Bool) -> [ReportColumn] {
        let within = monthly ? "trong tháng" : "trong năm"
        return [
            ReportColumn("Số khoản vay còn dư nợ", .count),
            ReportColumn("Doanh số cho vay \(within)", .money),
            ReportColumn("Doanh số thu nợ gốc \(within)", .money),
            ReportColumn("Dư nợ cuối kỳ", .money),
            ReportColumn("Nợ quá hạn", .money),
            ReportColumn("Tỷ lệ nợ quá hạn", .ratio(numerator: 4, denominator: 3)),
            ReportColumn("Nợ khoanh", .money),
            ReportColumn("Lãi phải thu \(within)", .money),
            ReportColumn("Lãi đã thu \(within)", .money),
            ReportColumn("Tỷ lệ thu lãi", .ratio(numerator: 8, denominator: 7)),
        ]
    }

    /// Kết quả tháng / năm by program: one GROUP BY over the period's closed months, the
    /// stocks taken from the last of them.
    func book(
        _ request: Request, place: Place, scope: AccessScope
    ) async throws
        -> StandardReport
    {
        let months = try await closedMonths(in: request.period)
        let programs = try await LoanStore.programNames(sql: try sql)
        var rows: [(key: String, label: String, values: [Int64])] = []
        if let first = months.first, let last = months.last {
            func stock(_ column: String) -> SQLQueryString {
                """
                CAST(COALESCE(SUM(CASE WHEN f.month = \(bind: last) THEN f.\(unsafeRaw: column)
                ELSE 0 END), 0) AS BIGINT) AS \(unsafeRaw: column)
                """
            }
            func flow(_ column: String) -> SQLQueryString {
                "CAST(COALESCE(SUM(f.\(unsafeRaw: column)), 0) AS BIGINT) AS \(unsafeRaw: column)"
            }
            let condition = scope.summaryCondition(groupTable: false, unitID: place.unitID)
            let found = try await sql.raw(
                """
                SELECT f.program_code AS k, \(stock("loans")), \(flow("disbursed")),
                \(flow("principal_repaid")), \(stock("outstanding")), \(stock("overdue")),
                \(stock("frozen")), \(flow("interest_due")), \(flow("interest_collected"))
                FROM unit_month_figures f JOIN month_end_runs r ON r.month = f.month
                AND r.status = 'done'
                WHERE f.month >= \(bind: first) AND f.month <= \(bind: last) AND \(condition)
                GROUP BY f.program_code
                """
            ).all()
            rows = try found.map { r in
                let key = try r.decode(column: "k", as: String.self)
                func v(_ c: String) throws -> Int64 { try r.decode(column: c, as: Int64.self) }
                return (
                    key, programs[key] ?? key,
                    [
                        try v("loans"), try v("disbursed"), try v("principal_repaid"),
                        try v("outstanding"), try v("overdue"), 0, try v("frozen"),
                        try v("interest_due"), try v("interest_collected"), 0,
                    ]
                )
            }.sorted { $0.label < $1.label }
        }
        return try StandardReport(
            kind: request.kind, period: request.period, unitLabel: place.label,
            columns: Self.bookColumns(monthly: request.kind == .monthly), rows: rows,
            notes: [Self.closedNote(months, period: request.period)])
    }

    /// Dư nợ theo chương trình và đơn vị: one row per commune, one column per program, at the
    /// month's end (one GROUP BY commune × program, pivoted).
    func lending(
        _ request: Request, place: Place, scope: AccessScope
    ) async throws
        -> StandardReport
    {
        let months = try await closedMonths(in: request.period)
        let programs = try await LoanStore.programNames(sql: try sql)
        var cells: [String: [String: Int64]] = [:]
        var loans: [String: Int64] = [:]
        var names: [String: String] = [:]
        if let month = months.last {
            let found = try await sql.raw(
                """
                SELECT f.unit_id AS unit_id, u.name AS name, f.program_code AS program,
                CAST(SUM(f.loans) AS BIGINT) AS loans,
                CAST(SUM(f.outstanding) AS BIGINT) AS outstanding
                FROM unit_month_figures f JOIN units u ON u.id = f.unit_id
                WHERE f.month = \(bind: month)
                AND \(scope.summaryCondition(groupTable: false, unitID: place.unitID))
                GROUP BY f.unit_id, u.name, f.program_code
                """
            ).all()
            for r in found {
                let unit = try r.decode(column: "unit_id", as: String.self)
                let program = try r.decode(column: "program", as: String.self)
                names[unit] = try r.decode(column: "name", as: String.self)
                cells[unit, default: [:]][program] = try r.decode(
                    column: "outstanding", as: Int64.self)
                let count = try r.decode(column: "loans", as: Int64.self)
                loans[unit] = Int64(clamping: Int128(loans[unit] ?? 0) + Int128(count))
            }
        }
        let codes = Set(cells.values.flatMap(\.keys)).sorted {
            (programs[$0] ?? $0) < (programs[$1] ?? $1)
        }
        let columns =
            [ReportColumn("Số khoản vay", .count)]
            + codes.map { ReportColumn("Dư nợ \(programs[$0] ?? $0)", .money) }
            + [ReportColumn("Tổng dư nợ", .money)]
        let rows = cells.keys.sorted { (names[$0] ?? $0) < (names[$1] ?? $1) }.map { unit in
            let amounts = codes.map { cells[unit]?[$0] ?? 0 }
            let sum = Int64(clamping: amounts.reduce(Int128(0)) { $0 + Int128($1) })
            return (
                key: unit, label: names[unit] ?? unit, values: [loans[unit] ?? 0] + amounts + [sum]
            )
        }
        let notes = [Self.closedNote(Array(months.suffix(1)), period: request.period)]
        return try StandardReport(
            kind: request.kind, period: request.period, unitLabel: place.label,
            columns: columns, rows: rows, notes: notes)
    }
}
