import Domain
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import Store

/// CHANGES 2026-12-01 item 9, "members may pay loan interest from their savings": a collection
/// line pays its interest out of the member's savings, through the API on both databases; no
/// cash is counted for it, the savings fall by it, the statement says so, and a member whose
/// savings do not cover it is refused with nothing written.
@Suite("Collections: loan interest paid from the member's savings")
struct InterestFromSavingsTests {
    struct Line: Encodable {
        var member: String?; var loan: String?; var interest: Int64?; var via: String?
        var savingsDeposit: Int64?; var interestFromSavings: Bool?
    }
    struct Body: Encodable { let date: String; let cashCounted: Int64; let lines: [Line] }

    @Test(
        "Interest from savings: no cash, savings fall, statement line; short savings refused",
        arguments: TestDriver.available)
    func fromSavings(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let a = try await LoanTests.approved(t)
            let loanID = try await LoanStore(database: t.db, world: t.world).disburse(
                applicationID: a.id,
                DisbursementRequest(
                    date: LoanTests.d("2026-01-15"), amount: Money(dong: 30_000_000)),
                key: "d", actor: LoanTests.bank, scope: .everything
            ).result.loan
            let group = try #require(a.groupID), borrower = try #require(a.householdID)
            let bank = t.client()
            try await bank.useToken("bank")
            func send(_ body: Body, key: String) async throws -> TestingHTTPResponse {
                try await bank.send(
                    .POST, "/api/v1/groups/\(group)/collections",
                    headers: ["Content-Type": "application/json", "Idempotency-Key": key],
                    body: ByteBuffer(data: try JSONEncoder().encode(body)))
            }
            // February: the borrower saves 2 m; March: she pays the month's interest from it.
            let saved = try await send(
                Body(
                    date: "2026-02-15", cashCounted: 2_000_000,
                    lines: [Line(member: borrower, savingsDeposit: 2_000_000)]), key: "s-1")
            #expect(saved.status == .created)
            let sheet = try await CollectionStore(database: t.db, world: t.world).sheet(
                groupID: group, on: LoanTests.d("2026-03-15"), scope: .everything)
            let due = try #require(sheet.first { $0.loanID == loanID }).interestDue.dong
            #expect(due > 0)
            let badLine = try await send(
                Body(
                    date: "2026-03-15", cashCounted: 0,
                    lines: [
                        Line(
                            member: borrower, loan: loanID, interest: due, via: "leader",
                            interestFromSavings: true),
                        Line(member: borrower, loan: nil, interest: nil, via: nil),
                    ]), key: "s-2")
            #expect(badLine.status == .unprocessableEntity)
            let paid = try await send(
                Body(
                    date: "2026-03-15", cashCounted: 0,
                    lines: [
                        Line(
                            member: borrower, loan: loanID, interest: due, via: "leader",
                            interestFromSavings: true)
                    ]), key: "s-3")
            #expect(paid.status == .created, "\(paid.body.string)")
            let balance = try await t.sql.raw(
                "SELECT balance FROM savings_accounts WHERE household_id = \(bind: borrower)"
            ).first(decodingColumn: "balance", as: Int64.self)
            #expect(balance == 2_000_000 - due)
            let detail = try await LoanStore(database: t.db, world: t.world).detail(
                id: loanID, on: LoanTests.d("2026-03-15"), scope: .everything)
            #expect(detail.standing.interestDue == .zero)
            #expect(try await LoanBookCheck.verify(sql: t.sql, world: t.world).isEmpty)
            let page = t.client()
            _ = try await page.login("bank")
            let statement = try await page.get("/groups/\(group)/savings/\(borrower)").body.string
            #expect(statement.contains("Trả lãi vay từ tiền gửi"))
            // Savings left: 2 m − due; interest of more than that cannot come from them.
            let short = try await send(
                Body(
                    date: "2026-03-16", cashCounted: 0,
                    lines: [
                        Line(
                            member: borrower, loan: loanID, interest: 1, via: "leader",
                            interestFromSavings: true),
                        Line(
                            member: borrower, loan: loanID, interest: 2_000_000, via: "leader",
                            interestFromSavings: true),
                    ]), key: "s-4")
            #expect(short.status == .unprocessableEntity)
            let error = try JSONValue.parse(Data(buffer: short.body))["error"]
            #expect(
                error?["details"]?.array?.contains {
                    $0["field"]?.string == "interestFromSavings"
                        || $0["field"]?.string == "interest"
                } == true)
        }
    }
}
