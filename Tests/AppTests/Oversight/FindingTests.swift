import Domain
import Foundation
import SQLKit
import Store
import Testing
import Vapor
import VaporTesting

/// Kiểm tra, giám sát through HTTP on both databases: a plan, an inspection of a group with
/// its record, a finding on two of its loans followed up to closed and reopened, refusals that
/// save nothing, a wrong-purpose loan-use check that opens a finding, overdue findings, and a
/// black-credit report whose reporter only its handler sees.
@Suite("Oversight: inspections, findings and cases through HTTP")
struct FindingTests {
    static let group = "demo-group-11953-1"
    typealias J = [String: Any]

    static func json(_ r: TestingHTTPResponse) throws -> J { try HousingDemandTests.json(r) }

    static func post(
        _ c: TestClient, _ path: String, _ body: String
    ) async throws
        -> TestingHTTPResponse
    {
        try await StudentLoanAppTests.post(c, path, body)
    }

    static func count(_ t: TestApp, _ sql: SQLQueryString) async throws -> Int {
        try await t.sql.raw(sql).first(decodingColumn: "n", as: Int.self) ?? -1
    }

    @Test(
        "Plan, inspect a group, find on two loans, follow up to closed",
        arguments: TestDriver.available)
    func inspection(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let validator = try await OpenAPITests.document(t.client())
            let inspector = t.client()
            try await inspector.useToken("inspector")
            let today = t.world.today
            let plan = try await Self.post(
                inspector, "/api/v1/inspection-plans",
                #"{"year":\#(today.year),"body":"board","title":"Kế hoạch thử","planned":4,"province":33}"#
            )
            #expect(plan.status == .created)
            try OpenAPITests().check(validator, plan, "/api/v1/inspection-plans", "POST", 201)
            let planID = try #require(try Self.json(plan)["id"] as? String)
            let day = today.adding(days: -20).iso
            let made = try await Self.post(
                inspector, "/api/v1/inspections",
                #"{"plan":"\#(planID)","body":"board","subject":"group","unit":"11953","#
                    + #""subjectId":"\#(Self.group)","date":"\#(day)","team":"Đoàn thử"}"#)
            #expect(made.status == .created)
            try OpenAPITests().check(validator, made, "/api/v1/inspections", "POST", 201)
            let inspection = try Self.json(made)
            let id = try #require(inspection["id"] as? String)
            let record = try #require(inspection["groupRecord"] as? J)
            let members = try await Self.count(
                t,
                "SELECT COUNT(DISTINCT household_id) AS n FROM group_memberships WHERE group_id = \(bind: Self.group) AND valid_to IS NULL"
            )
            #expect(record["members"] as? Int == members && members > 0)
            let loans = try await t.sql.select().column("id").from("loans")
                .where("group_id", .equal, Self.group).orderBy("id").limit(2)
                .all(decodingColumn: "id", as: String.self)
            #expect(loans.count == 2)
            let loanList = loans.map { "\"\($0)\"" }.joined(separator: ",")
            let path = "/api/v1/inspections/\(id)/findings"
            let findings = "SELECT COUNT(*) AS n FROM findings" as SQLQueryString
            let before = try await Self.count(t, findings)
            // Refused, nothing saved: a word not in the list, a due date before the day found,
            // a loan of another commune.
            let other = try await RouteTableTests.loan(outside: 11953, t)
            for (body, status) in [
                (
                    #"{"category":"nope","description":"x","responsible":"y"}"#,
                    HTTPStatus.badRequest
                ),
                (
                    #"{"category":"records","description":"x","responsible":"y","dueOn":"\#(today.adding(days: -30).iso)"}"#,
                    .unprocessableEntity
                ),
                (
                    #"{"category":"records","description":"x","responsible":"y","loans":["\#(other)"]}"#,
                    .unprocessableEntity
                ),
            ] {
                let r = try await Self.post(inspector, path, body)
                #expect(r.status == status, "\(body): \(r.body.string)")
            }
            #expect(try await Self.count(t, findings) == before)
            let due = today.adding(days: 10).iso
            let opened = try await Self.post(
                inspector, path,
                #"{"category":"overdue_debt","description":"Hai hộ chậm trả lãi","#
                    + #""action":"Đôn đốc","responsible":"Tổ trưởng","dueOn":"\#(due)","#
                    + #""priority":"high","loans":[\#(loanList)]}"#)
            #expect(opened.status == .created)
            try OpenAPITests().check(
                validator, opened, path.replacingOccurrences(of: id, with: "{id}"), "POST", 201)
            let finding = try Self.json(opened)
            let findingID = try #require(finding["id"] as? String)
            #expect(finding["status"] as? String == "open" && finding["dueOn"] as? String == due)
            #expect((finding["subjects"] as? [J])?.compactMap { $0["id"] as? String } == loans)

            // The list: the fixed contract's filters; the leader sees his group's finding.
            let list = try await inspector.get(
                "/api/v1/findings?unit=11953&status=open&overdue=false")
            try OpenAPITests().check(validator, list, "/api/v1/findings", "GET", 200)
            let items = try Self.json(list)["items"] as? [J] ?? []
            #expect(items.contains { $0["id"] as? String == findingID })
            let leader = t.client()
            try await leader.useToken("leader")
            #expect(try await leader.get("/api/v1/findings/\(findingID)").status == .ok)

            // The bank records the action taken and closes it; every step audited.
            let bank = t.client()
            try await bank.useToken("bank")
            let steps = "/api/v1/findings/\(findingID)/steps"
            let audited =
                "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'finding.step' AND record_id = \(bind: findingID)"
                as SQLQueryString
            #expect(
                try await Self.post(bank, steps, #"{"to":"in_progress","note":"Đã họp tổ"}"#).status
                    == .created)
            let refused = try await Self.post(bank, steps, #"{"to":"resolved"}"#)
            #expect(refused.status == .unprocessableEntity)
            #expect(
                try await Self.post(bank, steps, #"{"to":"closed","note":"x"}"#).status
                    == .unprocessableEntity)
            #expect(
                try await Self.post(bank, steps, #"{"to":"resolved","note":"Hai hộ đã trả lãi"}"#)
                    .status == .created)
            let closed = try await Self.post(
                bank, steps, #"{"to":"closed","note":"Đã kiểm tra lại"}"#)
            #expect(closed.status == .created)
            try OpenAPITests().check(validator, closed, "/api/v1/findings/{id}/steps", "POST", 201)
            #expect(try Self.json(closed)["closedOn"] as? String == today.iso)
            #expect(try await Self.count(t, audited) == 3)
            let detail = try await inspector.get("/api/v1/findings/\(findingID)")
            try OpenAPITests().check(validator, detail, "/api/v1/findings/{id}", "GET", 200)
            #expect((try Self.json(detail)["steps"] as? [J])?.count == 3)
            #expect(
                try await Self.post(bank, steps, #"{"to":"open","note":"Hộ lại nợ lãi"}"#).status
                    == .created)

            // Overdue: found twenty days ago, due five days ago.
            let late = try await Self.post(
                inspector, path,
                #"{"category":"records","description":"Sổ sách thiếu","responsible":"Tổ trưởng","#
                    + #""date":"\#(day)","dueOn":"\#(today.adding(days: -5).iso)"}"#)
            let lateID = try #require(try Self.json(late)["id"] as? String)
            let overdue = try Self.json(
                try await inspector.get("/api/v1/findings?overdue=true&unit=11953"))
            let overdueIDs = (overdue["items"] as? [J] ?? []).compactMap { $0["id"] as? String }
            #expect(overdueIDs.contains(lateID) && !overdueIDs.contains(findingID))
            #expect((overdue["items"] as? [J] ?? []).allSatisfy { $0["overdue"] as? Bool == true })
            // The inspector's home page counts the overdue findings of her scope.
            let all = try Self.json(try await inspector.get("/api/v1/findings?overdue=true"))
            let home = t.client()
            try await home.login("inspector")
            let card = HomeWorkTests.card(try await home.get("/").body.string, "Phát hiện quá hạn khắc phục")
            #expect(card == all["total"] as? Int && card ?? 0 >= 1)
            // The dashboard counts the same, and lists the commune with its overdue findings.
            let dashboard = try Self.json(try await inspector.get("/api/v1/dashboard?province=33"))
            let counts = dashboard["oversight"] as? J ?? [:]
            #expect(counts["overdueFindings"] as? Int == all["total"] as? Int)
            let communes = counts["byCommune"] as? [J] ?? []
            #expect(communes.contains { $0["unit"] as? String == "11953" && ($0["overdue"] as? Int ?? 0) >= 1 })
            let board = try await home.get("/dashboard?province=33")
            #expect(board.body.string.contains("dashboard-oversight") && board.body.string.contains("/findings?unit=11953&amp;overdue=true"))

            // The pages: search without diacritics, the export, the record.
            let page = t.client()
            try await page.login("inspector")
            let found = try await page.get("/findings?q=so%20sach%20thieu")
            #expect(found.body.string.contains("/findings/\(lateID)"))
            #expect(!found.body.string.contains("/findings/\(findingID)\""))
            let csv = try await page.get("/findings?format=csv&unit=11953")
            #expect(
                csv.body.string.contains("Người chịu trách nhiệm")
                    && csv.body.string.contains("Sổ sách thiếu"))
            let shown = try await page.get("/inspections/\(id)")
            #expect(
                shown.status == .ok
                    && shown.body.string.contains("Biên bản kiểm tra hoạt động của Tổ"))
        }
    }

    @Test(
        "A wrong-purpose check opens a finding; a black-credit reporter is seen by its handler only",
        arguments: TestDriver.available)
    func useCheckAndBlackCredit(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let validator = try await OpenAPITests.document(t.client())
            let union = t.client()
            try await union.useToken("union")
            let loan = try #require(
                try await t.sql.select().column("id").from("loans").where(
                    "group_id", .equal, Self.group
                )
                .orderBy("id").first(decodingColumn: "id", as: String.self))
            let path = "/api/v1/loans/\(loan)/use-checks"
            let right = try await Self.post(
                union, path, #"{"result":"partly","notes":"Một phần mua xe"}"#)
            let partly = try Self.json(right)
            #expect(right.status == .created && partly["findingId"] is NSNull)
            let wrong = try await Self.post(
                union, path,
                #"{"date":"\#(t.world.today.iso)","result":"wrong_purpose","notes":"Dùng vốn mua xe máy"}"#
            )
            #expect(wrong.status == .created)
            try OpenAPITests().check(validator, wrong, "/api/v1/loans/{id}/use-checks", "POST", 201)
            let checked = try Self.json(wrong)
            #expect(
                checked["result"] as? String == "wrong_purpose"
                    && checked["usedAsIntended"] as? Bool == false)
            let findingID = try #require(checked["findingId"] as? String)
            let finding =
                try Self.json(try await union.get("/api/v1/findings/\(findingID)"))["finding"] as? J
                ?? [:]
            #expect(
                finding["source"] as? String == "use_check"
                    && finding["status"] as? String == "open")
            #expect(finding["category"] as? String == "wrong_purpose" && finding["dueOn"] is String)
            #expect(try await Self.post(union, path, #"{"result":"maybe"}"#).status == .badRequest)
            #expect(
                try await Self.post(union, path, #"{"result":"wrong_purpose"}"#).status
                    == .unprocessableEntity)

            let bank = t.client()
            try await bank.useToken("bank")
            let reported = try await Self.post(
                bank, "/api/v1/black-credit-reports",
                #"{"unit":"11953","raisedAt":"commune","description":"Cho vay qua mạng","households":2,"#
                    + #""reporterName":"Nguyễn Văn Báo","reporterContact":"0912"}"#)
            #expect(reported.status == .created)
            try OpenAPITests().check(
                validator, reported, "/api/v1/black-credit-reports", "POST", 201)
            let caseID = try #require(try Self.json(reported)["id"] as? String)
            #expect(try Self.json(reported)["status"] as? String == "received")
            func reporter(_ c: TestClient) async throws -> Any? {
                let d = try Self.json(try await c.get("/api/v1/findings/\(caseID)"))
                return (d["blackCredit"] as? J)?["reporterName"]
            }
            #expect(try await reporter(bank) as? String == "Nguyễn Văn Báo")
            let commune = t.client()
            try await commune.useToken("commune")
            #expect(try await reporter(commune) is NSNull)
            #expect(
                try await Self.count(
                    t,
                    "SELECT COUNT(*) AS n FROM audit_log WHERE after_json LIKE '%Nguyễn Văn Báo%' OR before_json LIKE '%Nguyễn Văn Báo%'"
                ) == 0)
            let referred = try await Self.post(
                bank, "/api/v1/black-credit-reports/\(caseID)/referral",
                #"{"reference":"Công an phường, CV 12"}"#)
            #expect(referred.status == .ok)
            #expect(try Self.json(referred)["policeReferredOn"] as? String == t.world.today.iso)
            let list = try Self.json(
                try await commune.get("/api/v1/black-credit-reports?unit=11953"))
            #expect((list["items"] as? [J] ?? []).contains { $0["id"] as? String == caseID })
            #expect(
                try await Self.post(
                    bank, "/api/v1/black-credit-reports",
                    #"{"unit":"11953","raisedAt":"transaction_point","description":"x"}"#
                ).status == .unprocessableEntity)
        }
    }
}
