import Domain
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import Store

/// CHANGES 2026-12-01 item 9 through the store and HTTP, on both databases: the bank closes a
/// member's account with the half-year's interest to the day; month-end leaves the closed
/// account alone and the half-year credit releases what it had accrued for it, so the expense
/// is exactly the interest the members got; a deposit opens the account again.
@Suite("Members' savings: closing an account")
struct SavingsCloseAppTests {
    /// A group, two of its members with deposits in April and May 2026, April and May closed.
    static func setUp(_ t: TestApp) async throws -> (group: String, members: [String]) {
        let group = try #require(
            try await t.sql.raw("SELECT id FROM savings_groups WHERE status = 'active' ORDER BY id")
                .first(decodingColumn: "id", as: String.self))
        let members = try await GroupStore(database: t.db, world: t.world)
            .members(groupID: group, on: try BusinessDate(iso: "2026-04-10")).sorted()
        try #require(members.count >= 2)
        let collections = CollectionStore(database: t.db, world: t.world)
        for (n, (day, member, amount)) in [
            ("2026-04-10", members[0], 1_000_000), ("2026-04-10", members[1], 500_000),
            ("2026-05-20", members[0], 200_000),
        ].enumerated() as EnumeratedSequence<[(String, String, Int64)]> {
            _ = try await collections.post(
                groupID: group, on: try BusinessDate(iso: day), cashCounted: Money(dong: amount),
                lines: [CollectionLine(member: member, savingsDeposit: Money(dong: amount))],
                key: "deposit-\(n)", actor: .system, scope: .everything)
        }
        for day in ["2026-04-30", "2026-05-31"] {
            _ = try await MonthEnd(database: t.db, world: t.world).run(
                date: try BusinessDate(iso: day), actor: .system)
        }
        return (group, Array(members.prefix(2)))
    }

    static func balance(_ t: TestApp, _ account: Account) async throws -> Int64 {
        try await t.sql.raw(
            """
            SELECT CAST(COALESCE(SUM(debit - credit), 0) AS BIGINT) AS b FROM journal_lines
            WHERE account = \(bind: account.code)
            """
        ).first(decodingColumn: "b", as: Int64.self) ?? 0
    }

    static func interestCredited(_ t: TestApp) async throws -> Int64 {
        try await t.sql.raw(
            "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) AS b FROM savings_movements"
                + " WHERE kind = 'interest'"
        ).first(decodingColumn: "b", as: Int64.self) ?? 0
    }

    @Test(
        "Closed on 10/06 with interest to the day; June credits the other; the expense is exact",
        arguments: TestDriver.available)
    func close(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let (group, members) = try await Self.setUp(t)
            let store = SavingsStore(database: t.db, world: t.world)
            let on = try BusinessDate(iso: "2026-06-10")
            let (closing, _) = try await store.close(
                groupID: group, householdID: members[0], on: on, method: .cash, key: "close-1",
                actor: .system, scope: .everything)
            let expected = try SavingsInterestCreditTests.expected(
                [("2026-04-10", 1_000_000), ("2026-05-20", 200_000)], through: "2026-06-10")
            #expect(closing.interest.dong == expected && expected > 0)
            #expect(closing.payout.dong == 1_200_000 + expected)
            let account = try await t.sql.raw(
                """
                SELECT balance, closed_on FROM savings_accounts
                WHERE household_id = \(bind: members[0])
                """
            ).first()
            #expect(try account?.decode(column: "balance", as: Int64.self) == 0)
            #expect(try account?.decode(column: "closed_on", as: String?.self) == "2026-06-10")
            let again = await #expect(throws: SavingsError.self) {
                _ = try await store.close(
                    groupID: group, householdID: members[0], on: on, method: .cash,
                    key: "close-2", actor: .system, scope: .everything)
            }
            #expect(again == .alreadyClosed(on))
            let june = try await MonthEnd(database: t.db, world: t.world).run(
                date: try BusinessDate(iso: "2026-06-30"), actor: .system)
            let other = try SavingsInterestCreditTests.expected([("2026-04-10", 500_000)])
            #expect(june.savingsInterest.dong == other)
            // What April and May accrued for the closed account went back to the expense: the
            // payable is empty and the expense is exactly the interest the members were given.
            #expect(try await Self.balance(t, ChartOfAccounts.savingsInterestPayable) == 0)
            #expect(
                try await Self.balance(t, ChartOfAccounts.savingsInterestExpense)
                    == (try await Self.interestCredited(t)))
            #expect(try await Self.interestCredited(t) == expected + other)
            #expect(try await LoanBookCheck.verify(sql: t.sql, world: t.world).isEmpty)
            // A deposit opens the account again.
            _ = try await CollectionStore(database: t.db, world: t.world).post(
                groupID: group, on: try BusinessDate(iso: "2026-07-05"),
                cashCounted: Money(dong: 50_000),
                lines: [CollectionLine(member: members[0], savingsDeposit: Money(dong: 50_000))],
                key: "deposit-again", actor: .system, scope: .everything)
            let reopened = try await store.closedOn(
                groupID: group, householdID: members[0], scope: .everything)
            #expect(reopened == nil)
        }
    }

    @Test(
        "POST …/savings/{household}/close: 201, replayed, 409 closed, 422 future, 404, 403",
        arguments: TestDriver.available)
    func api(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let (group, members) = try await Self.setUp(t)
            let bank = t.client()
            try await bank.useToken("admin")
            let path = "/api/v1/groups/\(group)/savings/\(members[1])/close"
            func post(
                _ client: TestClient, _ path: String, key: String, date: String
            ) async throws -> TestingHTTPResponse {
                try await client.send(
                    .POST, path,
                    headers: ["Content-Type": "application/json", "Idempotency-Key": key],
                    body: ByteBuffer(string: "{\"date\": \"\(date)\", \"method\": \"transfer\"}"))
            }
            let future = try await post(bank, path, key: "f", date: "2026-12-01")
            #expect(future.status == .unprocessableEntity)
            #expect(future.body.string.contains("future_date"))
            let created = try await post(bank, path, key: "k1", date: "2026-06-15")
            #expect(created.status == .created)
            let json = try JSONValue.parse(Data(buffer: created.body))
            let expected = try SavingsInterestCreditTests.expected(
                [("2026-04-10", 500_000)], through: "2026-06-15")
            #expect(json["interest"]?.int == expected)
            #expect(json["payout"]?.int == 500_000 + expected)
            #expect(json["closedOn"]?.string == "2026-06-15")
            #expect(json["method"]?.string == "transfer")
            let replay = try await post(bank, path, key: "k1", date: "2026-06-15")
            #expect(replay.status == .created && replay.body.string == created.body.string)
            #expect(replay.headers.first(name: "Idempotent-Replayed") == "true")
            let closed = try await post(bank, path, key: "k2", date: "2026-06-16")
            #expect(
                closed.status == .conflict && closed.body.string.contains("savings_account_closed"))
            let unknown = try await post(
                bank, "/api/v1/groups/\(group)/savings/nobody/close", key: "k3", date: "2026-06-16")
            #expect(unknown.status == .notFound)
            let commune = t.client()
            try await commune.useToken("commune")
            let other = "/api/v1/groups/\(group)/savings/\(members[0])/close"
            #expect(
                try await post(commune, other, key: "k4", date: "2026-06-16").status == .forbidden)
            #expect(try await LoanBookCheck.verify(sql: t.sql, world: t.world).isEmpty)
        }
    }

    @Test("The statement page closes the account and then says so", arguments: TestDriver.available)
    func page(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let (group, members) = try await Self.setUp(t)
            let page = t.client()
            _ = try await page.login("admin")
            let path = "/groups/\(group)/savings/\(members[0])"
            let before = try await page.get(path).body.string
            #expect(before.contains("id=\"savings-close\""))
            let future = try await page.postForm(
                path + "/close", ["date": "2026-12-30", "method": "cash", "key": "p0"])
            #expect(future.status == .unprocessableEntity)
            #expect(future.body.string.contains("ở tương lai"))
            let done = try await page.postForm(
                path + "/close", ["date": "2026-06-20", "method": "cash", "key": "p1"])
            #expect(done.status == .seeOther)
            let after = try await page.get(path).body.string
            #expect(after.contains("Sổ đã tất toán ngày <strong>20/06/2026</strong>"))
            #expect(after.contains("Tất toán, chi trả"))
            #expect(!after.contains("id=\"savings-close\""))
        }
    }
}
