import Domain
import Foundation
import SQLKit
import Store
import Testing
import Vapor
import VaporTesting

/// Issue #14 §2 through the store, HTTP and the pages: a co-operative's job-creation file is
/// judged by the unit caps of the set in force (per project, per job), and keeps its jobs.
@Suite("Direct applications of units: per-project and per-job caps")
struct UnitBorrowerTests {
    static func application(
        jobs: Int?, amount: Int64, on iso: String
    ) throws
        -> NewDirectApplication
    {
        NewDirectApplication(
            borrowerName: "Hợp tác xã may Đông Hưng", householdID: nil, unitCode: 11953,
            programCode: "job_creation", amount: Money(dong: amount), termMonths: 60,
            intervalMonths: 12, purpose: "Mở rộng xưởng may", collateral: "Nhà xưởng",
            submittedOn: try BusinessDate(iso: iso), unitJobs: jobs)
    }

    @Test(
        "1,5 bn for 20 jobs passes in 2025, for 10 jobs it is above the 1 bn the jobs allow",
        arguments: TestDriver.available)
    func store(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let apps = ApplicationStore(database: t.db, world: t.world)
            let bank = Actor(userID: nil, username: "bank")
            let record = try await apps.submitDirect(
                try Self.application(jobs: 20, amount: 1_500_000_000, on: "2025-06-02"),
                actor: bank, scope: .everything)
            #expect(record.unitJobs == 20)
            #expect(try await apps.application(id: record.id, scope: .everything).unitJobs == 20)
            do {
                _ = try await apps.submitDirect(
                    try Self.application(jobs: 10, amount: 1_500_000_000, on: "2025-06-02"),
                    actor: bank, scope: .everything)
                Issue.record("1,5 bn for 10 jobs was accepted")
            } catch let error as LendingError {
                #expect(error.code == "above_unit_cap" && error.message.contains("1.000.000.000"))
            }
            // As a person, the same file is above the worker's 100 m.
            await #expect(throws: LendingError.self) {
                _ = try await apps.submitDirect(
                    try Self.application(jobs: nil, amount: 150_000_000, on: "2025-06-02"),
                    actor: bank, scope: .everything)
            }
        }
    }

    @Test("API: unitJobs bounded at the edge, kept on the application; the page shows it")
    func http() async throws {
        try await withTestApp(.sqlite) { t in
            let admin = t.client()
            try await admin.useToken("admin")
            struct Direct: Content {
                let borrower: String; let unitCode: Int; let program: String; let amount: Int64
                let termMonths: Int; let purpose: String; let collateral: String
                let unitJobs: Int?
            }
            func direct(_ jobs: Int?, _ amount: Int64) -> Direct {
                Direct(
                    borrower: "Hợp tác xã thử", unitCode: 11953, program: "job_creation",
                    amount: amount, termMonths: 60, purpose: "Mở xưởng", collateral: "Nhà xưởng",
                    unitJobs: jobs)
            }
            let zero = try await admin.postJSON("/api/v1/applications/direct", direct(0, 1_000))
            #expect(zero.status == .badRequest, "\(zero.body.string)")
            let above = try await admin.postJSON(
                "/api/v1/applications/direct", direct(5, 1_500_000_000))
            #expect(above.status == .unprocessableEntity && above.errorCode == "above_unit_cap")
            let accepted = try await admin.postJSON(
                "/api/v1/applications/direct", direct(30, 3_000_000_000))
            #expect(accepted.status == .created, "\(accepted.body.string)")
            let json = try JSONValue.parse(Data(buffer: accepted.body))
            #expect(json["unitJobs"] == .int(30))
            let id = try #require(json["id"]?.string)
            let page = t.client()
            _ = try await page.login("admin")
            #expect(try await page.get("/applications/direct/new").body.string.contains("unitJobs"))
            let html = try await page.get("/applications/\(id)").body.string
            #expect(html.contains("cho 30 lao động"))
            let programs = try await page.get("/programs").body.string
            #expect(
                programs.contains("/dự án và ≤ 200.000.000 đ/lao động"), "\(programs.prefix(0))")
            var form = [
                "borrower": "Hộ kinh doanh Phố Hiến", "unit": "11953", "program": "job_creation",
                "amount": "900.000.000", "termMonths": "60", "intervalMonths": "12",
                "purpose": "Mở rộng", "collateral": "Nhà", "date": t.world.today.iso,
                "unitJobs": "abc",
            ]
            let bad = try await page.postForm("/applications/direct", form)
            #expect(bad.status == .badRequest && bad.body.string.contains("Số lao động"))
            form["unitJobs"] = "5"
            let ok = try await page.postForm("/applications/direct", form)
            #expect(ok.status == .seeOther)
        }
    }
}
