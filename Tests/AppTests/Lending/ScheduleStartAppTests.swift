import Domain
import Foundation
import SQLKit
import Store
import Testing
import Vapor
import VaporTesting

/// A grace period or a first due date set at the first disbursement, through HTTP on both
/// databases: the stored schedule starts where the contract says; the second tranche cannot
/// move it; both at once, or a grace as long as the loan, are refused with nothing written.
@Suite("Schedules: grace period and first due date through HTTP")
struct ScheduleStartAppTests {
    static func disburse(
        _ client: TestClient, _ application: String, key: String, _ json: String
    ) async throws -> TestingHTTPResponse {
        try await client.send(
            .POST, "/api/v1/applications/\(application)/disbursements",
            headers: ["Content-Type": "application/json", "Idempotency-Key": key],
            body: ByteBuffer(string: json))
    }

    static func dues(_ t: TestApp, application: String) async throws -> [String] {
        try await t.sql.raw(
            """
            SELECT i.due_on FROM loan_instalments i JOIN loan_applications a ON a.loan_id = i.loan_id
            WHERE a.id = \(bind: application) ORDER BY i.due_on
            """
        ).all(decodingColumn: "due_on", as: String.self)
    }

    @Test(
        "Grace and first due date at the first tranche; refused when wrong or late",
        arguments: TestDriver.available)
    func start(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let bank = t.client()
            try await bank.useToken("bank")
            let today = t.world.today
            let a = try await LoanTests.approved(t, amount: 40_000_000)
            let both =
                #"{"date":"\#(today.iso)","amount":10000000,"graceMonths":6,"#
                + #""firstDueOn":"\#(today.adding(days: 200).iso)"}"#
            #expect(
                try await Self.disburse(bank, a.id, key: "s-1", both).status
                    == .unprocessableEntity)
            let long = #"{"date":"\#(today.iso)","amount":10000000,"graceMonths":600}"#
            #expect(
                try await Self.disburse(bank, a.id, key: "s-2", long).status
                    == .unprocessableEntity)
            #expect(try await Self.dues(t, application: a.id).isEmpty)
            let grace = #"{"date":"\#(today.iso)","amount":10000000,"graceMonths":6}"#
            #expect(try await Self.disburse(bank, a.id, key: "s-3", grace).status == .created)
            let dues = try await Self.dues(t, application: a.id)
            let end = RepaymentSchedule.adding(months: 6, to: today).iso
            #expect(!dues.isEmpty && dues.allSatisfy { $0 > end })
            let again = #"{"date":"\#(today.iso)","amount":10000000,"graceMonths":3}"#
            #expect(
                try await Self.disburse(bank, a.id, key: "s-4", again).status
                    == .unprocessableEntity)
            let b = try await LoanTests.approved(t, amount: 20_000_000)
            let first = today.adding(days: 45)
            let due = #"{"date":"\#(today.iso)","amount":20000000,"firstDueOn":"\#(first.iso)"}"#
            #expect(try await Self.disburse(bank, b.id, key: "s-5", due).status == .created)
            #expect(try await Self.dues(t, application: b.id).first == first.iso)
            #expect(try await LoanBookCheck.verify(sql: t.sql, world: t.world).isEmpty)
        }
    }
}
