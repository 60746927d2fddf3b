import Domain
import SQLKit

extension DashboardStore {
    /// Dư nợ by phòng giao dịch for a closed month: the commune × program table summed over
    /// the communes each office serves (a commune counts for one office, the first by id).
    func byOffice(month: String, scope: AccessScope) async throws -> [IndicatorLine] {
        try await sql.raw(
            """
            SELECT o.id AS id, o.name AS name, CAST(SUM(f.loans) AS BIGINT) AS loans,
                   CAST(SUM(f.outstanding) AS BIGINT) AS outstanding,
                   CAST(SUM(f.overdue) AS BIGINT) AS overdue,
                   CAST(SUM(f.frozen) AS BIGINT) AS frozen
            FROM unit_month_figures f
            JOIN (SELECT unit_id, MIN(office_id) AS office_id FROM office_communes
                  GROUP BY unit_id) c ON c.unit_id = f.unit_id
            JOIN offices o ON o.id = c.office_id
            WHERE f.month = \(bind: month) AND \(scope.summaryCondition(groupTable: false))
            GROUP BY o.id, o.name ORDER BY o.name, o.id
            """
        ).all().map { row in
            func money(_ c: String) throws -> Money {
                Money(dong: try row.decode(column: c, as: Int64?.self) ?? 0)
            }
            var line = IndicatorLine.empty(
                try row.decode(column: "id", as: String.self),
                label: try row.decode(column: "name", as: String.self))
            line.loans = Int(clamping: try row.decode(column: "loans", as: Int64?.self) ?? 0)
            line.outstanding = try money("outstanding")
            line.overdue = try money("overdue")
            line.frozen = try money("frozen")
            return line
        }
    }

    /// The poverty rates of the scope on 1 January of the date's year and the two before it.
    func trend(provinceCode: Int, on date: BusinessDate, scope: AccessScope) async throws
        -> [(year: Int, rate: PovertyRate)]
    {
        try await PovertyRateStore(sql: try sql).trend(
            years: (date.year - 2)...date.year, provinceCode: provinceCode, scope: scope)
    }
}
