import Domain
import Foundation
import SQLKit
import Store
import Testing
import Vapor
import VaporTesting

/// The yearly classification through the store and HTTP, on both databases: every axis sums to
/// the book's outstanding as the loans stand, in the reader's scope; on screen and in .xlsx.
@Suite("Yearly debt classification")
struct ClassificationTests {
    @Test(
        "Every axis sums to the book; the bank's province, a union officer's share",
        arguments: TestDriver.available)
    func report(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            try await MonthEndTests.spread(t)
            let bank = t.client()
            try await bank.useToken("bank")
            let response = try await bank.get("/api/v1/reports/classification?year=2026")
            #expect(response.status == .ok)
            let json = try JSONValue.parse(Data(buffer: response.body))
            let loans = try await LoanStore(database: t.db, world: t.world).standings(
                LoanQuery(), on: t.world.today, scope: .everything
            ).filter { ![.writtenOff, .repaid].contains($0.standing.status) }
            let book = loans.reduce(0) { $0 + $1.standing.outstanding.dong }
            #expect(json["total"]?["outstanding"]?.int == book && book > 0)
            #expect(json["asOf"]?.string == t.world.today.iso && json["final"] == .bool(false))
            let rows = json["rows"]?.array ?? []
            for axis in ClassificationAxis.allCases {
                let mine = rows.filter { $0["axis"]?.string == axis.rawValue }
                #expect(!mine.isEmpty, "\(axis)")
                #expect(mine.reduce(0) { $0 + ($1["outstanding"]?.int ?? 0) } == book)
            }
            // The direct loans made with a workshop as collateral are secured, the group loans not.
            let secured = rows.first {
                $0["axis"]?.string == "security" && $0["key"]?.string == "secured"
            }
            let named =
                try await t.sql.raw(
                    """
                    SELECT COUNT(*) AS n FROM loans l JOIN loan_applications a ON a.id = l.application_id
                    WHERE TRIM(a.collateral) <> '' AND l.state NOT IN ('written_off', 'repaid')
                    """
                ).first(decodingColumn: "n", as: Int.self) ?? 0
            #expect(secured?["loans"]?.int == Int64(named) && named >= 3)
            #expect(rows.contains { $0["axis"]?.string == "term" && $0["key"]?.string == "medium" })
            #expect(
                rows.contains { $0["axis"]?.string == "ethnicity" && $0["label"]?.string == "Kinh" }
            )
            let union = t.client()
            try await union.useToken("union")
            let share = try JSONValue.parse(
                Data(buffer: try await union.get("/api/v1/reports/classification").body))
            let channels = (share["rows"]?.array ?? []).filter { $0["axis"]?.string == "channel" }
            #expect(channels.map { $0["key"]?.string } == ["womens_union"])
            #expect((share["total"]?["outstanding"]?.int ?? 0) < book)
            let future = try await bank.get("/api/v1/reports/classification?year=2027")
            #expect(future.status == .unprocessableEntity)
            for bad in ["1989", "0000", "20x6", "99999"] {
                #expect(
                    try await bank.get("/api/v1/reports/classification?year=\(bad)").status
                        == .badRequest)
            }
            let officer = t.client()
            _ = try await officer.login("bank")
            let page = try await officer.get("/reports/classification?year=2026")
            #expect(page.status == .ok && page.body.string.contains("classification-ethnicity"))
            #expect(try await officer.get("/reports/classification?format=xlsx").status == .ok)
        }
    }
}
