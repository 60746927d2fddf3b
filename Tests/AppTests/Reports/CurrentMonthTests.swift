import Domain
import Foundation
import SQLKit
import Store
import Testing
import Vapor
import VaporTesting

/// The open month on the dashboard, from the small tables the writes keep: it equals a count
/// of the loans and of the month's events, and a repayment at the counter moves it at once.
@Suite("Reports: the open month kept by the writes")
struct CurrentMonthTests {
    static func current(_ client: TestClient, date: String) async throws -> [String: Any]? {
        let r = try await client.get("/api/v1/dashboard?province=33&date=\(date)")
        #expect(r.status == .ok)
        return try CapitalAppTests.json(r)["current"] as? [String: Any]
    }

    static func total(_ current: [String: Any]?, _ key: String) -> Int {
        (current?["total"] as? [String: Any])?[key] as? Int ?? -1
    }

    @Test(
        "Equals the loans and the month's events; a repayment moves it",
        arguments: TestDriver.available)
    func keptByWrites(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let leader = t.client()
            try await leader.useToken("province")
            let today = t.world.today.iso, first = t.world.today.firstOfMonth.iso
            let before = try #require(try await Self.current(leader, date: today))
            let outstanding = try await DashboardTests.int(
                t,
                """
                SELECT CAST(SUM(disbursed - principal_repaid - principal_written_off) AS BIGINT)
                AS n FROM loans WHERE province_code = 33
                """)
            let lent = try await DashboardTests.int(
                t,
                """
                SELECT CAST(COALESCE(SUM(principal), 0) AS BIGINT) AS n FROM loan_events
                WHERE kind = 'disbursement' AND on_date >= \(bind: first)
                AND on_date <= \(bind: today)
                """)
            #expect(outstanding > 0)
            #expect(Self.total(before, "outstanding") == outstanding)
            #expect(Self.total(before, "disbursed") == lent)
            #expect(before["month"] as? String == String(today.prefix(7)))
            let validator = try await OpenAPITests.document(t.client())
            try OpenAPITests().check(
                validator, try await leader.get("/api/v1/dashboard?province=33&date=\(today)"),
                "/api/v1/dashboard", "GET", 200)

            // A payment at the counter: interest first, the rest principal.
            let loan = try #require(
                try await t.sql.raw(
                    """
                    SELECT id FROM loans WHERE disbursed - principal_repaid > 5000000
                    AND state = 'current' ORDER BY id LIMIT 1
                    """
                ).first(decodingColumn: "id", as: String.self))
            let store = LoanStore(database: t.db, world: t.world)
            let was = try await store.detail(id: loan, scope: .everything)
            let bank = t.client()
            try await bank.login("bank")
            let paid = try await bank.postForm(
                "/loans/\(loan)/repay", ["key": "cm-1", "date": today, "amount": "2.000.000"])
            #expect(paid.status == .seeOther)
            let now = try await store.detail(id: loan, scope: .everything)
            let principal = now.principalRepaid.dong - was.principalRepaid.dong
            let interest = now.interestPaid.dong - was.interestPaid.dong
            #expect(principal + interest == 2_000_000 && principal > 0)
            let after = try #require(try await Self.current(leader, date: today))
            let left = Self.total(before, "outstanding") - Int(principal)
            #expect(Self.total(after, "outstanding") == left)
            #expect(
                Self.total(after, "principalRepaid")
                    == Self.total(before, "principalRepaid") + Int(principal))
            #expect(
                Self.total(after, "interestCollected")
                    == Self.total(before, "interestCollected") + Int(interest))
            #expect(try await LoanBookCheck.verify(sql: t.sql, world: t.world).isEmpty)

            // A date before this month shows the closed months only; the page shows the table.
            #expect(try await Self.current(leader, date: "2026-10-31") == nil)
            let page = t.client()
            try await page.login("province")
            let html = try await page.get("/dashboard").body.string
            #expect(html.contains("dashboard-current") && html.contains("Thu lãi trong tháng"))
            // An organisation's officer reads her organisation's cells only.
            let union = t.client()
            try await union.useToken("union")
            let own = try await Self.current(union, date: today)
            #expect((own?["byOrganisation"] as? [Any])?.count ?? 0 <= 1)
            #expect(Self.total(own, "outstanding") < Self.total(after, "outstanding"))
        }
    }
}
