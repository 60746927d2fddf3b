import Domain
import Foundation
import SQLKit
import Store
import Testing
import Vapor
import VaporTesting

@Suite("Ledger and programs through the store and HTTP")
struct LedgerTests {
    static func entry(
        _ id: String, _ date: String, _ amount: Int64, unit: String = "c11953@2025-07-01"
    ) -> JournalEntry {
        JournalEntry(
            id: JournalEntry.ID(id), postedOn: try! BusinessDate(iso: date), kind: "disbursement",
            description: "Giải ngân thử",
            lines: [
                JournalLine(
                    account: ChartOfAccounts.loansCurrent.code, debit: Money(dong: amount),
                    programCode: "poor_household", unitID: unit),
                JournalLine(
                    account: ChartOfAccounts.cash.code, credit: Money(dong: amount), unitID: unit),
            ])
    }

    @Test(
        "Post, reverse once, close a month; verify finds a deliberately broken posting",
        arguments: TestDriver.available)
    func journal(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let ledger = LedgerStore(sql: t.sql, world: t.world)
            // The demo book is already in the journal: every figure below is a change from it.
            func loans(_ date: String) async throws -> (balance: Int64, debit: Int64) {
                let line = try await ledger.trialBalance(on: try BusinessDate(iso: date)).first {
                    $0.account == "2111"
                }
                return (line?.balance.dong ?? 0, line?.debit.dong ?? 0)
            }
            let march = try await loans("2026-03-31"), february = try await loans("2026-02-28")
            try await ledger.post(
                [
                    Self.entry("e1", "2026-02-10", 30_000_000),
                    Self.entry("e2", "2026-03-05", 20_000_000),
                ], actor: .system)
            var broken = Self.entry("bad", "2026-03-06", 1)
            broken.lines[1].credit = Money(dong: 2)
            await #expect(
                throws: LedgerError.unbalanced(debit: Money(dong: 1), credit: Money(dong: 2))
            ) { try await ledger.post([broken], actor: .system) }
            #expect(
                try await t.sql.select().column("id").from("journal_entries").where(
                    "id", .equal, "bad"
                ).first() == nil)
            let reversal = try await ledger.reverse(
                entryID: "e2", on: try BusinessDate(iso: "2026-03-06"), reason: "Nhập nhầm số tiền",
                actor: .system)
            await #expect(throws: LedgerError.alreadyReversed("e2")) {
                try await ledger.reverse(
                    entryID: "e2", on: try BusinessDate(iso: "2026-03-07"), reason: "lần hai",
                    actor: .system)
            }
            let balance = try await ledger.trialBalance(on: try BusinessDate(iso: "2026-03-31"))
            #expect(
                balance.first { $0.account == "2111" }?.balance
                    == Money(dong: march.balance + 30_000_000))
            #expect(
                balance.reduce(0) { $0 + $1.debit.dong }
                    == balance.reduce(0) { $0 + $1.credit.dong })
            #expect(try await loans("2026-02-28").debit == february.debit + 30_000_000)
            // Scope: another commune's officer sees none of it, only the capital its own budget
            // entrusted in the demo (received on 1113, credited to 4823).
            let other = try await ScopeResolver(sql: t.sql).resolve(
                .commune(try UnitCode(11977)), today: t.world.today)
            let own = [ChartOfAccounts.transfers.code, ChartOfAccounts.capitalReceivedCommune.code]
            #expect(
                try await ledger.trialBalance(on: t.world.today, scope: other)
                    .filter { !own.contains($0.account) }.allSatisfy {
                        $0.debit == .zero && $0.credit == .zero
                    })
            try await ledger.close(month: "2026-02", actor: .system)
            await #expect(throws: LedgerError.periodClosed("2026-02")) {
                try await ledger.post([Self.entry("late", "2026-02-27", 5)], actor: .system)
            }
            #expect(reversal.reverses == "e2")
            #expect(try await ledger.verify().isEmpty)
            // A line written around the store (as a bug would) is found.
            try await t.sql.insert(into: "journal_lines").columns(
                "entry_id", "line_no", "posted_on", "account", "debit", "credit"
            )
            .values("e1", 3, "2026-02-10", "1011", 0, 7).run()
            let problems = try await ledger.verify()
            #expect(problems.contains { $0.contains("Bút toán e1 không cân") })
            #expect(problems.contains { $0.contains("Bảng cân đối không bằng 0") })
        }
    }

    @Test(
        "The trial-balance contract, the programs API with the anchor on two dates, eligibility of a demo household"
    )
    func api() async throws {
        try await withTestApp(.sqlite) { t in
            let bank = t.client()
            try await bank.useToken("bank")
            let earlier = try JSONValue.parse(
                Data(
                    buffer: try await bank.get("/api/v1/ledger/trial-balance?date=2026-03-31").body)
            )
            try await LedgerStore(sql: t.sql, world: t.world).post(
                [Self.entry("e1", "2026-02-10", 30_000_000)], actor: .system)
            let tb = try JSONValue.parse(
                Data(
                    buffer: try await bank.get("/api/v1/ledger/trial-balance?date=2026-03-31").body)
            )
            #expect(
                tb["debit"]?.int == (earlier["debit"]?.int ?? 0) + 30_000_000
                    && tb["credit"] == tb["debit"])
            #expect(tb["accounts"]?.array?.count == ChartOfAccounts.all.count)
            let commune = t.client()
            try await commune.useToken("commune")
            #expect(try await commune.get("/api/v1/ledger/trial-balance").status == .forbidden)
            let before = try JSONValue.parse(
                Data(buffer: try await commune.get("/api/v1/programs?asOf=2025-06-30").body))
            let after = try JSONValue.parse(
                Data(buffer: try await commune.get("/api/v1/programs?asOf=2026-06-30").body))
            func rate(_ list: JSONValue, _ code: String) -> String? {
                list["items"]?.array?.first { $0["code"]?.string == code }?["ratePerMonth"]?.string
            }
            #expect(
                rate(before, "near_poor_household") == "0.0066"
                    && rate(after, "near_poor_household") == "0.00624")
            #expect(
                rate(before, "social_housing") == "0.0055"
                    && rate(after, "social_housing") == "0.0045")
            #expect(rate(before, "working_abroad") == nil)
            // A new parameter set by the administrator; another role is refused.
            struct Set: Encodable {
                let programCode: String; let validFrom: String; let legalSource: String;
                let rate: [String: String]
                let overduePercent: Int; let maxPerLoan: Int64; let maxTermMonths: Int;
                let borrowers: String; let dayCount: String; let repricing: String; let note: String
            }
            let new = Set(
                programCode: "post_prison", validFrom: "2026-12-01", legalSource: "Quyết định thử",
                rate: ["kind": "fixed", "percentPerMonth": "0.52"],
                overduePercent: 130, maxPerLoan: 100_000_000, maxTermMonths: 120,
                borrowers: "documents", dayCount: "monthly_30",
                repricing: "new_loans_only", note: "")
            #expect(
                try await commune.postJSON("/api/v1/programs/post_prison/parameters", new).status
                    == .forbidden)
            let admin = t.client()
            try await admin.useToken("admin")
            #expect(
                try await admin.postJSON("/api/v1/programs/post_prison/parameters", new).status
                    == .created)
            let program = try JSONValue.parse(
                Data(
                    buffer: try await commune.get("/api/v1/programs/post_prison?asOf=2026-12-01")
                        .body))
            #expect(
                program["program"]?["ratePerMonth"]?.string == "0.0052"
                    && program["history"]?.array?.count == 2)
            // Eligibility: a demo household in a group, under the program matching its classification today.
            let row = try #require(
                try await t.sql.raw(
                    """
                    SELECT m.household_id AS id, c.class AS class FROM group_memberships m JOIN household_classifications c ON c.household_id = m.household_id
                    WHERE m.valid_to IS NULL AND c.valid_to IS NULL AND c.class = 'poor' LIMIT 1
                    """
                ).first())
            let household = try row.decode(column: "id", as: String.self)
            struct Check: Encodable {
                let household: String; let program: String; let amount: Int64; let termMonths: Int
            }
            let ok = try JSONValue.parse(
                Data(
                    buffer: try await commune.postJSON(
                        "/api/v1/programs/eligibility",
                        Check(
                            household: household, program: "poor_household", amount: 50_000_000,
                            termMonths: 60)
                    ).body))
            #expect(ok["eligible"] == .bool(true))
            let no = try JSONValue.parse(
                Data(
                    buffer: try await commune.postJSON(
                        "/api/v1/programs/eligibility",
                        Check(
                            household: household, program: "near_poor_household",
                            amount: 150_000_000, termMonths: 200)
                    ).body))
            #expect(no["eligible"] == .bool(false))
            let codes = no["reasons"]?.array?.compactMap { $0["code"]?.string } ?? []
            #expect(
                Swift.Set(codes) == [
                    "not_eligible", "above_loan_cap", "above_household_cap", "term_too_long",
                ])
        }
    }

    @Test(
        "A money command runs once per key: a replay posts nothing, another body is a conflict, a refusal leaves no key",
        arguments: TestDriver.available)
    func idempotency(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            struct Body: Codable, Sendable { let amount: Int64 }
            struct Posted: Codable, Sendable, Equatable { let entry: String }
            let actor = Actor(userID: "u1", username: "bank")
            let world = t.world
            func command(
                _ amount: Int64, key: String?
            ) async throws -> (result: Posted, replayed: Bool) {
                try await IdempotentCommand.run(
                    database: t.db, world: world, actor: actor, key: key,
                    request: Body(amount: amount)
                ) { sql in
                    let id = world.newID()
                    try await LedgerStore(sql: sql, world: world).post(
                        [LedgerTests.entry(id, "2026-03-10", amount)], actor: actor)
                    return Posted(entry: id)
                }
            }
            func count() async throws -> Int? {
                try await t.sql.raw("SELECT COUNT(*) AS n FROM journal_entries").first()?.decode(
                    column: "n", as: Int.self)
            }
            let before = try await count() ?? 0
            let first = try await command(5_000_000, key: "k-1")
            let again = try await command(5_000_000, key: "k-1")
            #expect(!first.replayed && again.replayed && again.result == first.result)
            #expect(try await count() == before + 1)
            await #expect(throws: LedgerError.idempotencyKeyReused) {
                try await command(6_000_000, key: "k-1")
            }
            await #expect(throws: LedgerError.idempotencyKeyMissing) {
                try await command(5_000_000, key: " ")
            }
            // A posting the ledger refuses stores neither the entry nor the key; the same key then works.
            await #expect(throws: LedgerError.self) { try await command(0, key: "k-2") }
            #expect(
                try await t.sql.select().column("key").from("idempotency_keys").where(
                    "key", .equal, "k-2"
                ).first() == nil)
            #expect(try await command(1_000, key: "k-2").replayed == false)
            // Keys belong to their user: another officer's "k-1" is a different command.
            let other = try await IdempotentCommand.run(
                database: t.db, world: world, actor: Actor(userID: "u2", username: "bank2"),
                key: "k-1",
                request: Body(amount: 7)
            ) { _ in Posted(entry: "none") }
            #expect(other.replayed == false)
        }
    }
}
