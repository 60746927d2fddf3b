import Domain
import SQLKit

/// The registry's summary tables (bảng tổng hợp rà soát hộ nghèo): per commune, the open
/// households, and the classifications counted at the dates they start and end. They are kept by
/// every write of households and classifications, in that write's transaction, so the rates of a
/// province are a sum over a few rows per commune, not a pass over a million households.
///
/// A classification holds on day D when it started on or before D and has not ended before D,
/// so the count in force on D is the starts up to D less the ends before D.
public struct RegistryFigures: Sendable {
    let sql: any SQLDatabase

    public init(sql: any SQLDatabase) { self.sql = sql }

    /// The counts of each commune whose households have the given ids, recomputed.
    func refresh(householdIDs: [String]) async throws {
        try await refresh(unitIDs: try await communes(ofHouseholds: householdIDs))
    }

    /// The communes the households are in as stored now (before a write that moves them).
    func communes(ofHouseholds householdIDs: [String]) async throws -> Set<String> {
        var units: Set<String> = []
        for chunk in Array(Set(householdIDs)).chunked(400) {
            units.formUnion(
                try await sql.raw(
                    "SELECT DISTINCT unit_id FROM households WHERE id IN (\(binds: Array(chunk)))"
                ).all(decodingColumn: "unit_id", as: String.self))
        }
        return units
    }

    /// The counts of these communes, recomputed from their households, under a lock on the
    /// communes so two writers in one commune cannot interleave.
    func refresh(unitIDs: Set<String>) async throws {
        for chunk in unitIDs.sorted().chunked(200) {
            try await sql.lock([RowLock("units", keys: Array(chunk))])
            try await recount(where: "unit_id IN (\(binds: Array(chunk)))")
        }
    }

    /// Every commune recomputed: after a migration, or a generator that wrote by SQL.
    public func rebuild() async throws { try await recount(where: nil) }

    private func recount(where condition: SQLQueryString?) async throws {
        let only: SQLQueryString = condition.map { " WHERE " + $0 } ?? ""
        try await sql.raw("DELETE FROM registry_unit_households\(only)").run()
        try await sql.raw("DELETE FROM registry_unit_classes\(only)").run()
        try await sql.raw(
            """
            INSERT INTO registry_unit_households (unit_id, province_code, households)
            \(Self.countedHouseholds(where: condition))
            """
        ).run()
        try await sql.raw(
            """
            INSERT INTO registry_unit_classes
                (unit_id, edge, on_date, province_code, poor, near_poor, reviewed)
            \(Self.countedClasses(where: condition))
            """
        ).run()
    }

    /// The open households per commune (of the communes matching `condition` on `unit_id`).
    static func countedHouseholds(where condition: SQLQueryString?) -> SQLQueryString {
        let open: SQLQueryString = condition.map { "h." + $0 + " AND" } ?? ""
        return """
            SELECT h.unit_id AS unit_id, MIN(h.province_code) AS province_code,
                   COUNT(*) AS households
            FROM households h WHERE \(open) h.closed_on IS NULL GROUP BY h.unit_id
            """
    }

    /// The classifications of open households per commune and the date they start or end:
    /// what the table holds, and what `verify` compares it with.
    static func countedClasses(where condition: SQLQueryString?) -> SQLQueryString {
        let open: SQLQueryString = condition.map { "h." + $0 + " AND" } ?? ""
        // A few communes are read from their households (an index scan); all of them from the
        // classifications (CROSS JOIN keeps SQLite from probing them once per household).
        let tables: SQLQueryString = condition == nil
            ? "household_classifications c CROSS JOIN households h"
            : "households h JOIN household_classifications c ON c.household_id = h.id"
        func edge(_ name: String, _ column: String) -> SQLQueryString {
            """
            SELECT h.unit_id AS unit_id, '\(unsafeRaw: name)' AS edge,
                   c.\(unsafeRaw: column) AS on_date,
                   MIN(h.province_code) AS province_code,
                   SUM(CASE WHEN c.class = 'poor' THEN 1 ELSE 0 END) AS poor,
                   SUM(CASE WHEN c.class = 'near_poor' THEN 1 ELSE 0 END) AS near_poor,
                   COUNT(*) AS reviewed
            FROM \(tables)
            WHERE h.id = c.household_id AND \(open) h.closed_on IS NULL
              AND c.\(unsafeRaw: column) IS NOT NULL
            GROUP BY h.unit_id, c.\(unsafeRaw: column)
            """
        }
        return edge("from", "valid_from") + " UNION ALL " + edge("to", "valid_to")
    }

    /// Per commune in the filter: the open households and the classifications in force on `date`.
    func counts(
        on date: BusinessDate, filter: (String) -> SQLQueryString
    ) async throws -> [(unitID: String, code: Int, name: String, rate: PovertyRate)] {
        var classes: [String: (poor: Int, nearPoor: Int, reviewed: Int)] = [:]
        for row in try await sql.raw(
            """
            SELECT c.unit_id AS unit_id,
                   CAST(SUM(CASE WHEN c.edge = 'from' THEN c.poor ELSE -c.poor END)
                        AS BIGINT) AS poor,
                   CAST(SUM(CASE WHEN c.edge = 'from' THEN c.near_poor ELSE -c.near_poor END)
                        AS BIGINT) AS near_poor,
                   CAST(SUM(CASE WHEN c.edge = 'from' THEN c.reviewed ELSE -c.reviewed END)
                        AS BIGINT) AS reviewed
            FROM registry_unit_classes c
            WHERE ((c.edge = 'from' AND c.on_date <= \(bind: date.iso))
                OR (c.edge = 'to' AND c.on_date < \(bind: date.iso))) AND \(filter("c"))
            GROUP BY c.unit_id
            """
        ).all() {
            classes[try row.decode(column: "unit_id", as: String.self)] = (
                Int(clamping: try row.decode(column: "poor", as: Int64.self)),
                Int(clamping: try row.decode(column: "near_poor", as: Int64.self)),
                Int(clamping: try row.decode(column: "reviewed", as: Int64.self)))
        }
        return try await sql.raw(
            """
            SELECT f.unit_id AS unit_id, u.code AS code, u.name AS name, f.households AS households
            FROM registry_unit_households f JOIN units u ON u.id = f.unit_id
            WHERE \(filter("f")) ORDER BY u.name, f.unit_id
            """
        ).all().map { row in
            let unit = try row.decode(column: "unit_id", as: String.self)
            let counted = classes[unit] ?? (0, 0, 0)
            return (
                unit, try row.decode(column: "code", as: Int.self),
                try row.decode(column: "name", as: String.self),
                PovertyRate(
                    households: Int(clamping: try row.decode(column: "households", as: Int64.self)),
                    poor: counted.poor, nearPoor: counted.nearPoor, reviewed: counted.reviewed)
            )
        }
    }
}
