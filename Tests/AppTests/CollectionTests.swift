import Domain
import Foundation
import SQLKit
import Store
import Testing
import Vapor
import VaporTesting

/// A group's collections at a sitting: the sheet, the batch with its fixed contract, all lines or
/// none, the cash check, savings, the ledger.
@Suite("Collections and members' savings")
struct CollectionTests {
    struct Line: Encodable {
        var member: String?; var loan: String?; var interest: Int64?; var via: String?; var principal: Int64?; var savingsDeposit: Int64?
        var savingsWithdrawal: Int64?
    }
    struct Body: Encodable { let date: String; let cashCounted: Int64; let lines: [Line] }

    @Test("The batch: bad lines named and nothing written, a cash mismatch with both totals, then posted once; savings and loans move",
          arguments: TestDriver.available)
    func batch(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let a = try await LoanTests.approved(t)
            let loanID = try await LoanStore(database: t.db, world: t.world).disburse(
                applicationID: a.id, DisbursementRequest(date: LoanTests.d("2026-01-15"), amount: Money(dong: 30_000_000)), key: "d", actor: LoanTests.bank,
                scope: .everything).result.loan
            let group = try #require(a.groupID), borrower = try #require(a.householdID)
            let members = try await GroupStore(database: t.db, world: t.world).members(groupID: group, on: t.world.today)
            let saver = try #require(members.sorted().first { $0 != borrower })
            let sheet = try await CollectionStore(database: t.db, world: t.world).sheet(groupID: group, on: LoanTests.d("2026-03-15"), scope: .everything)
            let due = try #require(sheet.first { $0.loanID == loanID }).interestDue.dong
            #expect(try due == LoanAccount.interestAccrued(try await LoanStore(database: t.db, world: t.world).detail(id: loanID, scope: .everything).facts,
                                                       through: LoanTests.d("2026-03-15")).dong)
            #expect(sheet.count >= members.count)

            let bank = t.client()
            try await bank.useToken("bank")
            let path = "/api/v1/groups/\(group)/collections"
            func send(_ body: Body, key: String) async throws -> TestingHTTPResponse {
                var headers: HTTPHeaders = ["Content-Type": "application/json"]
                headers.add(name: "Idempotency-Key", value: key)
                return try await bank.send(.POST, path, headers: headers, body: ByteBuffer(data: try JSONEncoder().encode(body)))
            }
            let good = [Line(member: borrower, loan: loanID, interest: due, via: "leader", principal: 1_000_000),
                        Line(member: saver, savingsDeposit: 50_000)]
            let bad = [Line(member: borrower, loan: loanID, interest: due + 1, via: "leader"), Line(member: "khong-phai-to-vien", savingsDeposit: 50_000),
                       Line(member: saver, savingsWithdrawal: 10_000)]
            let refused = try await send(Body(date: "2026-03-15", cashCounted: 0, lines: bad), key: "c-1")
            #expect(refused.status == .unprocessableEntity)
            let error = try JSONValue.parse(Data(buffer: refused.body))["error"]
            #expect(error?["code"]?.string == "invalid_collection_lines")
            #expect(Set(error?["details"]?.array?.compactMap { $0["row"]?.int } ?? []) == [1, 2, 3])
            let total = due + 1_000_000 + 50_000
            let mismatch = try await send(Body(date: "2026-03-15", cashCounted: total - 500, lines: good), key: "c-1")
            #expect(mismatch.status == .unprocessableEntity)
            let mismatchError = try JSONValue.parse(Data(buffer: mismatch.body))["error"]
            #expect(mismatchError?["code"]?.string == "cash_mismatch")
            #expect(mismatchError?["message"]?.string?.contains(Money(dong: total - 500).description) == true
                    && mismatchError?["message"]?.string?.contains(Money(dong: total).description) == true)
            #expect(try await t.sql.raw("SELECT COUNT(*) AS n FROM collection_batches").first(decodingColumn: "n", as: Int.self) == 0)

            let posted = try await send(Body(date: "2026-03-15", cashCounted: total, lines: good), key: "c-1")
            #expect(posted.status == .created)
            let replay = try await send(Body(date: "2026-03-15", cashCounted: total, lines: good), key: "c-1")
            #expect(replay.body.string == posted.body.string)
            let batch = try JSONValue.parse(Data(buffer: posted.body))
            #expect(batch["lines"]?.int == 2 && batch["interestViaLeader"]?.int == Int64(due) && batch["savingsDeposits"]?.int == 50_000)
            let loan = try await LoanStore(database: t.db, world: t.world).detail(id: loanID, on: LoanTests.d("2026-03-15"), scope: .everything)
            #expect(loan.standing.outstanding == Money(dong: 29_000_000) && loan.standing.interestDue == .zero)
            let savings = try await CollectionStore(database: t.db, world: t.world).balances(groupID: group)
            #expect(savings[saver] == 50_000)
            #expect(try await LoanBookCheck.verify(sql: t.sql, world: t.world).isEmpty)
            // A withdrawal within the balance, paid out of the cash: the cash counted is what is left.
            let out = try await send(Body(date: "2026-03-16", cashCounted: -20_000, lines: [Line(member: saver, savingsWithdrawal: 20_000)]), key: "c-2")
            #expect(out.status == .created)
            #expect(try await CollectionStore(database: t.db, world: t.world).balances(groupID: group)[saver] == 30_000)
            let statement = t.client()
            try await statement.login("bank")
            let page = try await statement.get("/groups/\(group)/savings/\(saver)")
            #expect(page.status == .ok && page.body.string.contains("30.000 đ") && page.body.string.contains("Rút"))
            let leader = t.client()
            try await leader.useToken("leader")
            #expect(try await leader.send(.POST, path, headers: ["Content-Type": "application/json", "Idempotency-Key": "x"],
                                          body: ByteBuffer(string: "{}")).status == .forbidden)
        }
    }

    @Test("The sheet prints and exports; the entry page refuses a cash mismatch showing both totals, then posts")
    func pages() async throws {
        try await withTestApp(.sqlite) { t in
            let bank = t.client()
            try await bank.login("bank")
            let sheet = try await bank.get("/groups/demo-group-11953-1/collection-sheet")
            #expect(sheet.status == .ok && sheet.body.string.contains("BẢNG KÊ THU LÃI, THU TIẾT KIỆM"))
            #expect(try await bank.get("/groups/demo-group-11953-1/collection-sheet?format=xlsx").status == .ok)
            let entry = try await bank.get("/groups/demo-group-11953-1/collections/new")
            #expect(entry.status == .ok)
            let html = entry.body.string
            let member = try #require(html.firstMatch(of: /name="lines\[0\]\[member\]" value="([^"]+)"/)?.1)
            let fields = ["date": t.world.today.iso, "key": "page-c-1", "lines[0][member]": String(member), "lines[0][deposit]": "100.000",
                          "cashCounted": "90.000"]
            // Lưu nháp: the page comes back with what was keyed; a new session of the same officer finds it too.
            var draft = fields
            draft["action"] = "draft"
            #expect(try await bank.postForm("/groups/demo-group-11953-1/collections", draft).status == .seeOther)
            let reopened = try await bank.get("/groups/demo-group-11953-1/collections/new")
            #expect(reopened.body.string.contains("draft-note") && reopened.body.string.contains("value=\"100.000\""))
            let refused = try await bank.postForm("/groups/demo-group-11953-1/collections", fields)
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("90.000 đ") && refused.body.string.contains("100.000 đ"))
            var fixed = fields
            fixed["cashCounted"] = "100.000"
            let posted = try await bank.postForm("/groups/demo-group-11953-1/collections", fixed)
            #expect(posted.status == .seeOther)
            #expect(!(try await bank.get("/groups/demo-group-11953-1/collections/new").body.string.contains("draft-note")))
            #expect(try await CollectionStore(database: t.db, world: t.world).balances(groupID: "demo-group-11953-1")[String(member)] == 100_000)
        }
    }

    @Test("A batch from a file: the group's template, a bad cell named by row and column with nothing written, then posted")
    func upload() async throws {
        try await withTestApp(.sqlite) { t in
            let bank = t.client()
            try await bank.login("bank")
            let group = "demo-group-11953-1"
            let template = try await bank.get("/groups/\(group)/collections/template.csv")
            #expect(template.status == .ok)
            let rows = template.body.string.split(whereSeparator: \.isNewline).map(String.init)
            #expect(rows.first?.contains("member,loan,interest,via,principal,savingsDeposit,savingsWithdrawal") == true)
            let code = try #require(rows.dropFirst().first?.split(separator: ",").first.map(String.init))
            let page = try await bank.get("/groups/\(group)/collections/new")
            let csrf = try #require(page.body.string.firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1)
            func send(_ file: String, cash: String) async throws -> TestingHTTPResponse {
                let boundary = "----collections"
                var body = ""
                for (name, value) in [("_csrf", String(csrf)), ("date", t.world.today.iso), ("cashCounted", cash), ("key", "file-1")] {
                    body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
                }
                body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"thu.csv\"\r\nContent-Type: text/csv\r\n\r\n\(file)\r\n--\(boundary)--\r\n"
                var headers = HTTPHeaders()
                headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
                return try await bank.send(.POST, "/groups/\(group)/collections/import", headers: headers, body: ByteBuffer(string: body))
            }
            let header = "member,loan,interest,via,principal,savingsDeposit,savingsWithdrawal"
            let bad = try await send("\(header)\n\(code),,,leader,,mười nghìn,\n", cash: "10.000")
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("Dòng 1, cột savingsDeposit"))
            #expect(try await t.sql.raw("SELECT COUNT(*) AS n FROM collection_batches").first(decodingColumn: "n", as: Int.self) == 0)
            let good = try await send("\(header)\n\(code),,,leader,,10000,\n", cash: "10.000")
            #expect(good.status == .seeOther)
            #expect(try await t.sql.raw("SELECT COUNT(*) AS n FROM collection_batches").first(decodingColumn: "n", as: Int.self) == 1)
        }
    }
}
