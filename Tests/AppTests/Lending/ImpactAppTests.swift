import Domain
import Foundation
import SQLKit
import Store
import Testing
import Vapor
import VaporTesting

/// What a loan finances through HTTP on both databases: recorded with the first tranche,
/// updated by a loan-use check (refused when wrong, with nothing written), and summed by the
/// impact report.
@Suite("Lending: loan results and loan-use checks through HTTP")
struct ImpactAppTests {
    static func json(_ r: TestingHTTPResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(r.body.readableBytesView)) as? [String: Any]
            ?? [:]
    }

    @Test("Disbursement, checks and the report", arguments: TestDriver.available)
    func results(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let bank = t.client()
            try await bank.useToken("bank")
            let today = t.world.today
            let before = try Self.json(try await bank.get("/api/v1/reports/impact"))
            let jobsBefore =
                ((before["total"] as? [String: Any])?["impact"] as? [String: Any])?[
                    "jobs"] as? Int ?? -1
            let a = try await LoanTests.approved(t, amount: 30_000_000)
            let tranche =
                #"{"date":"\#(today.iso)","amount":30000000,"impact":{"jobs":2,"houses":1}}"#
            let disbursed = try await StudentLoanAppTests.post(
                bank, "/api/v1/applications/\(a.id)/disbursements", key: "im-1", tranche)
            #expect(disbursed.status == .created)
            let loan = try #require(
                try await ApplicationStore(database: t.db, world: t.world)
                    .application(id: a.id, scope: .everything).loanID)
            let path = "/api/v1/loans/\(loan)/use-checks"
            let count = {
                try await t.sql.raw("SELECT COUNT(*) AS n FROM loan_use_checks")
                    .first(decodingColumn: "n", as: Int.self) ?? 0
            }
            let rows = try await count()
            for bad in [
                #"{"usedAsIntended":false,"note":""}"#,
                #"{"usedAsIntended":true,"date":"\#(today.adding(days: 1).iso)"}"#,
                #"{"usedAsIntended":true,"date":"\#(today.adding(days: -30).iso)"}"#,
            ] {
                #expect(
                    try await StudentLoanAppTests.post(bank, path, bad).status
                        == .unprocessableEntity)
            }
            #expect(try await count() == rows)
            let leader = t.client()
            try await leader.useToken("leader")
            #expect(
                try await StudentLoanAppTests.post(leader, path, #"{"usedAsIntended":true}"#).status
                    == .forbidden)
            let found = #"{"usedAsIntended":true,"impact":{"jobs":3,"houses":1}}"#
            #expect(try await StudentLoanAppTests.post(bank, path, found).status == .created)
            let list = try Self.json(try await bank.get(path))
            let items = list["items"] as? [[String: Any]] ?? []
            #expect(items.map { $0["kind"] as? String } == ["check", "disbursement"])
            #expect((items.last?["impact"] as? [String: Any])?["jobs"] as? Int == 2)
            let report = try Self.json(try await bank.get("/api/v1/reports/impact"))
            let total = report["total"] as? [String: Any] ?? [:]
            // The latest finding stands: 3 jobs, not 2 + 3.
            #expect((total["impact"] as? [String: Any])?["jobs"] as? Int == jobsBefore + 3)
            #expect(total["checked"] as? Int ?? 0 >= 1)
            let future = try await bank.get(
                "/api/v1/reports/impact?asOf=\(today.adding(days: 1).iso)")
            #expect(future.status == .unprocessableEntity)
            let officer = t.client()
            _ = try await officer.login("bank")
            let page = try await officer.get("/reports/impact")
            #expect(
                page.status == .ok && String(buffer: page.body).contains("Lao động có việc làm"))
            let checks = try await officer.get("/loans/\(loan)/use-checks")
            #expect(checks.status == .ok && String(buffer: checks.body).contains("Đúng mục đích"))
        }
    }
}
