import Domain
import Foundation
import NIOCore
import SQLKit
import Store
import Testing
import Vapor
import VaporTesting
@testable import Web

/// Issue #13 §3: sixteen money commands at once on one loan, application or group, each with its
/// own Idempotency-Key, each allowed alone but not all together: exactly as many succeed as the
/// rules allow, the others get a 422, and the books still verify.
@Suite("Money commands under concurrency")
struct ConcurrencyTests {
    static let fired = 16

    /// Fires `count` requests at once, each with its own key; the statuses, in no order. A 503
    /// (every pooled connection busy for the pool's whole wait, as on a loaded machine) is sent
    /// again with the same key after its Retry-After, as a client does: the key makes that safe.
    static func fire(_ t: TestApp, token: String, _ path: String, method: HTTPMethod = .POST,
                     body: @escaping @Sendable (Int) -> String) async throws -> [Int] {
        try await withThrowingTaskGroup(of: Int.self) { group in
            for n in 0..<fired {
                group.addTask {
                    let client = t.client()
                    client.bearer = token
                    var headers: HTTPHeaders = ["Content-Type": "application/json"]
                    headers.add(name: "Idempotency-Key", value: "race-\(path)-\(n)")
                    for _ in 1..<busyRetries {
                        let response = try await client.send(
                            method, path, headers: headers, body: ByteBuffer(string: body(n)))
                        guard response.status == .serviceUnavailable else {
                            return Int(response.status.code)
                        }
                        let wait = Int(response.headers.first(name: .retryAfter) ?? "") ?? 1
                        try await Task.sleep(for: .seconds(wait))
                    }
                    let last = try await client.send(
                        method, path, headers: headers, body: ByteBuffer(string: body(n)))
                    return Int(last.status.code)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    /// Sends of one request at most, the last one's status counting whatever it is.
    static let busyRetries = 5

    static func expectOutcome(_ statuses: [Int], succeeded: Int, success: Int = 201,
                              _ comment: Comment, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(statuses.filter { $0 == success }.count == succeeded, comment, sourceLocation: sourceLocation)
        #expect(statuses.filter { $0 == 422 }.count == fired - succeeded, "\(comment): \(statuses.sorted())",
                sourceLocation: sourceLocation)
    }

    static func verified(_ t: TestApp, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let problems = try await LoanBookCheck.verify(sql: t.sql, world: t.world)
        #expect(problems.isEmpty, "\(problems)", sourceLocation: sourceLocation)
    }

    static func token(_ t: TestApp, _ user: String) async throws -> String {
        let client = t.client()
        try await client.useToken(user)
        return try #require(client.bearer)
    }

    @Test("Tranches, repayments and a reversal: four of sixteen fit the approval and the debt, one reversal of one collection",
          arguments: TestDriver.available)
    func loanCommands(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let bank = try await Self.token(t, "bank")
            let today = t.world.today.iso
            let application = try await LoanTests.approved(t, amount: 40_000_000)
            let tranches = try await Self.fire(t, token: bank, "/api/v1/applications/\(application.id)/disbursements") { _ in
                #"{"date":"\#(today)","amount":10000000,"method":"cash","source":"central"}"#
            }
            Self.expectOutcome(tranches, succeeded: 4, "tranches of 10 m on an approval of 40 m")
            let loan = try #require(try await t.sql.raw("SELECT loan_id FROM loan_applications WHERE id = \(bind: application.id)")
                .first(decodingColumn: "loan_id", as: String?.self) ?? nil)
            let detail = try await LoanStore(database: t.db, world: t.world).detail(id: loan, scope: .everything)
            #expect(detail.disbursed == Money(dong: 40_000_000))
            try await Self.verified(t)

            let repayments = try await Self.fire(t, token: bank, "/api/v1/loans/\(loan)/repayments") { _ in
                #"{"date":"\#(today)","interest":0,"principal":10000000}"#
            }
            Self.expectOutcome(repayments, succeeded: 4, "repayments of 10 m on a debt of 40 m")
            let after = try await LoanStore(database: t.db, world: t.world).detail(id: loan, scope: .everything)
            #expect(after.standing.outstanding == .zero && after.facts.state == .repaid)
            try await Self.verified(t)

            let event = try #require(after.events.first { $0.kind == .repayment }?.id)
            let reversals = try await Self.fire(t, token: bank, "/api/v1/loans/\(loan)/reversals") { _ in
                #"{"event":"\#(event)","date":"\#(today)","reason":"Nhập nhầm"}"#
            }
            Self.expectOutcome(reversals, succeeded: 1, "reversals of one collection")
            let reversed = try await LoanStore(database: t.db, world: t.world).detail(id: loan, scope: .everything)
            #expect(reversed.standing.outstanding == Money(dong: 10_000_000))
            try await Self.verified(t)
        }
    }

    @Test("A freeze, a write-off and a recall: one of sixteen each", arguments: TestDriver.available)
    func riskCommands(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let bank = try await Self.token(t, "bank")
            let today = t.world.today.iso
            let open = try await t.sql.raw("""
                SELECT id FROM loans WHERE state = 'current' AND unit_id = 'c11953@2025-07-01' AND maturity > \(bind: today)
                AND disbursed_on < \(bind: today) ORDER BY id LIMIT 2
                """).all().map { try $0.decode(column: "id", as: String.self) }
            try #require(open.count == 2)
            let file = #"{"cause":"Thiên tai","requestedOn":"\#(today)"}"#
            let freezes = try await Self.fire(t, token: bank, "/api/v1/loans/\(open[0])/freezes") { _ in
                #"{"date":"\#(today)","lossPercent":80,"months":36,"file":\#(file)}"#
            }
            Self.expectOutcome(freezes, succeeded: 1, "freezes of one loan")
            let writeOffs = try await Self.fire(t, token: bank, "/api/v1/loans/\(open[0])/write-offs") { _ in
                #"{"date":"\#(today)","principal":true,"file":\#(file),"checklist":"#
                    + WriteOffFixtures.json(.principal) + "}"
            }
            Self.expectOutcome(writeOffs, succeeded: 1, "write-offs of one loan")
            let recalls = try await Self.fire(t, token: bank, "/api/v1/loans/\(open[1])/recall") { _ in
                #"{"date":"\#(today)","file":{"cause":"Sử dụng vốn sai mục đích"}}"#
            }
            Self.expectOutcome(recalls, succeeded: 1, success: 200, "recalls of one loan")
            try await Self.verified(t)
        }
    }

    @Test("Sixteen group batches withdrawing a quarter of a member's savings each: four are paid", arguments: TestDriver.available)
    func collections(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let bank = try await Self.token(t, "bank")
            let group = "demo-group-11953-1"
            let members = try await GroupStore(database: t.db, world: t.world).members(groupID: group, on: t.world.today)
            let balances = try await CollectionStore(database: t.db, world: t.world).balances(groupID: group)
            let saver = try #require(members.sorted().first { (balances[$0] ?? 0) == 0 })
            let today = t.world.today.iso
            let client = t.client()
            client.bearer = bank
            var headers: HTTPHeaders = ["Content-Type": "application/json"]
            headers.add(name: "Idempotency-Key", value: "deposit-first")
            let deposit = try await client.send(.POST, "/api/v1/groups/\(group)/collections", headers: headers, body: ByteBuffer(
                string: #"{"date":"\#(today)","cashCounted":40000,"lines":[{"member":"\#(saver)","savingsDeposit":40000}]}"#))
            #expect(deposit.status == .created, "\(deposit.body.string)")
            let withdrawals = try await Self.fire(t, token: bank, "/api/v1/groups/\(group)/collections") { _ in
                #"{"date":"\#(today)","cashCounted":-10000,"lines":[{"member":"\#(saver)","savingsWithdrawal":10000}]}"#
            }
            Self.expectOutcome(withdrawals, succeeded: 4, "withdrawals of 10.000 đ from 40.000 đ")
            #expect(try await CollectionStore(database: t.db, world: t.world).balances(groupID: group)[saver] == 0)
            try await Self.verified(t)
        }
    }

    @Test("A list disbursement sixteen times at once pays the list once; a fee re-run sixteen times posts the difference once",
          arguments: TestDriver.available)
    func listAndFees(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let store = LoanStore(database: t.db, world: t.world)
            var items: [(applicationID: String, request: DisbursementRequest)] = []
            for _ in 0..<3 {
                let a = try await LoanTests.approved(t, amount: 20_000_000)
                items.append((a.id, DisbursementRequest(date: t.world.today, amount: Money(dong: 20_000_000))))
            }
            let list = items
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for n in 0..<Self.fired {
                    group.addTask {
                        (try? await store.disburseList(list, key: "list-\(n)", actor: LoanTests.bank, scope: .everything)) != nil
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1, "\(outcomes)")
            let loans = try await t.sql.raw("SELECT COUNT(*) AS n FROM loans WHERE application_id IN (\(binds: items.map(\.applicationID)))")
                .first(decodingColumn: "n", as: Int.self)
            #expect(loans == 3)
            try await Self.verified(t)

            let monthEnd = try BusinessDate(iso: "2026-10-31")
            _ = try await MonthEnd(database: t.db, world: t.world).run(date: monthEnd, actor: .system)
            _ = try await ReferenceDataStore(database: t.db, world: t.world).addValue(
                key: "fee_org_rate_millionths", effectiveFrom: try BusinessDate(iso: "2026-10-01"), value: "600",
                legalSource: "Quyết định sửa tỷ lệ (thử)", note: "", actor: .system)
            let fees = FeeStore(database: t.db, world: t.world)
            let reruns = try await withThrowingTaskGroup(of: FeeRerun.self) { group in
                for n in 0..<Self.fired {
                    group.addTask {
                        try await fees.rerun(month: "2026-10", on: t.world.today, key: "rerun-\(n)", actor: .system, scope: .everything).result
                    }
                }
                return try await group.reduce(into: [FeeRerun]()) { $0.append($1) }
            }
            #expect(reruns.filter { $0.entryID != nil }.count == 1, "\(reruns.map(\.linesChanged))")
            let adjustments = try await t.sql.raw("SELECT COUNT(*) AS n FROM journal_entries WHERE kind = 'fees_adjustment'")
                .first(decodingColumn: "n", as: Int.self)
            #expect(adjustments == 1)
            try await Self.verified(t)
        }
    }

    @Test("Two month-end runs at once: the second is refused with a message, the first finishes", arguments: TestDriver.available)
    func monthEndTwice(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let date = try BusinessDate(iso: "2026-10-31")
            let (started, signal) = AsyncStream.makeStream(of: Void.self)
            let (released, release) = AsyncStream.makeStream(of: Void.self)
            let world = t.world
            let db = t.db
            let first = Task {
                try await MonthEnd(database: db, world: world).run(date: date, actor: .system, afterBatch: { n in
                    guard n == 0 else { return }
                    signal.yield()
                    for await _ in released { break }
                })
            }
            for await _ in started { break }
            do {
                _ = try await MonthEnd(database: t.db, world: t.world).run(date: date, actor: .system)
                Issue.record("a second month-end ran beside the first")
            } catch let error as PlatformError {
                #expect(error.code == "run_in_progress" && error.message.contains("khóa sổ cuối tháng"))
            }
            release.yield()
            let report = try await first.value
            #expect(!report.alreadyClosed)
            let again = try await MonthEnd(database: t.db, world: t.world).run(date: date, actor: .system)
            #expect(again.alreadyClosed)
            try await Self.verified(t)
        }
    }
}
