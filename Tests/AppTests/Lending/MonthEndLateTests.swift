import Domain
import Foundation
import SQLKit
import Store
import Testing

/// A month closed after the next month's first sittings: the overdue transfer reads each loan as
/// it stood at the month's end, so the closed month's ledger agrees with its figures.
@Suite("Month-end closed after later-dated payments")
struct MonthEndLateTests {
    static func day(_ iso: String) -> BusinessDate {
        (try? BusinessDate(iso: iso)) ?? BusinessDate.inputRange.lowerBound
    }

    /// The loan's balance on an account through a day.
    static func balance(
        _ t: TestApp, loan: String, account: Account, through iso: String
    ) async throws -> Int64 {
        try await t.sql.raw(
            """
            SELECT CAST(COALESCE(SUM(debit - credit), 0) AS BIGINT) AS b FROM journal_lines
            WHERE loan_id = \(bind: loan) AND account = \(bind: account.code)
              AND posted_on <= \(bind: iso)
            """
        ).first(decodingColumn: "b", as: Int64.self) ?? -1
    }

    @Test(
        "September closed after a 2 October payment of its instalment: 10 m overdue on 30/9",
        arguments: TestDriver.available)
    func lateClose(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let bank = Actor(userID: nil, username: "bank")
            let loans = LoanStore(database: t.db, world: t.world)
            let loan = try await PricingTests.loan(
                t, on: Self.day("2025-03-03"), amount: 40_000_000, intervalMonths: 6)
            // The first 10 m fell due on 03/09/2025; it is paid on 02/10, before September closes.
            let october = Self.day("2025-10-02")
            let due = try await loans.detail(id: loan, on: october, scope: .everything)
            _ = try await loans.repay(
                loanID: loan,
                RepaymentRequest(
                    date: october, interest: due.standing.interestDue,
                    principal: Money(dong: 10_000_000)),
                key: "late-r", actor: bank, scope: .everything)
            let september = try await MonthEnd(database: t.db, world: t.world).run(
                date: Self.day("2025-09-30"), actor: bank)
            #expect(september.toOverdue == Money(dong: 10_000_000))
            let held = try await Self.balance(
                t, loan: loan, account: ChartOfAccounts.loansOverdue, through: "2025-09-30")
            #expect(held == 10_000_000)
            let figures = try await t.sql.raw(
                """
                SELECT CAST(SUM(overdue) AS BIGINT) AS o FROM unit_month_figures
                WHERE month = '2025-09' AND unit_id = (SELECT unit_id FROM loans
                  WHERE id = \(bind: loan))
                """
            ).first(decodingColumn: "o", as: Int64.self)
            #expect(figures == held)
            #expect(try await LoanBookCheck.verify(sql: t.sql, world: t.world).isEmpty)
            // October's close moves it back: nothing is overdue at the end of October.
            let octoberEnd = try await MonthEnd(database: t.db, world: t.world).run(
                date: Self.day("2025-10-31"), actor: bank)
            #expect(octoberEnd.backToCurrent == Money(dong: 10_000_000))
            #expect(
                try await Self.balance(
                    t, loan: loan, account: ChartOfAccounts.loansOverdue, through: "2025-10-31")
                    == 0)
            #expect(
                try await Self.balance(
                    t, loan: loan, account: ChartOfAccounts.loansCurrent, through: "2025-10-31")
                    == 30_000_000)
            #expect(try await LoanBookCheck.verify(sql: t.sql, world: t.world).isEmpty)
        }
    }
}
