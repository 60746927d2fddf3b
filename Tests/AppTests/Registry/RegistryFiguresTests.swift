import Domain
import Foundation
import SQLKit
import Store
import Testing
import VaporTesting
@testable import Web

/// The registry's summary tables against a recount of the raw households and classifications,
/// after each kind of write that changes them.
@Suite("Registry: summary tables kept by the writes")
struct RegistryFiguresTests {
    /// The rates per commune counted from the raw rows, the way the summary must add up.
    static func recount(_ sql: any SQLDatabase, on date: BusinessDate) async throws
        -> [String: PovertyRate]
    {
        var rates: [String: PovertyRate] = [:]
        for row in try await sql.raw(
            """
            SELECT h.unit_id AS unit, COUNT(*) AS households,
                   SUM(CASE WHEN c.class = 'poor' THEN 1 ELSE 0 END) AS poor,
                   SUM(CASE WHEN c.class = 'near_poor' THEN 1 ELSE 0 END) AS near_poor,
                   COUNT(c.id) AS reviewed
            FROM households h LEFT JOIN household_classifications c ON c.household_id = h.id
              AND c.valid_from <= \(bind: date.iso)
              AND (c.valid_to IS NULL OR c.valid_to >= \(bind: date.iso))
            WHERE h.closed_on IS NULL GROUP BY h.unit_id
            """
        ).all() {
            rates[try row.decode(column: "unit", as: String.self)] = PovertyRate(
                households: try row.decode(column: "households", as: Int.self),
                poor: try row.decode(column: "poor", as: Int.self),
                nearPoor: try row.decode(column: "near_poor", as: Int.self),
                reviewed: try row.decode(column: "reviewed", as: Int.self))
        }
        return rates
    }

    static func expectAgrees(_ t: TestApp, _ step: String) async throws {
        for iso in ["2020-01-01", "2025-01-01", "2026-01-01", "2026-11-25", "2027-01-01"] {
            let date = try BusinessDate(iso: iso)
            let summary = try await PovertyRateStore(sql: t.sql).byCommune(
                asOf: date, provinceCode: nil, scope: .everything)
            let read = Dictionary(uniqueKeysWithValues: summary.map { ($0.unitID, $0.rate) })
            let raw = try await recount(t.sql, on: date)
            #expect(read == raw, "\(step), \(iso)")
        }
    }

    @Test(
        "Import, classification, move, split and merge keep the counts",
        arguments: TestDriver.available)
    func keptByWrites(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            try await Self.expectAgrees(t, "the demo")
            let scope = try await ScopeResolver(sql: t.sql).resolve(
                .province(try UnitCode(33)), today: t.world.today)
            let store = HouseholdStore(database: t.db, world: t.world)
            _ = try await HouseholdImporter(database: t.db, world: t.world).run(
                try CSVTable(text: RegistryTests.good), scope: scope, actor: .system,
                skipBadRows: false)
            try await Self.expectAgrees(t, "after an import")
            let id = try #require(
                try await store.search(
                    HouseholdQuery(text: "T-01", asOf: t.world.today), scope: scope
                ).items.first?.id)
            let classifications = ClassificationStore(database: t.db, world: t.world)
            for (iso, kind) in [("2026-02-01", Classification.poor), ("2026-12-01", .nearPoor)] {
                _ = try await classifications.record(
                    householdID: id,
                    result: ClassificationResult(
                        classification: kind, standardCode: "vn-2022-2026",
                        deprivedIndicators: ["water"], reasons: ["thử"]),
                    validFrom: try BusinessDate(iso: iso), decision: "QĐ thử", actor: .system,
                    scope: scope)
                try await Self.expectAgrees(t, "after classifying from \(iso)")
            }
            let other = try #require(
                try await t.sql.raw("SELECT id FROM units WHERE code = 11977").first(
                    decodingColumn: "id", as: String.self))
            _ = try await store.move(
                id: id, toUnitID: other, village: "Thôn 2", address: "", actor: .system,
                scope: scope)
            try await Self.expectAgrees(t, "after a move to another commune")
            let family = try await store.household(id: id, scope: scope).household
            let wife = try #require(family.members.first { $0.relation == .spouse })
            let split = try await store.split(
                id: id, memberIDs: [wife.id.rawValue], newCode: "T-01B",
                newHeadID: wife.id.rawValue, village: nil, actor: .system, scope: scope)
            try await Self.expectAgrees(t, "after a split")
            _ = try await store.merge(
                intoID: id, fromID: split.id.rawValue, actor: .system, scope: scope)
            try await Self.expectAgrees(t, "after a merge")
            let moved = try await PovertyRateStore(sql: t.sql).byCommune(
                asOf: t.world.today, provinceCode: 33, scope: scope)
            #expect(moved.first { $0.unitCode == 11977 }?.rate.poor ?? 0 >= 1)
        }
    }
}
