import Domain
import Foundation
import SQLKit
import Store
import Testing
import Vapor
import VaporTesting

/// Kiểm tra sử dụng vốn vay theo kế hoạch through HTTP on both databases: a plan drawn twice
/// from the same seed and rules holds the same loans; a check moves a loan from selected to
/// checked; loans past the deadline with no check are listed; bad plans save nothing.
@Suite("Oversight: loan-use check plans through HTTP")
struct CheckPlanTests {
    typealias J = [String: Any]

    @Test(
        "Reproducible sample, selected to checked, the unchecked list",
        arguments: TestDriver.available)
    func plans(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let validator = try await OpenAPITests.document(t.client())
            let inspector = t.client()
            try await inspector.useToken("inspector")
            let today = t.world.today
            let from = today.adding(days: -365).iso
            let body =
                #"{"title":"Mẫu thử","units":["11953"],"disbursedFrom":"\#(from)","#
                + #""disbursedTo":"\#(today.iso)","sharePerMille":300,"seed":"42"}"#
            let first = try await StudentLoanAppTests.post(inspector, "/api/v1/check-plans", body)
            #expect(first.status == .created)
            try OpenAPITests().check(validator, first, "/api/v1/check-plans", "POST", 201)
            let second = try await StudentLoanAppTests.post(inspector, "/api/v1/check-plans", body)
            func loans(_ r: TestingHTTPResponse) async throws -> [J] {
                let id = try #require(try HousingDemandTests.json(r)["id"] as? String)
                let detail = try await inspector.get("/api/v1/check-plans/\(id)")
                try OpenAPITests().check(validator, detail, "/api/v1/check-plans/{id}", "GET", 200)
                return try HousingDemandTests.json(detail)["loans"] as? [J] ?? []
            }
            let a = try await loans(first)
            let b = try await loans(second)
            let ids = a.compactMap { $0["loan"] as? String }
            #expect(!ids.isEmpty && Set(ids) == Set(b.compactMap { $0["loan"] as? String }))
            #expect(a.allSatisfy { $0["status"] as? String == "selected" })
            // The sample equals Domain's draw over the commune's loans of the window.
            let book = try await t.sql.raw(
                """
                SELECT id, disbursed FROM loans WHERE unit_id = 'c11953@2025-07-01'
                AND disbursed_on >= \(bind: from) AND disbursed_on <= \(bind: today.iso)
                """
            ).all().map {
                SampleCandidate(
                    loanID: try $0.decode(column: "id", as: String.self),
                    amount: Money(dong: try $0.decode(column: "disbursed", as: Int64.self)),
                    groupHasFinding: false)
            }
            let rules = SampleRules(
                sharePerMille: 300, amountAbove: Money(dong: 100_000_000), groupsWithFindings: false
            )
            let expected = CheckSample.draw(book, rules: rules, seed: 42).map(\.loanID)
            #expect(Set(expected).isSubset(of: Set(ids)))

            let union = t.client()
            try await union.useToken("union")
            let loan = try #require(ids.first)
            let checked = try await StudentLoanAppTests.post(
                union, "/api/v1/loans/\(loan)/use-checks", #"{"result":"right_purpose"}"#)
            if checked.status == .created {
                let after = try await loans(first)
                #expect(
                    after.first { $0["loan"] as? String == loan }?["status"] as? String == "checked"
                )
            } else {
                // A loan outside the union officer's organisation: the bank checks it.
                let bank = t.client()
                try await bank.useToken("bank")
                let r = try await StudentLoanAppTests.post(
                    bank, "/api/v1/loans/\(loan)/use-checks", #"{"result":"right_purpose"}"#)
                #expect(r.status == .created)
                let after = try await loans(first)
                #expect(
                    after.first { $0["loan"] as? String == loan }?["status"] as? String == "checked"
                )
            }

            let unchecked = try await inspector.get("/api/v1/use-checks/unchecked")
            try OpenAPITests().check(
                validator, unchecked, "/api/v1/use-checks/unchecked", "GET", 200)
            let late = try HousingDemandTests.json(unchecked)["items"] as? [J] ?? []
            #expect(!late.contains { $0["loan"] as? String == loan })
            let raw =
                try await t.sql.raw(
                    """
                    SELECT COUNT(*) AS n FROM loans l WHERE l.disbursed_on <= \(bind: today.adding(days: -30).iso)
                    AND l.disbursed_on > \(bind: today.adding(days: -395).iso)
                    AND l.disbursed > l.principal_repaid + l.principal_written_off
                    AND NOT EXISTS (SELECT 1 FROM loan_use_checks k WHERE k.loan_id = l.id AND k.kind = 'check')
                    """
                ).first(decodingColumn: "n", as: Int.self) ?? -1
            #expect(late.count == min(raw, 500))
            #expect(late.allSatisfy { ($0["daysLate"] as? Int ?? -1) >= 0 })

            let plans = "SELECT COUNT(*) AS n FROM check_plans" as SQLQueryString
            let before = try await t.sql.raw(plans).first(decodingColumn: "n", as: Int.self)
            for (bad, status) in [
                (
                    #"{"title":"","disbursedFrom":"\#(from)","disbursedTo":"\#(today.iso)"}"#,
                    HTTPStatus.badRequest
                ),
                (
                    #"{"title":"x","disbursedFrom":"\#(today.iso)","disbursedTo":"\#(from)"}"#,
                    .unprocessableEntity
                ),
                (
                    #"{"title":"x","units":["11977"],"disbursedFrom":"\#(from)","disbursedTo":"\#(today.iso)"}"#,
                    .notFound
                ),
            ] {
                let client = bad.contains("11977") ? union : inspector
                let r = try await StudentLoanAppTests.post(client, "/api/v1/check-plans", bad)
                #expect(r.status == status, "\(bad): \(r.body.string)")
            }
            #expect(try await t.sql.raw(plans).first(decodingColumn: "n", as: Int.self) == before)
            let leader = t.client()
            try await leader.useToken("leader")
            #expect(
                try await StudentLoanAppTests.post(leader, "/api/v1/check-plans", body).status
                    == .forbidden)

            let page = t.client()
            try await page.login("inspector")
            let listed = try await page.get("/check-plans")
            #expect(listed.status == .ok && listed.body.string.contains("Mẫu thử"))
            let csv = try await page.get("/check-plans?format=csv")
            #expect(csv.body.string.contains("Quá hạn (ngày)"))
        }
    }
}
