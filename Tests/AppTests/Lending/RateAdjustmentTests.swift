import Domain
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import Store

/// Issue #14 §2, CHANGES 2026-12-01 item 5, through the store and HTTP on both databases: a
/// retroactive cut recorded after two months closed makes the next month-end give back, per loan,
/// what those months took above the cut, listed per commune and paid once at the sitting.
@Suite("Rate adjustments: a retroactive cut and its refunds")
struct RateAdjustmentTests {
    static let bank = Actor(userID: nil, username: "bank")

    struct Input: Content {
        var id = "CUT-Q4-2025"
        var name = "Giảm 2 %/năm quý IV/2025"
        var provinces: [Int]? = [33]
        var capitalSources: [String]? = ["central"]
        var from = "2025-10-01"
        var through = "2025-12-31"
        var pointsPerYear: String? = "-0.02"
        var factorPercent: Int64?
        var legalSource = "Quyết định 2654/QĐ-TTg ngày 04/12/2025"
    }

    struct Payout: Content { let date: String; let method: String }

    /// A loan disbursed on 1 September 2025 whose interest is paid on 31 October and 30 November,
    /// with September to November closed before the cut is known.
    static func closedAutumn(_ t: TestApp) async throws -> String {
        let store = RateAdjustmentStore(database: t.db, world: t.world)
        // The seeded Decision 2654 would price the autumn from the start: out of the way.
        try await store.withdraw(id: "QD2654-2025", reason: "Kiểm thử hồi tố", actor: .system)
        let id = try await PricingTests.loan(t, on: try BusinessDate(iso: "2025-09-01"))
        let loans = LoanStore(database: t.db, world: t.world)
        for (n, day) in ["2025-09-30", "2025-10-31", "2025-11-30"].enumerated() {
            let date = try BusinessDate(iso: day)
            if n > 0 {
                let due = try await loans.detail(id: id, on: date, scope: .everything).standing
                    .interestDue
                _ = try await loans.repay(
                    loanID: id,
                    RepaymentRequest(date: date, interest: due, principal: .zero, method: .cash),
                    key: "autumn-\(day)", actor: bank, scope: .everything)
            }
            _ = try await MonthEnd(database: t.db, world: t.world).run(date: date, actor: .system)
        }
        return id
    }

    @Test(
        "A cut after closed months: refund per loan at month-end, listed, paid once; verify clean",
        arguments: TestDriver.available)
    func retroactiveCut(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let id = try await Self.closedAutumn(t)
            let admin = t.client()
            try await admin.useToken("admin")
            let added = try await admin.postJSON("/api/v1/rate-adjustments", Input())
            #expect(added.status == .created, "\(added.body.string)")
            #expect(
                try await admin.postJSON("/api/v1/rate-adjustments", Input()).errorCode
                    == "duplicate_adjustment")
            let before = try await LoanStore(database: t.db, world: t.world).detail(
                id: id, scope: .everything)
            let report = try await MonthEnd(database: t.db, world: t.world)
                .run(date: try BusinessDate(iso: "2025-12-31"), actor: .system)
            #expect(report.refundLoans >= 1)
            // October and November: 20 m at 2 %/năm for 61 days is 67.777,8 đ, within a đồng of
            // the difference of the two rounded sums.
            let row = try #require(
                try await t.sql.raw(
                    """
                    SELECT amount, offset_amount, owed FROM interest_refunds
                    WHERE loan_id = \(bind: id)
                    """
                ).first())
            let amount = try row.decode(column: "amount", as: Int64.self)
            #expect(abs(amount - 67_778) <= 1)
            #expect(try row.decode(column: "offset_amount", as: Int64.self) == 0)
            #expect(try row.decode(column: "owed", as: Int64.self) == amount)
            let after = try await LoanStore(database: t.db, world: t.world).detail(
                id: id, scope: .everything)
            #expect(after.interestPaid.dong == before.interestPaid.dong - amount)
            #expect(try await LoanBookCheck.verify(sql: t.sql, world: t.world).isEmpty)
            let settled = try await RateAdjustmentStore(database: t.db, world: t.world).list()
            #expect(settled.first { $0.adjustment.id == "CUT-Q4-2025" }?.settledMonth == "2025-12")
            struct Reason: Content { let reason: String }
            let withdrawal = try await admin.postJSON(
                "/api/v1/rate-adjustments/CUT-Q4-2025/withdrawal", Reason(reason: "Nhầm"))
            #expect(withdrawal.status == .conflict)
            #expect(withdrawal.errorCode == "adjustment_settled")

            let list = try await admin.get("/api/v1/interest-refunds?unit=11953&unpaid=true")
            #expect(list.status == .ok, "\(list.body.string)")
            let json = try JSONValue.parse(Data(buffer: list.body))
            let line = try #require(json["items"]?.array?.first { $0["loan"]?.string == id })
            #expect(line["owed"]?.int == amount)
            let refundID = try #require(line["id"]?.string)
            var headers = HTTPHeaders()
            headers.contentType = .json
            headers.add(name: "Idempotency-Key", value: "refund-1")
            let body = ByteBuffer(
                data: try JSONEncoder().encode(Payout(date: "2026-01-10", method: "cash")))
            let path = "/api/v1/interest-refunds/\(refundID)/payout"
            let paid = try await admin.send(.POST, path, headers: headers, body: body)
            #expect(paid.status == .created, "\(paid.body.string)")
            let replay = try await admin.send(.POST, path, headers: headers, body: body)
            #expect(replay.headers.first(name: "Idempotent-Replayed") == "true")
            headers.replaceOrAdd(name: "Idempotency-Key", value: "refund-2")
            let twice = try await admin.send(.POST, path, headers: headers, body: body)
            #expect(twice.errorCode == "refund_not_owed")
            let payable = try await t.sql.raw(
                """
                SELECT CAST(COALESCE(SUM(credit - debit), 0) AS BIGINT) AS b FROM journal_lines
                WHERE account = '4592' AND loan_id = \(bind: id)
                """
            ).first(decodingColumn: "b", as: Int64.self)
            #expect(payable == 0)
            #expect(try await LoanBookCheck.verify(sql: t.sql, world: t.world).isEmpty)

            let history = try JSONValue.parse(
                Data(buffer: try await admin.get("/api/v1/loans/\(id)").body))
            let periods = history["rateHistory"]?.array ?? []
            let cut = try #require(
                periods.first { $0["act"]?["kind"]?.string == "rate_adjustment" })
            #expect(cut["from"]?.string == "2025-10-01")
            #expect(cut["ratePerYear"]?.string == "0.0592")
            #expect(cut["adjustment"]?["pointsPerYear"]?.string == "-0.02")
            let officer = t.client()
            _ = try await officer.login("admin")
            let page = try await officer.get("/interest-refunds?unit=11953")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Danh sách hoàn lãi"))
            #expect(page.body.string.contains("10/01/2026"))
        }
    }

    @Test(
        "Bad adjustments: 400, 409 for overlapping factors, 404 to withdraw none; audited",
        arguments: TestDriver.available)
    func refusals(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let admin = t.client()
            try await admin.useToken("admin")
            var input = Input()
            input.pointsPerYear = "-2"
            #expect(
                try await admin.postJSON("/api/v1/rate-adjustments", input).errorCode
                    == "invalid_rate_change")
            input.pointsPerYear = nil
            input.factorPercent = 50
            #expect(try await admin.postJSON("/api/v1/rate-adjustments", input).status == .created)
            input.id = "HALF-AGAIN"
            let clash = try await admin.postJSON("/api/v1/rate-adjustments", input)
            #expect(clash.status == .conflict)
            #expect(clash.errorCode == "overlapping_factor")
            input.id = "LATER"
            input.from = "2026-01-01"
            input.through = "2025-12-31"
            #expect(
                try await admin.postJSON("/api/v1/rate-adjustments", input).errorCode
                    == "adjustment_dates_out_of_order")
            struct Reason: Content { let reason: String }
            let none = try await admin.postJSON(
                "/api/v1/rate-adjustments/NONE/withdrawal", Reason(reason: "x"))
            #expect(none.status == .notFound)
            let unreasoned = try await admin.postJSON(
                "/api/v1/rate-adjustments/CUT-Q4-2025/withdrawal", Reason(reason: " "))
            #expect(unreasoned.errorCode == "reason_required")
            let withdrawn = try await admin.postJSON(
                "/api/v1/rate-adjustments/CUT-Q4-2025/withdrawal", Reason(reason: "Sai phạm vi"))
            #expect(withdrawn.status == .noContent)
            let bank = t.client()
            try await bank.useToken("bank")
            #expect(
                try await bank.postJSON("/api/v1/rate-adjustments", Input()).status == .forbidden)
            let audit = try await t.sql.raw(
                """
                SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'rate_adjustment.%'
                """
            ).first(decodingColumn: "n", as: Int.self)
            #expect(audit == 2)
        }
    }
}
