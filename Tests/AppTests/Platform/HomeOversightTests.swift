import Domain
import Foundation
import SQLKit
import Store
import Testing
import Vapor
import VaporTesting

/// The departments that oversee land on their own work too: the Department of Finance on the
/// year's capital plans not yet met, the Department of Construction on the housing demand, the
/// inspector on points and groups needing attention. Counts equal the raw rows'.
@Suite("Platform: the overseeing departments' home pages")
struct HomeOversightTests {
    @Test("Finance, construction and the inspector", arguments: TestDriver.available)
    func departments(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let finance = t.client()
            try await finance.login("finance")
            let money = try await finance.get("/").body.string
            let plans = try await DashboardTests.int(
                t,
                "SELECT COUNT(*) AS n FROM capital_plans WHERE year = 2026 AND province_code = 33")
            let short = try await DashboardTests.int(
                t,
                """
                SELECT COUNT(*) AS n FROM capital_plans p WHERE p.year = 2026
                AND p.province_code = 33 AND p.amount > COALESCE((SELECT SUM(m.amount)
                FROM capital_movements m WHERE m.unit_id = p.unit_id AND m.source = p.source
                AND m.kind = 'allocation' AND m.on_date >= '2026-01-01'
                AND m.on_date <= '2026-12-31'), 0)
                """)
            #expect(plans > 0)
            #expect(HomeWorkTests.card(money, "Kế hoạch vốn năm nay") == plans)
            #expect(HomeWorkTests.card(money, "Kế hoạch vốn năm nay chưa cấp đủ") == short)
            let construction = t.client()
            try await construction.login("construction")
            let housing = try await construction.get("/").body.string
            let registrations = try await DashboardTests.int(
                t, "SELECT COUNT(*) AS n FROM housing_demands")
            let communes = try await DashboardTests.int(
                t, "SELECT COUNT(DISTINCT unit_id) AS n FROM housing_demands")
            #expect(
                HomeWorkTests.card(housing, "Đăng ký nhu cầu vay nhà ở xã hội") == registrations)
            #expect(HomeWorkTests.card(housing, "Xã có nhu cầu nhà ở xã hội") == communes)
            let inspector = t.client()
            try await inspector.login("inspector")
            let checks = try await inspector.get("/").body.string
            #expect(HomeWorkTests.card(checks, "Điểm giao dịch có hạng mục cần xử lý") != nil)
            #expect(HomeWorkTests.card(checks, "Tổ có nợ quá hạn") == 0)
            // The finance officer's work is not the inspector's.
            #expect(HomeWorkTests.card(checks, "Kế hoạch vốn năm nay") == nil)
        }
    }
}
