import Domain
import Foundation
import SQLKit
import Store
import Testing
import Vapor
import VaporTesting

/// A freeze extended by a supplementary freeze through HTTP, then ended by month-end once its
/// end passed, the unpaid instalments on a new schedule so nothing turns overdue at once; on
/// both databases.
@Suite("Freezes: supplementary freeze, ended by month-end with a new schedule")
struct FreezeLifecycleTests {
    @Test(
        "Extended within the loss's limit; month-end ends it and moves the schedule",
        arguments: TestDriver.available)
    func lifecycle(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let a = try await LoanTests.approved(t, amount: 30_000_000, on: "2025-03-01")
            let loans = LoanStore(database: t.db, world: t.world)
            let bank = Actor(userID: nil, username: "bank")
            let posted = try await loans.disburse(
                applicationID: a.id,
                DisbursementRequest(
                    date: try BusinessDate(iso: "2025-03-10"), amount: Money(dong: 30_000_000)),
                key: "d-1", actor: bank, scope: .everything
            ).result
            let id = posted.loan
            let file = RiskFile(
                cause: "Dịch bệnh gia súc", requestedOn: try BusinessDate(iso: "2026-01-05"),
                verification: "Tổ, hội xác minh; UBND xã xác nhận", approval: "Giám đốc chi nhánh",
                documents: "Biên bản xác minh")
            _ = try await loans.freeze(
                loanID: id, on: try BusinessDate(iso: "2026-01-10"), lossPercent: 50, months: 6,
                file: file, key: "f-1", actor: bank, scope: .everything)
            let client = t.client()
            try await client.useToken("bank")
            func extend(_ months: Int, key: String) async throws -> TestingHTTPResponse {
                try await client.send(
                    .POST, "/api/v1/loans/\(id)/freeze-extensions",
                    headers: ["Content-Type": "application/json", "Idempotency-Key": key],
                    body: ByteBuffer(
                        string: #"{"date":"2026-03-01","lossPercent":50,"months":\#(months),"#
                            + #""file":{"cause":"Dịch kéo dài","verification":"UBND xã xác nhận","#
                            + #""approval":"Giám đốc chi nhánh","documents":"Biên bản"}}"#))
            }
            #expect(try await extend(40, key: "x-1").status == .unprocessableEntity)
            #expect(try await extend(2, key: "x-2").status == .created)
            let extended = try await loans.detail(
                id: id, on: try BusinessDate(iso: "2026-08-01"), scope: .everything)
            #expect(extended.frozen?.through.iso == "2026-09-09")
            #expect(extended.standing.status == .frozen)
            let report = try await MonthEnd(database: t.db, world: t.world).run(
                date: try BusinessDate(iso: "2026-09-30"), actor: .system)
            #expect(report.freezesEnded == [id])
            let after = try await loans.detail(
                id: id, on: try BusinessDate(iso: "2026-09-30"), scope: .everything)
            #expect(after.standing.status == .current && after.standing.overdue == .zero)
            // Eight months frozen (10/01 to 10/09): each unpaid instalment eight months later.
            #expect(after.schedule.map(\.dueOn.iso) == ["2026-11-10", "2027-11-10", "2028-11-10"])
            #expect(after.summary.maturity.iso == "2028-11-10")
            let frozenLeft = try await t.sql.raw(
                """
                SELECT CAST(COALESCE(SUM(debit - credit), 0) AS BIGINT) AS b FROM journal_lines
                WHERE loan_id = \(bind: id) AND account = \(bind: ChartOfAccounts.loansFrozen.code)
                """
            ).first(decodingColumn: "b", as: Int64.self)
            #expect(frozenLeft == 0)
            #expect(try await LoanBookCheck.verify(sql: t.sql, world: t.world).isEmpty)
        }
    }
}
