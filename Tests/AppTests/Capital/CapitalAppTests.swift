import Domain
import Foundation
import SQLKit
import Store
import Testing
import Vapor
import VaporTesting

/// Nguồn vốn through HTTP on both databases: an allocation is one balanced entry on the
/// source's account, replayed once per key; a transfer beyond what a program holds is refused
/// with nothing written; the share recomputes from the rows; roles and scope hold.
@Suite("Capital: allocations, transfers and the local share through HTTP")
struct CapitalAppTests {
    static func json(_ r: TestingHTTPResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(r.body.readableBytesView)) as? [String: Any]
            ?? [:]
    }

    static func allocation(
        source: String = "province", level: String = "province", unit: Int = 33,
        program: String = "poor_household", amount: Int64 = 7_000_000_000,
        date: String = "2026-11-10"
    ) -> String {
        #"{"source":"\#(source)","level":"\#(level)","unit":\#(unit),"program":"\#(program)","#
            + #""amount":\#(amount),"date":"\#(date)","decisionNumber":"NQ 99/NQ-HĐND","#
            + #""decisionDate":"2026-11-01"}"#
    }

    /// The share recomputed from the rows, as the rule states it.
    static func recomputed(_ t: TestApp) async throws -> (local: Int64, total: Int64) {
        let rows = try await t.sql.raw(
            "SELECT source, kind, amount FROM capital_movements WHERE province_code = 33"
        ).all()
        var local: Int64 = 0
        var total: Int64 = 0
        for r in rows where try r.decode(column: "kind", as: String.self) == "allocation" {
            let amount = try r.decode(column: "amount", as: Int64.self)
            total += amount
            if ["province", "commune"].contains(try r.decode(column: "source", as: String.self)) {
                local += amount
            }
        }
        return (local, total)
    }

    static func count(_ t: TestApp, _ table: String) async throws -> Int {
        try await t.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)")
            .first(decodingColumn: "n", as: Int.self) ?? -1
    }

    @Test("Allocate, replay, share, transfer, refuse", arguments: TestDriver.available)
    func capital(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let finance = t.client()
            try await finance.useToken("finance")
            let validator = try await OpenAPITests.document(t.client())
            let share0 = try Self.json(try await finance.get("/api/v1/capital/share?province=33"))
            let rows0 = try await Self.recomputed(t)
            #expect(share0["localCapital"] as? Int == Int(rows0.local))
            #expect(share0["totalCapital"] as? Int == Int(rows0.total))
            #expect(share0["target2030"] as? Double == 0.15)
            let lines0 = try await Self.count(t, "journal_lines")
            let path = "/api/v1/capital/allocations"
            let ok = try await StudentLoanAppTests.post(
                finance, path, key: "a-1", Self.allocation())
            #expect(ok.status == .created, "\(ok.body.string)")
            try OpenAPITests().check(validator, ok, path, "POST", 201)
            let again = try await StudentLoanAppTests.post(
                finance, path, key: "a-1", Self.allocation())
            #expect(again.headers.first(name: "Idempotent-Replayed") == "true")
            #expect(try Self.json(again)["id"] as? String == (try Self.json(ok))["id"] as? String)
            #expect(try await Self.count(t, "journal_lines") == lines0 + 2)
            // The entry: the transfer account debited, 4822 credited, by program and unit.
            let entry = try Self.json(ok)["entry"] as? String ?? ""
            let lines = try await t.sql.raw(
                """
                SELECT account, debit, credit, program_code FROM journal_lines
                WHERE entry_id = \(bind: entry) ORDER BY line_no
                """
            ).all()
            #expect(
                try lines.map { try $0.decode(column: "account", as: String.self) } == [
                    "1113", "4822",
                ])
            #expect(try lines[1].decode(column: "credit", as: Int64.self) == 7_000_000_000)
            #expect(
                try lines[1].decode(column: "program_code", as: String.self) == "poor_household")
            let share1 = try Self.json(try await finance.get("/api/v1/capital/share?province=33"))
            #expect(share1["localCapital"] as? Int == Int(rows0.local + 7_000_000_000))
            #expect(share1["totalCapital"] as? Int == Int(rows0.total + 7_000_000_000))
            let projection = share1["projection"] as? [[String: Any]] ?? []
            #expect(projection.map { $0["year"] as? Int } == [2027, 2028, 2029, 2030])
            let r = try await t.client().get("/api/v1/capital/share?province=33")
            #expect(r.status == .unauthorized)
            // The bank does not record the local budget; a commune cannot take central capital.
            let bank = t.client()
            try await bank.useToken("bank")
            let refused = try await StudentLoanAppTests.post(
                bank, path, key: "b-1", Self.allocation())
            #expect(refused.status == .forbidden)
            #expect(StudentLoanAppTests.code(refused) == "capital_source_not_for_role")
            let level = try await StudentLoanAppTests.post(
                finance, path, key: "a-2", Self.allocation(source: "commune", level: "province"))
            #expect(level.status == .unprocessableEntity)
            #expect(StudentLoanAppTests.code(level) == "capital_source_not_at_level")
            let future = try await StudentLoanAppTests.post(
                finance, path, key: "a-3", Self.allocation(date: "2027-01-02"))
            #expect(future.status == .unprocessableEntity)
            let commune = t.client()
            try await commune.useToken("commune")
            #expect(
                try await StudentLoanAppTests.post(commune, path, key: "c-1", Self.allocation())
                    .status == .forbidden)
            #expect(try await Self.count(t, "journal_lines") == lines0 + 2)
            try await transfers(t, finance: finance, validator: validator)
        }
    }

    func transfers(_ t: TestApp, finance: TestClient, validator: SchemaValidator) async throws {
        let path = "/api/v1/capital/transfers"
        func body(_ amount: Int64, from: String = "poor_household") -> String {
            #"{"source":"province","level":"province","unit":33,"fromProgram":"\#(from)","#
                + #""toProgram":"social_housing","amount":\#(amount),"date":"2026-11-12","#
                + #""decisionNumber":"QĐ 7/QĐ-UBND"}"#
        }
        let held =
            try await t.sql.raw(
                """
                SELECT CAST(SUM(credit - debit) AS BIGINT) AS n FROM journal_lines
                WHERE account = '4822' AND program_code = 'poor_household'
                AND unit_id IN (SELECT id FROM units WHERE level = 'province' AND code = 33)
                """
            ).first(decodingColumn: "n", as: Int64.self) ?? 0
        let movements = try await Self.count(t, "capital_movements")
        let tooMuch = try await StudentLoanAppTests.post(finance, path, key: "t-1", body(held + 1))
        #expect(tooMuch.status == .unprocessableEntity)
        #expect(StudentLoanAppTests.code(tooMuch) == "insufficient_capital")
        #expect(try await Self.count(t, "capital_movements") == movements)
        let moved = try await StudentLoanAppTests.post(finance, path, key: "t-2", body(held))
        #expect(moved.status == .created, "\(moved.body.string)")
        try OpenAPITests().check(validator, moved, path, "POST", 201)
        let before = try await Self.recomputed(t)
        let share = try Self.json(try await finance.get("/api/v1/capital/share?province=33"))
        // A transfer moves programs, not totals.
        #expect(share["localCapital"] as? Int == Int(before.local))
        let list = try Self.json(try await finance.get("/api/v1/capital/movements?province=33"))
        #expect(list["total"] as? Int == movements + 1)
        let inspector = t.client()
        try await inspector.useToken("inspector")
        #expect(
            try await StudentLoanAppTests.post(inspector, path, key: "i-1", body(1)).status
                == .forbidden)
    }

    @Test("A commune officer sees the province's capital and her commune's, not another's")
    func scope() async throws {
        try await withTestApp(.sqlite) { t in
            let commune = t.client()
            try await commune.useToken("commune")
            let list = try Self.json(try await commune.get("/api/v1/capital/movements?province=33"))
            let items = list["items"] as? [[String: Any]] ?? []
            #expect(!items.isEmpty)
            #expect(
                items.allSatisfy {
                    $0["level"] as? String == "province" || $0["unit"] as? Int == 11953
                })
            #expect(!items.contains { $0["unit"] as? Int == 11977 })
            let admin = t.client()
            try await admin.useToken("admin")
            let all = try Self.json(try await admin.get("/api/v1/capital/movements?province=33"))
            #expect(
                (all["items"] as? [[String: Any]] ?? []).contains { $0["unit"] as? Int == 11977 })
            // An administrator who names no province reads the one the bank serves.
            let served = try Self.json(try await admin.get("/api/v1/capital/share"))
            #expect(served["province"] as? Int == 33)
            #expect(try await commune.get("/api/v1/capital/share?province=1").status == .notFound)
        }
    }
}
