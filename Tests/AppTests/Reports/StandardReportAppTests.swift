import Domain
import Foundation
import SQLKit
import Store
import Testing
import Vapor
import VaporTesting

/// Báo cáo định kỳ through HTTP on both databases: each report's rows and totals recomputed
/// from the raw data (the loans' standings, the households' classifications, the capital
/// movements), its print view in the administrative format, its exports, and its scope.
@Suite("Reports: the standard reports")
struct StandardReportAppTests {
    static func report(
        _ client: TestClient, _ path: String
    ) async throws
        -> (rows: [[String: Any]], total: [Int64], columns: [String])
    {
        let r = try await client.get(path)
        #expect(r.status == .ok, "\(path): \(r.status)")
        let json = try CapitalAppTests.json(r)
        let rows = json["rows"] as? [[String: Any]] ?? []
        let total = (json["total"] as? [NSNumber] ?? []).map(\.int64Value)
        let columns = (json["columns"] as? [[String: Any]] ?? []).compactMap {
            $0["label"] as? String
        }
        return (rows, total, columns)
    }

    static func values(_ row: [String: Any]) -> [Int64] {
        (row["values"] as? [NSNumber] ?? []).map(\.int64Value)
    }

    @Test(
        "The book's reports equal the loans' standings at the month's end",
        arguments: TestDriver.available)
    func book(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let october = try BusinessDate(iso: "2026-10-31")
            _ = try await MonthEnd(database: t.db, world: t.world).run(
                date: october, actor: .system)
            let loans = try await LoanStore(database: t.db, world: t.world)
                .standings(LoanQuery(), on: october, scope: .everything)
                .filter { ![.writtenOff, .repaid].contains($0.facts.state) }
            let leader = t.client()
            try await leader.useToken("province")
            let validator = try await OpenAPITests.document(t.client())
            let monthly = try await Self.report(leader, "/api/v1/reports/monthly?period=2026-10")
            try OpenAPITests().check(
                validator, try await leader.get("/api/v1/reports/monthly?period=2026-10"),
                "/api/v1/reports/monthly", "GET", 200)
            // Columns: 0 loans, 3 outstanding, 4 overdue, 5 overdue ratio (ppm of 4 over 3).
            let outstanding = loans.reduce(Int64(0)) { $0 + $1.standing.outstanding.dong }
            let overdue = loans.reduce(Int64(0)) { $0 + $1.standing.overdue.dong }
            #expect(outstanding > 0 && monthly.total.count == 10)
            #expect(monthly.total[0] == Int64(loans.count))
            #expect(monthly.total[3] == outstanding && monthly.total[4] == overdue)
            #expect(monthly.total[5] == overdue * 1_000_000 / outstanding)
            let byProgram = Dictionary(grouping: loans, by: \.summary.programCode)
            #expect(monthly.rows.count == byProgram.count)
            for row in monthly.rows {
                let code = row["key"] as? String ?? ""
                let mine = byProgram[code] ?? []
                #expect(Self.values(row)[3] == mine.reduce(0) { $0 + $1.standing.outstanding.dong })
                #expect(Self.values(row)[0] == Int64(mine.count))
            }
            // Only October is closed in 2026: the year's report is October's.
            let yearly = try await Self.report(leader, "/api/v1/reports/yearly?period=2026")
            #expect(yearly.total == monthly.total)
            // Lending by commune and program: each commune's total is its loans' outstanding.
            let lending = try await Self.report(leader, "/api/v1/reports/lending?period=2026-10")
            let byUnit = Dictionary(grouping: loans, by: \.summary.unitID)
            #expect(lending.rows.count == byUnit.count && lending.total.last == outstanding)
            for row in lending.rows {
                let mine = byUnit[row["key"] as? String ?? ""] ?? []
                #expect(
                    Self.values(row).last == mine.reduce(0) { $0 + $1.standing.outstanding.dong })
            }
            // A commune officer's report holds her commune only; another commune is not found.
            let commune = t.client()
            try await commune.useToken("commune")
            let own = try await Self.report(commune, "/api/v1/reports/lending?period=2026-10")
            #expect(own.rows.map { $0["key"] as? String } == ["c11953@2025-07-01"])
            #expect(
                own.total.last
                    == (byUnit["c11953@2025-07-01"] ?? []).reduce(0) {
                        $0 + $1.standing.outstanding.dong
                    })
            let other = try await commune.get(
                "/api/v1/reports/lending?period=2026-10&commune=11977")
            #expect(other.status == .notFound)
            let narrowed = try await Self.report(
                leader, "/api/v1/reports/monthly?period=2026-10&commune=11953")
            #expect(narrowed.total[3] == own.total.last)
            // A month not closed yet: the report is empty and says so.
            let open = try CapitalAppTests.json(
                try await leader.get("/api/v1/reports/monthly?period=2026-11"))
            #expect((open["rows"] as? [Any])?.isEmpty == true)
            #expect((open["notes"] as? [String])?.first?.contains("Chưa có tháng nào") == true)
            let groupLeader = t.client()
            try await groupLeader.useToken("leader")
            #expect(try await groupLeader.get("/api/v1/reports/monthly").status == .forbidden)
        }
    }

    @Test(
        "The registry's and the capital's reports equal the raw rows",
        arguments: TestDriver.available)
    func registryAndCapital(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let leader = t.client()
            try await leader.useToken("province")
            let review = try await Self.report(leader, "/api/v1/reports/poverty-review?period=2026")
            let households = try await DashboardTests.int(
                t, "SELECT COUNT(*) AS n FROM households WHERE closed_on IS NULL")
            let poor = try await DashboardTests.int(
                t,
                """
                SELECT COUNT(*) AS n FROM households h JOIN household_classifications c
                ON c.household_id = h.id AND c.valid_from <= '2026-11-25'
                AND (c.valid_to IS NULL OR c.valid_to >= '2026-11-25')
                WHERE h.closed_on IS NULL AND c.class = 'poor'
                """)
            #expect(households > 0 && review.total[0] == Int64(households))
            #expect(review.total[3] == Int64(poor))
            #expect(review.total[4] == Int64(poor) * 1_000_000 / Int64(households))
            let rowsSum = review.rows.reduce(Int64(0)) { $0 + Self.values($1)[0] }
            #expect(rowsSum == review.total[0])
            let capital = try await Self.report(leader, "/api/v1/reports/local-capital?period=2026")
            let entrusted = try await DashboardTests.int(
                t,
                """
                SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) AS n FROM capital_movements
                WHERE kind = 'allocation' AND source IN ('province', 'commune')
                AND on_date >= '2026-01-01' AND on_date <= '2026-12-31'
                """)
            #expect(capital.total[1] == Int64(entrusted))
            let toDate = try await DashboardTests.int(
                t,
                """
                SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) AS n FROM capital_movements
                WHERE kind = 'allocation' AND source IN ('province', 'commune')
                AND on_date <= '2026-12-31'
                """)
            #expect(capital.total[3] == Int64(toDate) && toDate > 0)
            #expect(
                try await leader.get("/api/v1/reports/yearly?period=1999").status == .badRequest)
        }
    }

    @Test("The print view, the exports, the PDF, bad periods", arguments: [TestDriver.sqlite])
    func pages(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            _ = try await MonthEnd(database: t.db, world: t.world).run(
                date: try BusinessDate(iso: "2026-10-31"), actor: .system)
            let page = t.client()
            try await page.login("bank")
            let list = try await page.get("/reports")
            #expect(list.status == .ok && list.body.string.contains("/reports/poverty-review"))
            let html = try await page.get("/reports/monthly?period=2026-10")
            let text = html.body.string
            #expect(html.status == .ok)
            #expect(text.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
            #expect(text.contains("Độc lập - Tự do - Hạnh phúc") && text.contains("THỦ TRƯỞNG"))
            #expect(text.contains("hội tháng 10/2026") && text.contains("standard-report-table"))
            #expect(text.contains("CHI NHÁNH TỈNH HƯNG YÊN") && text.contains("Hưng Yên, ngày"))
            let xlsx = try await page.get("/reports/monthly?period=2026-10&format=xlsx")
            #expect(
                xlsx.status == .ok && Data(xlsx.body.readableBytesView).starts(with: [0x50, 0x4B]))
            let csv = try await page.get("/reports/lending?period=2026-10&format=csv")
            #expect(csv.status == .ok && csv.body.string.contains("Tổng dư nợ"))
            let bad = try await page.get("/reports/monthly?period=2026-13")
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("yyyy-mm"))
            let pdf = try await page.get("/reports/monthly?period=2026-10&format=pdf")
            if FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium") {
                #expect(pdf.status == .ok)
                #expect(Data(pdf.body.readableBytesView).starts(with: Data("%PDF".utf8)))
            } else {
                #expect(pdf.status == .serviceUnavailable && pdf.body.string.contains("Ctrl+P"))
            }
        }
    }
}
