import Domain
import Foundation
import SQLKit
import Store
import Testing
import Vapor
import VaporTesting

/// CHANGES 2026-12-01 items 10 and 11 through the store and HTTP, on both databases: October's
/// fees on their base split by level, what each recipient is owed, a payout at the sitting that
/// lowers the payable by exactly what was paid, once per key, never past what is owed, each
/// viewer seeing only their own.
@Suite("Fees and commissions paid out")
struct FeePayoutTests {
    static func payable(_ t: TestApp) async throws -> Int64 {
        try await t.sql.raw(
            """
            SELECT CAST(COALESCE(SUM(credit - debit), 0) AS BIGINT) AS b FROM journal_lines
            WHERE account = \(bind: ChartOfAccounts.feesPayable.code)
            """
        ).first(decodingColumn: "b", as: Int64.self) ?? 0
    }

    static func pay(
        _ client: TestClient, key: String?, _ body: [String: String]
    ) async throws -> TestingHTTPResponse {
        var json =
            "{"
            + body.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }
            .joined(separator: ",") + "}"
        if body.isEmpty { json = "{}" }
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if let key { headers.add(name: "Idempotency-Key", value: key) }
        return try await client.send(
            .POST, "/api/v1/fees/payouts", headers: headers, body: ByteBuffer(string: json))
    }

    static func items(_ client: TestClient, _ query: String) async throws -> [JSONValue] {
        let response = try await client.get("/api/v1/fees?\(query)")
        #expect(response.status == .ok)
        return try JSONValue.parse(Data(buffer: response.body))["items"]?.array ?? []
    }

    @Test(
        "Owed per recipient, paid in part and in full, replayed, refused past what is owed",
        arguments: TestDriver.available)
    func payouts(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            _ = try await MonthEnd(database: t.db, world: t.world).run(
                date: try BusinessDate(iso: "2026-10-31"), actor: .system)
            let bank = t.client()
            try await bank.useToken("bank")
            let all = try await Self.items(bank, "month=2026-10")
            let lines = try await FeeStore(database: t.db, world: t.world)
                .lines(month: "2026-10", scope: .everything)
            #expect(
                all.reduce(0) { $0 + ($1["amount"]?.int ?? 0) }
                    == lines.reduce(0) { $0 + $1.amount.dong })
            #expect(all.allSatisfy { $0["paid"]?.int == 0 && $0["paidOn"] == .null })
            #expect(Set(all.compactMap { $0["kind"]?.string }) == ["fee", "commission"])
            // The commune's organisation is one recipient for all its groups there.
            let commune = try #require(
                all.first {
                    $0["level"]?.string == "commune_organisation" && ($0["amount"]?.int ?? 0) > 1
                })
            let payee = try #require(commune["payee"]?.string)
            let owed = try #require(commune["amount"]?.int)
            #expect(commune["base"]?.int ?? 0 > 0 && commune["group"] == .null)
            let before = try await Self.payable(t)
            let half = owed / 2
            let body = ["month": "\"2026-10\"", "payee": "\"\(payee)\"", "amount": "\(half)"]
            #expect(try await Self.pay(bank, key: nil, body).status == .badRequest)
            let first = try await Self.pay(bank, key: "pay-1", body)
            #expect(first.status == .created)
            let json = try JSONValue.parse(Data(buffer: first.body))
            #expect(json["owed"]?.int == owed - half && json["method"]?.string == "cash")
            let replay = try await Self.pay(bank, key: "pay-1", body)
            #expect(replay.status == .created && replay.body.string == first.body.string)
            #expect(try await Self.payable(t) == before - half)
            // More than is left: refused, nothing posted.
            var over = body
            over["amount"] = "\(owed - half + 1)"
            let refused = try await Self.pay(bank, key: "pay-2", over)
            #expect(
                refused.status == .unprocessableEntity
                    && refused.body.string.contains("fee_overpaid"))
            #expect(try await Self.payable(t) == before - half)
            var rest = body
            rest["amount"] = "\(owed - half)"
            rest["method"] = "\"transfer\""
            #expect(try await Self.pay(bank, key: "pay-3", rest).status == .created)
            #expect(try await Self.payable(t) == before - owed)
            let settled = try #require(
                try await Self.items(bank, "month=2026-10").first {
                    $0["payee"]?.string == payee
                })
            #expect(settled["paid"]?.int == owed && settled["owed"]?.int == 0)
            #expect(settled["paidOn"]?.string == t.world.today.iso)
            rest["amount"] = "1"
            let nothing = try await Self.pay(bank, key: "pay-4", rest)
            #expect(nothing.status == .conflict && nothing.body.string.contains("fee_nothing_owed"))
            var unknown = body
            unknown["payee"] = "\"group:no-such-group\""
            #expect(try await Self.pay(bank, key: "pay-5", unknown).status == .notFound)
            unknown["payee"] = "\"nobody\""
            #expect(try await Self.pay(bank, key: "pay-6", unknown).status == .notFound)
            // The entry: the payable per group, cash and transfer per commune, audited.
            let audit = try await t.sql.raw(
                "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'fees.payout'"
            ).first(decodingColumn: "n", as: Int.self)
            #expect(audit == 2)
            #expect(try await LoanBookCheck.verify(sql: t.sql, world: t.world).isEmpty)
        }
    }

    @Test(
        "A union officer sees her organisation's, a leader his commission; neither pays",
        arguments: TestDriver.available)
    func scope(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            _ = try await MonthEnd(database: t.db, world: t.world).run(
                date: try BusinessDate(iso: "2026-10-31"), actor: .system)
            let union = t.client()
            try await union.useToken("union")
            let mine = try await Self.items(union, "month=2026-10")
            #expect(
                !mine.isEmpty && mine.allSatisfy { $0["organisation"]?.string == "womens_union" })
            #expect(
                try await union.get("/api/v1/fees?month=2026-10&organisation=farmers_union")
                    .status == .forbidden)
            #expect(try await union.get("/api/v1/fees?month=2026-13").status == .badRequest)
            let leader = t.client()
            try await leader.useToken("leader")
            let own = try await Self.items(leader, "month=2026-10")
            #expect(own.count == 1 && own.first?["kind"]?.string == "commission")
            let payee = try #require(own.first?["payee"]?.string)
            let body = ["month": "\"2026-10\"", "payee": "\"\(payee)\"", "amount": "1"]
            #expect(try await Self.pay(leader, key: "l-1", body).status == .forbidden)
            #expect(try await Self.pay(union, key: "u-1", body).status == .forbidden)
            // Pages: the bank's list with its forms, the signed list on A4, a bad amount refused.
            let officer = t.client()
            _ = try await officer.login("bank")
            let page = try await officer.get("/fees?month=2026-10")
            #expect(page.status == .ok && page.body.string.contains("fees-payees"))
            #expect(page.body.string.contains("fee-payout"))
            let list = try await officer.get("/fees/payouts/list?month=2026-10")
            #expect(list.status == .ok && list.body.string.contains("fee-payout-list-table"))
            #expect(list.body.string.contains("Ký nhận"))
            let bad = try await officer.postForm(
                "/fees/payouts",
                ["month": "2026-10", "payee": payee, "amount": "mười", "key": "page-1"])
            #expect(bad.status == .badRequest && bad.body.string.contains("fees-payees"))
            // The leader's commission may be nothing this month: the page says so, 409.
            if own.first?["owed"]?.int == 0 {
                let none = try await officer.postForm(
                    "/fees/payouts",
                    ["month": "2026-10", "payee": payee, "amount": "1", "key": "page-2"])
                #expect(none.status == .conflict && none.body.string.contains("Không còn khoản"))
            }
            let bank = t.client()
            try await bank.useToken("bank")
            let owed = try #require(
                try await Self.items(bank, "month=2026-10").first {
                    ($0["owed"]?.int ?? 0) > 0 && $0["organisation"]?.string == "womens_union"
                })
            let paid = try await officer.postForm(
                "/fees/payouts",
                [
                    "month": "2026-10", "payee": owed["payee"]?.string ?? "", "amount": "1",
                    "key": "page-3",
                ])
            #expect(paid.status == .seeOther)
            let seen = try await Self.items(union, "month=2026-10").first {
                $0["payee"] == owed["payee"]
            }
            #expect(seen?["paid"]?.int == 1)
            #expect(try await t.client().get("/fees?month=2026-10").status != .ok)
        }
    }

    @Test(
        "Sixteen payouts of what is owed at once, each with its own key: one pays",
        arguments: TestDriver.available)
    func concurrent(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            _ = try await MonthEnd(database: t.db, world: t.world).run(
                date: try BusinessDate(iso: "2026-10-31"), actor: .system)
            let store = FeeStore(database: t.db, world: t.world)
            let item = try #require(
                try await store.items(month: "2026-10", scope: .everything).first {
                    $0.owed.dong > 0
                })
            let before = try await Self.payable(t)
            let paid = await withTaskGroup(of: Bool.self) { group in
                for n in 0..<16 {
                    group.addTask {
                        (try? await store.payout(
                            month: "2026-10", payee: item.payee, amount: item.owed, method: .cash,
                            on: t.world.today, key: "race-\(n)", actor: .system,
                            scope: .everything)) != nil
                    }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(paid == 1)
            #expect(try await Self.payable(t) == before - item.owed.dong)
        }
    }
}
