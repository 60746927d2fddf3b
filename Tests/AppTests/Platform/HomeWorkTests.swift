import Domain
import Foundation
import SQLKit
import Store
import Testing
import Vapor
import VaporTesting

/// Trang chủ theo vai trò: each role lands on its day's work. The counts on the page are the
/// raw rows' counts in the person's scope; the leaders land on the dashboard, a group's leader
/// on his group.
@Suite("Platform: a home page for each role")
struct HomeWorkTests {
    /// The number on the card whose label is `label` ("<span class="num">3</span><span>label").
    static func card(_ html: String, _ label: String) -> Int? {
        guard let end = html.range(of: "</span><span>\(label)</span>") else { return nil }
        let before = html[..<end.lowerBound]
        guard let start = before.range(of: "<span class=\"num\">", options: .backwards) else {
            return nil
        }
        return Int(before[start.upperBound...])
    }

    @Test(
        "Each role's work, counted from the raw rows in its scope", arguments: TestDriver.available)
    func work(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            // Files at every stage: the demo's are all disbursed, so move a few back.
            let ids = try await t.sql.raw(
                """
                SELECT id FROM loan_applications WHERE unit_id = 'c11953@2025-07-01'
                ORDER BY id LIMIT 6
                """
            ).all(decodingColumn: "id", as: String.self)
            try #require(ids.count == 6)
            let stages: [(String, String?)] = [
                ("approved", "2026-11-20"), ("approved", "2026-11-20"), ("certified", nil),
                ("certified", "2026-11-24"), ("voted", nil), ("submitted", nil),
            ]
            for (id, stage) in zip(ids, stages) {
                try await t.sql.raw(
                    """
                    UPDATE loan_applications SET state = \(bind: stage.0),
                    prepared_on = \(bind: stage.1) WHERE id = \(bind: id)
                    """
                ).run()
            }
            func files(
                _ state: String, checked: Bool? = nil, unit: String? = nil
            ) async throws
                -> Int
            {
                var condition: SQLQueryString = "state = \(bind: state)"
                if let checked {
                    condition =
                        condition
                        + (checked
                            ? " AND prepared_on IS NOT NULL"
                            : " AND prepared_on IS NULL")
                }
                if let unit { condition = condition + " AND unit_id = \(bind: unit)" }
                return try await DashboardTests.int(
                    t, "SELECT COUNT(*) AS n FROM loan_applications WHERE \(condition)")
            }
            let admin = t.client()
            try await admin.login("admin")
            let home = try await admin.get("/").body.string
            #expect(try await files("approved") >= 2)
            #expect(Self.card(home, "Hồ sơ chờ giải ngân") == (try await files("approved")))
            #expect(
                Self.card(home, "Hồ sơ chờ thẩm định")
                    == (try await files("certified", checked: false)))
            #expect(
                Self.card(home, "Hồ sơ đã thẩm định, chờ cán bộ thứ hai phê duyệt")
                    == (try await files("certified", checked: true)))
            let planned = try await DashboardTests.int(
                t,
                """
                SELECT COUNT(*) AS n FROM transaction_days WHERE status = 'planned'
                AND day >= '2026-11-25' AND day <= '2026-12-01'
                """)
            #expect(planned > 0)
            let listed = home.components(separatedBy: "href=\"/transaction-days/").count - 1
            #expect(listed == min(planned, 50))
            let approver = t.client()
            try await approver.login("approver")
            let second = try await approver.get("/").body.string
            #expect(
                Self.card(second, "Hồ sơ đã thẩm định, chờ cán bộ thứ hai phê duyệt")
                    == (try await files("certified", checked: true)))
            let commune = t.client()
            try await commune.login("commune")
            let own = try await commune.get("/").body.string
            let voted = try await files("voted", unit: "c11953@2025-07-01")
            #expect(voted >= 1 && Self.card(own, "Hồ sơ vay chờ xã xác nhận") == voted)
            let other = t.client()
            try await other.login("union")
            #expect(Self.card(try await other.get("/").body.string, "Hồ sơ chờ tổ bình xét") != nil)
            let province = t.client()
            try await province.login("province")
            #expect(try await province.get("/").body.string.contains("Bảng điều hành"))
            let leader = t.client()
            try await leader.login("leader")
            let group = try await leader.get("/")
            #expect(group.status == .ok && group.body.string.contains("id=\"next-sitting\""))
        }
    }
}
