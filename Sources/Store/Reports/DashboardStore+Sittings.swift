import Domain
import SQLKit

extension DashboardStore {
    /// Phiên giao dịch of the date's month at the points in scope: those held up to the date,
    /// and all planned or held in the month.
    func sittings(
        provinceCode: Int, on date: BusinessDate, scope: AccessScope
    ) async throws -> (held: Int, scheduled: Int) {
        let row = try await sql.raw(
            """
            SELECT CAST(COALESCE(SUM(CASE WHEN d.status = 'held' AND d.day <= \(bind: date.iso)
                   THEN 1 ELSE 0 END), 0) AS BIGINT) AS held,
                   CAST(COUNT(*) AS BIGINT) AS scheduled
            FROM transaction_days d JOIN transaction_points p ON p.id = d.point_id
            JOIN units u ON u.id = p.unit_id
            WHERE d.status IN ('planned', 'held') AND d.day >= \(bind: date.firstOfMonth.iso)
              AND d.day <= \(bind: date.lastOfMonth.iso)
              AND u.province_code = \(bind: provinceCode) AND \(scope.condition("p.unit_id"))
            """
        ).first()
        return (
            Int(clamping: try row?.decode(column: "held", as: Int64.self) ?? 0),
            Int(clamping: try row?.decode(column: "scheduled", as: Int64.self) ?? 0)
        )
    }
}
