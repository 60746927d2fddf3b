import Domain
import Foundation
import Store
import Testing

@testable import Web

/// Issue #14 §3: the changes of terms are Domain plans the store writes; the instalments the
/// database keeps agree with the Domain rule that principal settles them in due order.
@Suite("Changes of terms through the store")
struct TermsTests {
    static func d(_ iso: String) -> BusinessDate { LoanTests.d(iso) }

    /// A 30 m loan disbursed on 15/01/2025 (three yearly instalments of 10 m) with `prepaid`
    /// of its principal paid on 10/06/2025, ahead of every instalment.
    static func loan(_ t: TestApp, prepaid: Int64) async throws -> (LoanStore, String) {
        let a = try await LoanTests.approved(t, on: "2025-01-05")
        let loans = LoanStore(database: t.db, world: t.world)
        let id = try await loans.disburse(
            applicationID: a.id,
            DisbursementRequest(date: d("2025-01-15"), amount: Money(dong: 30_000_000)),
            key: "d", actor: LoanTests.bank, scope: .everything
        ).result.loan
        _ = try await loans.repay(
            loanID: id,
            RepaymentRequest(
                date: d("2025-06-10"), interest: .zero, principal: Money(dong: prepaid)),
            key: "r", actor: LoanTests.bank, scope: .everything)
        return (loans, id)
    }

    @Test(
        "A recall after principal paid ahead puts all of the outstanding overdue the next day",
        arguments: TestDriver.available)
    func recallAfterPrepayment(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            // 15 m of principal paid ahead: the first instalment (10 m, due 15/01/2026) is
            // paid in full, the second half paid.
            let (loans, id) = try await Self.loan(t, prepaid: 15_000_000)
            let file = RiskFile(
                cause: "Sử dụng vốn sai mục đích", requestedOn: Self.d("2025-08-01"))
            let recalled = try await loans.recall(
                loanID: id, on: Self.d("2025-08-01"), file: file, key: "recall",
                actor: LoanTests.bank, scope: .everything
            ).detail
            #expect(recalled.schedule.allSatisfy { $0.dueOn == Self.d("2025-08-01") })
            #expect(recalled.schedule.map(\.paid.dong).reduce(0, +) == 15_000_000)
            let next = try await loans.detail(id: id, on: Self.d("2025-08-02"), scope: .everything)
            #expect(next.standing.outstanding == Money(dong: 15_000_000))
            #expect(next.standing.overdue == Money(dong: 15_000_000))
            await #expect(throws: LendingError.self) {
                try await loans.recall(
                    loanID: id, on: Self.d("2025-08-01"), file: file, key: "recall-2",
                    actor: LoanTests.bank, scope: .everything)
            }
            #expect(try await LoanBookCheck.verify(sql: t.sql, world: t.world).isEmpty)
        }
    }

    @Test(
        "A term adjustment past the next instalment settles principal again in due order",
        arguments: TestDriver.available)
    func adjustmentReallocates(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let (loans, id) = try await Self.loan(t, prepaid: 4_000_000)
            // The first instalment (4 m of 10 m paid) moves past the second: the 4 m now settles
            // the second, which falls due first.
            let file = RiskFile(cause: "Ốm nặng", requestedOn: Self.d("2025-12-20"))
            let adjusted = try await loans.adjustTerm(
                loanID: id, instalmentDue: Self.d("2026-01-15"), to: Self.d("2027-06-15"),
                on: Self.d("2025-12-20"), file: file, actor: LoanTests.bank, scope: .everything)
            let rows = adjusted.schedule.map { ($0.dueOn.iso, $0.paid.dong) }
            #expect(rows.map(\.0) == ["2027-01-15", "2027-06-15", "2028-01-15"])
            #expect(rows.map(\.1) == [4_000_000, 0, 0])
            #expect(try await LoanBookCheck.verify(sql: t.sql, world: t.world).isEmpty)
        }
    }
}
