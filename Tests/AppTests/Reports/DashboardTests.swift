import Domain
import Foundation
import SQLKit
import Store
import Testing
import Vapor
import VaporTesting

/// Bảng điều hành through HTTP on both databases: after October's month-end every figure of
/// the fixed contract equals its recomputation from the summary tables, the registry, the
/// capital movements and the loans; the page links from the province to a commune's groups.
@Suite("Reports: the province dashboard")
struct DashboardTests {
    static func int(_ t: TestApp, _ query: SQLQueryString) async throws -> Int {
        try await t.sql.raw(query).first(decodingColumn: "n", as: Int.self) ?? -1
    }

    @Test("Figures recomputed from the raw data; drill-down links", arguments: TestDriver.available)
    func dashboard(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let leader = t.client()
            try await leader.useToken("province")
            let path = "/api/v1/dashboard?province=33&date=2026-11-25"
            let before = try CapitalAppTests.json(try await leader.get(path))
            #expect(before["month"] is NSNull)
            #expect(before["outstanding"] as? Int == 0)
            _ = try await MonthEnd(database: t.db, world: t.world).run(
                date: try BusinessDate(iso: "2026-10-31"), actor: .system)
            let r = try await leader.get(path)
            #expect(r.status == .ok)
            let validator = try await OpenAPITests.document(t.client())
            try OpenAPITests().check(validator, r, "/api/v1/dashboard", "GET", 200)
            let d = try CapitalAppTests.json(r)
            #expect(d["month"] as? String == "2026-10")
            let outstanding = try await Self.int(
                t,
                """
                SELECT CAST(SUM(outstanding) AS BIGINT) AS n FROM unit_month_figures
                WHERE month = '2026-10'
                """
            )
            let overdue = try await Self.int(
                t,
                """
                SELECT CAST(SUM(overdue) AS BIGINT) AS n FROM unit_month_figures
                WHERE month = '2026-10'
                """
            )
            #expect(outstanding > 0)
            #expect(d["outstanding"] as? Int == outstanding)
            #expect(d["overdue"] as? Int == overdue)
            let ratio = d["overdueRatio"] as? Double ?? -1
            #expect(abs(ratio - Double(overdue) / Double(outstanding)) < 0.000_001)
            let households = try await Self.int(
                t, "SELECT COUNT(*) AS n FROM households WHERE closed_on IS NULL")
            #expect(d["households"] as? Int == households)
            let borrowers = try await Self.int(
                t,
                """
                SELECT COUNT(DISTINCT COALESCE(household_id, id)) AS n FROM loans
                WHERE disbursed - principal_repaid - principal_written_off > 0
                """)
            #expect(d["borrowers"] as? Int == borrowers)
            let groups = try await Self.int(
                t, "SELECT COUNT(*) AS n FROM group_month_figures WHERE month = '2026-10'")
            #expect(d["groups"] as? Int == groups)
            let capital = try await CapitalAppTests.recomputed(t)
            let share = d["localCapitalShare"] as? Double ?? -1
            #expect(abs(share - Double(capital.local) / Double(capital.total)) < 0.000_001)
            let targets = d["targets"] as? [String: Any] ?? [:]
            #expect(targets["localCapitalShare2030"] as? Double == 0.15)
            #expect(targets["povertyRate2030"] as? Double == 0)
            let communes = d["byCommune"] as? [[String: Any]] ?? []
            #expect(communes.reduce(0) { $0 + ($1["outstanding"] as? Int ?? 0) } == outstanding)
            // The page: each commune links to its groups, and on to a group's page.
            let page = t.client()
            try await page.login("province")
            let html = try await page.get("/dashboard?date=2026-11-25")
            #expect(html.status == .ok)
            #expect(html.body.string.contains("/groups?unit=11953"))
            #expect(html.body.string.contains("khóa sổ tháng 10/2026"))
            let groupsPage = try await page.get("/groups?unit=11953")
            #expect(groupsPage.status == .ok)
            #expect(groupsPage.body.string.contains("/groups/demo-group-11953-1"))
            let csv = try await page.get("/dashboard?format=csv")
            #expect(csv.status == .ok)
            // Every table exports, one line per row under the header.
            let lines = [
                "programs": (d["byProgram"] as? [Any])?.count ?? -1,
                "organisations": (d["byOrganisation"] as? [Any])?.count ?? -1,
                "communes": communes.count,
                "offices": (d["byOffice"] as? [Any])?.count ?? -1,
            ]
            for (table, count) in lines {
                let file = try await page.get("/dashboard?format=csv&table=\(table)")
                let rows = file.body.string.split(whereSeparator: \.isNewline).count
                #expect(file.status == .ok && rows == count + 1, "\(table)")
                let workbook = try await page.get("/dashboard?format=xlsx&table=\(table)")
                #expect(workbook.status == .ok && workbook.body.readableBytes > 0)
            }
            let current = try await page.get("/dashboard?format=csv&table=current")
            #expect(current.status == .ok && current.body.string.contains("Tổng"))
            #expect(try await page.get("/dashboard?format=csv&table=khac").status == .badRequest)
            let held = try await Self.int(
                t,
                """
                SELECT COUNT(*) AS n FROM transaction_days d
                JOIN transaction_points p ON p.id = d.point_id
                WHERE d.status = 'held' AND d.day >= '2026-11-01' AND d.day <= '2026-11-25'
                """)
            #expect(d["sittingsHeld"] as? Int == held)
            // By office: the communes each office serves; by year: the registry on 1 January.
            let served = try await Self.int(
                t,
                """
                SELECT CAST(SUM(outstanding) AS BIGINT) AS n FROM unit_month_figures
                WHERE month = '2026-10' AND unit_id IN (SELECT unit_id FROM office_communes)
                """)
            let offices = d["byOffice"] as? [[String: Any]] ?? []
            #expect(!offices.isEmpty)
            #expect(offices.reduce(0) { $0 + ($1["outstanding"] as? Int ?? 0) } == served)
            let years = d["trend"] as? [[String: Any]] ?? []
            #expect(years.map { $0["year"] as? Int ?? 0 } == [2024, 2025, 2026])
            let poor = try await Self.int(
                t,
                """
                SELECT COUNT(*) AS n FROM household_classifications c
                JOIN households h ON h.id = c.household_id
                WHERE c.class = 'poor' AND c.valid_from <= '2026-01-01' AND h.closed_on IS NULL
                AND (c.valid_to IS NULL OR c.valid_to >= '2026-01-01')
                """)
            let rate = years.last?["povertyRate"] as? Double ?? -1
            #expect(abs(rate - Double(poor) / Double(households)) < 0.000_001)
            #expect((d["sittingsScheduled"] as? Int ?? -1) >= held)
            #expect(try await t.client().get(path).status == .unauthorized)
            let commune = t.client()
            try await commune.useToken("commune")
            let own = try CapitalAppTests.json(try await commune.get(path))
            let mine = try await Self.int(
                t,
                """
                SELECT CAST(SUM(outstanding) AS BIGINT) AS n FROM unit_month_figures
                WHERE month = '2026-10' AND unit_id = 'c11953@2025-07-01'
                """)
            #expect(own["outstanding"] as? Int == mine)
        }
    }
}
