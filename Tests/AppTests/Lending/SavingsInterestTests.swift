import Domain
import Foundation
import SQLKit
import Testing

@testable import Store

/// CHANGES 2026-12-01 item 9 through month-end on both databases: members' savings earn from the
/// day of the deposit; each month books what it earned as owed to them (4913); 30 June credits
/// the half-year to each account, rounded once; the payable is then empty.
@Suite("Members' savings interest: credited on 30/6 and 31/12")
struct SavingsInterestCreditTests {
    /// End-of-day balances from 1 January through `last` at 1,2 %/năm, rounded down once.
    static func expected(
        _ deposits: [(String, Int64)], through last: String = "2026-06-30"
    ) throws -> Int64 {
        var sum: Int64 = 0
        var day = try BusinessDate(iso: "2026-01-01")
        let end = try BusinessDate(iso: last)
        while day <= end {
            sum += try deposits.filter { try BusinessDate(iso: $0.0) <= day }.reduce(0) {
                $0 + $1.1
            }
            day = day.adding(days: 1)
        }
        return sum * 120 / 3_650_000
    }

    @Test(
        "April to June: owed monthly, credited on 30 June exactly; 4913 empty; verify clean",
        arguments: TestDriver.available)
    func halfYear(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let group = try #require(
                try await t.sql.raw(
                    "SELECT id FROM savings_groups WHERE status = 'active' ORDER BY id"
                ).first(decodingColumn: "id", as: String.self))
            let members = try await GroupStore(database: t.db, world: t.world)
                .members(groupID: group, on: try BusinessDate(iso: "2026-04-10")).sorted()
            try #require(members.count >= 2)
            let collections = CollectionStore(database: t.db, world: t.world)
            let plan: [(String, String, Int64)] = [
                ("2026-04-10", members[0], 1_000_000), ("2026-04-10", members[1], 500_000),
                ("2026-05-20", members[0], 200_000),
            ]
            for (n, (day, member, amount)) in plan.enumerated() {
                _ = try await collections.post(
                    groupID: group, on: try BusinessDate(iso: day),
                    cashCounted: Money(dong: amount),
                    lines: [CollectionLine(member: member, savingsDeposit: Money(dong: amount))],
                    key: "savings-\(n)", actor: .system, scope: .everything)
            }
            let monthEnd = MonthEnd(database: t.db, world: t.world)
            var accrued: Int64 = 0
            for day in ["2026-04-30", "2026-05-31"] {
                let report = try await monthEnd.run(
                    date: try BusinessDate(iso: day), actor: .system)
                #expect(report.savingsInterest == .zero && report.savingsInterestAccrued.dong > 0)
                accrued += report.savingsInterestAccrued.dong
            }
            func balance(_ account: String) async throws -> Int64 {
                try await t.sql.raw(
                    """
                    SELECT CAST(COALESCE(SUM(credit - debit), 0) AS BIGINT) AS b FROM journal_lines
                    WHERE account = \(bind: account)
                    """
                ).first(decodingColumn: "b", as: Int64.self) ?? 0
            }
            #expect(try await balance("4913") == accrued)
            let june = try await monthEnd.run(
                date: try BusinessDate(iso: "2026-06-30"), actor: .system)
            let first = try Self.expected([("2026-04-10", 1_000_000), ("2026-05-20", 200_000)])
            let second = try Self.expected([("2026-04-10", 500_000)])
            let credited = try await t.sql.raw(
                """
                SELECT a.household_id AS h, CAST(SUM(m.amount) AS BIGINT) AS b
                FROM savings_movements m JOIN savings_accounts a ON a.id = m.account_id
                WHERE m.kind = 'interest' AND a.group_id = \(bind: group) GROUP BY a.household_id
                """
            ).all().reduce(into: [String: Int64]()) {
                $0[try $1.decode(column: "h", as: String.self)] = try $1.decode(
                    column: "b", as: Int64.self)
            }
            #expect(credited[members[0]] == first && credited[members[1]] == second)
            #expect(june.savingsInterest.dong >= first + second)
            // The half-year rounds once: never below the months' floors.
            #expect(june.savingsInterest.dong >= accrued + june.savingsInterestAccrued.dong)
            #expect(try await balance("4913") == 0)
            #expect(try await balance("8012") == -june.savingsInterest.dong)
            let drift = try await t.sql.raw(
                """
                SELECT COUNT(*) AS n FROM savings_accounts a WHERE a.balance <>
                  (SELECT COALESCE(SUM(m.amount), 0) FROM savings_movements m
                   WHERE m.account_id = a.id)
                """
            ).first(decodingColumn: "n", as: Int.self)
            #expect(drift == 0)
            #expect(try await LoanBookCheck.verify(sql: t.sql, world: t.world).isEmpty)
        }
    }
}
