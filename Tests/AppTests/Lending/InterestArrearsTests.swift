import Domain
import Foundation
import SQLKit
import Testing

@testable import Store

/// CHANGES 2026-12-01 item 8 through the store on both databases: a loan's arrears follow its
/// commune's sittings (the demo's Phố Hiến point), not the month's end.
@Suite("Interest arrears from the commune's sittings")
struct InterestArrearsStoreTests {
    @Test(
        "Paid at a sitting: no arrears until the next one passes; then what accrued through it",
        arguments: TestDriver.available)
    func sittings(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let id = try await PricingTests.loan(t, on: try BusinessDate(iso: "2026-06-01"))
            let loans = LoanStore(database: t.db, world: t.world)
            let unit = try await loans.detail(id: id, scope: .everything).summary.unitID
            let dates =
                try await LoanStore.interestDueDates(
                    unitIDs: [unit], through: try BusinessDate(iso: "2026-10-31"), sql: t.sql)[unit]
                ?? []
            let august = try #require(dates.first { $0.iso.hasPrefix("2026-08") })
            let september = try #require(dates.first { $0.iso.hasPrefix("2026-09") })
            #expect(Set(dates.map { $0.iso.prefix(7) }).count == dates.count)  // one per month
            let due = try await loans.detail(id: id, on: august, scope: .everything).standing
                .interestDue
            _ = try await loans.repay(
                loanID: id, RepaymentRequest(date: august, interest: due, principal: .zero),
                key: "arrears-august", actor: PricingTests.bank, scope: .everything)
            let onSitting = try await loans.detail(id: id, on: september, scope: .everything)
            #expect(onSitting.standing.interestArrears == .zero)
            var monthEndRule = onSitting.facts
            monthEndRule.interestDueDates = []
            if september.day > 1 {
                #expect(
                    try LoanAccount.standing(monthEndRule, on: september).interestArrears.dong > 0)
            }
            let after = try await loans.detail(
                id: id, on: september.adding(days: 1), scope: .everything)
            let owed = try LoanAccount.interestAccrued(after.facts, through: september)
                .subtracting(after.facts.interestPaid)
            #expect(after.standing.interestArrears == owed && owed.dong > 0)
        }
    }
}
