import Domain
import FluentKit
import SQLKit

extension LoanStore {
    /// Ngày đến hạn trả lãi per commune through `date` (CHANGES 2026-12-01 item 8): each month the
    /// earliest sitting of the commune's points. A sitting the calendar already holds counts as it
    /// stands (moved to its new day, none when cancelled); months not generated yet come from the
    /// schedules. Read-only, a few queries for any number of communes.
    static func interestDueDates(
        unitIDs: Set<String>, through date: BusinessDate,
        sql: any SQLDatabase
    ) async throws -> [String: [BusinessDate]] {
        guard !unitIDs.isEmpty else { return [:] }
        var unitOf: [String: String] = [:]
        for chunk in unitIDs.sorted().chunked(400) {
            for row in try await sql.select().columns("id", "unit_id").from("transaction_points")
                .where("unit_id", .in, Array(chunk)).all()
            {
                unitOf[try row.decode(column: "id", as: String.self)] = try row.decode(
                    column: "unit_id", as: String.self)
            }
        }
        guard !unitOf.isEmpty else { return [:] }
        let points = unitOf.keys.sorted()
        // point → slot (yyyy-mm) → the day it sits, or nil when the month's sitting is cancelled.
        var sittings: [String: [String: BusinessDate?]] = [:]
        for (point, list) in try await TransactionDayStore.schedules(pointIDs: points, sql: sql) {
            guard let first = list.map(\.validFrom).min() else { continue }
            for s in TransactionCalendar.sittings(list, from: first, through: date) {
                sittings[point, default: [:]][s.slot] = .some(s.date)
            }
        }
        for chunk in points.chunked(400) {
            for row in try await sql.raw(
                """
                SELECT point_id, slot, day, status FROM transaction_days
                WHERE point_id IN (\(binds: Array(chunk))) AND day <= \(bind: date.iso)
                ORDER BY point_id, slot, day
                """
            ).all() {
                let point = try row.decode(column: "point_id", as: String.self)
                let slot = try row.decode(column: "slot", as: String.self)
                let status = try row.decode(column: "status", as: String.self)
                let day = try BusinessDate(iso: try row.decode(column: "day", as: String.self))
                switch TransactionDayStatus(rawValue: status) {
                case .planned, .held: sittings[point, default: [:]][slot] = .some(day)
                case .cancelled: sittings[point, default: [:]][slot] = .some(nil)
                case .rescheduled, nil: continue
                }
            }
        }
        var perUnit: [String: [String: BusinessDate]] = [:]
        for (point, slots) in sittings {
            guard let unit = unitOf[point] else { continue }
            for case let (slot, day?) in slots where day <= date {
                perUnit[unit, default: [:]][slot] = min(day, perUnit[unit]?[slot] ?? day)
            }
        }
        return perUnit.mapValues { $0.values.sorted() }
    }
}
