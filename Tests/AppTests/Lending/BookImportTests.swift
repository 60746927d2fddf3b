import Domain
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import Store

/// Issue #14 §1 through the store and HTTP, on both databases: an old book comes in all or
/// nothing, reconciled against the branch's control totals, and `verify` passes after.
@Suite("Book import: a branch's existing loans")
struct BookImportTests {
    static let actor = Actor(userID: nil, username: "ke-toan")

    /// A commune of the demo with two open households and an active group.
    struct Place {
        let unitID: String; let unitCode: Int; let households: [String]; let group: String
    }

    static func place(_ t: TestApp) async throws -> Place {
        let row = try #require(
            try await t.sql.raw(
                """
                SELECT u.id AS id, u.code AS code, g.name AS name FROM savings_groups g JOIN
                  units u ON u.id = g.unit_id
                WHERE g.status = 'active' AND (SELECT COUNT(*) FROM households h WHERE
                  h.unit_id = u.id AND h.closed_on IS NULL) >= 2
                ORDER BY u.code, g.id LIMIT 1
                """
            ).first())
        let unit = try row.decode(column: "id", as: String.self)
        let households = try await t.sql.raw(
            """
            SELECT code FROM households WHERE unit_id = \(bind: unit) AND closed_on IS NULL
              ORDER BY code LIMIT 2
            """
        ).all(decodingColumn: "code", as: String.self)
        return Place(
            unitID: unit, unitCode: try row.decode(column: "code", as: Int.self),
            households: households,
            group: try row.decode(column: "name", as: String.self))
    }

    static let header = (BookImporter.requiredColumns + ["ten_to", "khoanh_tu", "khoanh_den"])
        .joined(separator: ",")

    /// Three loans cut over on 25/11/2026: one current, one with 5 m overdue, one frozen.
    static func book(
        _ p: Place, schedule: String = "15/03/2027:10000000;15/03/2028:10000000"
    ) -> String {
        header + "\n"
            + "KU-1,poor_household,\(p.unitCode),\(p.households[0]),15/03/2023,50000000,60,"
            + "\"\(schedule)\","
            + "20000000,0,0,15/10/2026,150000,\(p.group),,\n"
            + "KU-2,poor_household,\(p.unitCode),\(p.households[1]),10/01/2024,30000000,36,"
            + "\"10/07/2026:5000000;10/01/2027:10000000\",10000000,5000000,0,10/06/2026,400000,"
            + "\(p.group),,\n"
            + "KU-3,near_poor_household,\(p.unitCode),\(p.households[0]),01/06/2022,40000000,60,"
            + "\"01/06/2027:40000000\",0,0,40000000,01/06/2024,0,\(p.group),01/07/2024,30/06/2027\n"
    }

    /// The branch's control totals: what the commune's book holds already (the demo's own loans)
    /// plus the three loans of the file.
    static func totals(
        _ t: TestApp, _ p: Place, poorCount: Int = 2, poorOverdue: Int64 = 5_000_000,
        poorOutstanding: Int64 = 35_000_000, savings: (count: Int, total: Int64) = (0, 0)
    ) async throws -> String {
        let held = try await BookImporter(database: t.db, world: t.world).bookFigures(
            units: [p.unitID], sql: t.sql)
        func line(
            _ program: String, _ count: Int, _ outstanding: Int64, _ overdue: Int64, _ frozen: Int64
        ) -> String {
            let before =
                held[OpeningKey(unitID: p.unitID, programCode: program)] ?? OpeningFigures()
            return
                "\(p.unitCode),\(program),\(before.loans + count),"
                + "\(before.outstanding.dong + outstanding),"
                + "\(before.overdue.dong + overdue),\(before.frozen.dong + frozen)\n"
        }
        let others = Set(held.keys.filter { $0.unitID == p.unitID }.map(\.programCode))
            .subtracting(["poor_household", "near_poor_household", OpeningBook.savingsKey]).sorted()
        return BookImporter.totalsColumns.joined(separator: ",") + "\n"
            + line("poor_household", poorCount, poorOutstanding, poorOverdue, 0)
            + line("near_poor_household", 1, 40_000_000, 0, 40_000_000)
            + others.map { line($0, 0, 0, 0, 0) }.joined()
            + line(OpeningBook.savingsKey, savings.count, savings.total, 0, 0)
    }

    static func run(
        _ t: TestApp, _ book: String, totals: String?, savings: String? = nil,
        checkOnly: Bool = false,
        accept: Bool = false
    ) async throws -> BookImporter.Outcome {
        try await BookImporter(database: t.db, world: t.world).run(
            try CSVTable(text: book), totals: try totals.map { try CSVTable(text: $0) },
            savings: try savings.map { try CSVTable(text: $0) },
            source: "test.csv", scope: .everything,
            actor: actor, checkOnly: checkOnly, acceptDifferences: accept)
    }

    static func migration(_ t: TestApp, unit: String) async throws -> Int64 {
        try await t.sql.raw(
            """
            SELECT CAST(COALESCE(SUM(debit - credit), 0) AS BIGINT) AS b FROM journal_lines
            WHERE account = '1999' AND unit_id = \(bind: unit)
            """
        ).first(decodingColumn: "b", as: Int64.self) ?? -1
    }

    static func count(_ t: TestApp, _ table: String) async throws -> Int {
        try await t.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first(
            decodingColumn: "n", as: Int.self) ?? -1
    }

    @Test(
        "The book comes in equal to the control totals; verify passes; twice changes nothing",
        arguments: TestDriver.available)
    func importsAndReconciles(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let p = try await Self.place(t)
            let control = try await Self.totals(t, p)
            let outcome = try await Self.run(t, Self.book(p), totals: control)
            #expect(outcome.loansAdded == 3 && outcome.unchanged == 0)
            #expect(outcome.report.allSatisfy { $0.differences.isEmpty }, "\(outcome.report)")
            let poor = try #require(
                outcome.report.first {
                    $0.key == OpeningKey(unitID: p.unitID, programCode: "poor_household")
                })
            #expect(
                poor.file.outstanding == Money(dong: 35_000_000)
                    && poor.file.overdue == Money(dong: 5_000_000))
            #expect(poor.control == poor.book)
            #expect(try await LoanBookCheck.verify(sql: t.sql, world: t.world).isEmpty)
            #expect(try await Self.migration(t, unit: p.unitID) == 0)
            // Each loan owes what the old book said, in the status it said.
            let loans = LoanStore(database: t.db, world: t.world)
            let ids = try await t.sql.raw(
                "SELECT loan_id, reference FROM loan_imports ORDER BY reference"
            ).all()
            #expect(ids.count == 3)
            var standing: [String: LoanStanding] = [:]
            for r in ids {
                let detail = try await loans.detail(
                    id: try r.decode(column: "loan_id", as: String.self), scope: .everything)
                standing[try r.decode(column: "reference", as: String.self)] = detail.standing
            }
            #expect(
                standing["KU-1"]?.status == .current
                    && standing["KU-1"]?.interestDue == Money(dong: 150_000))
            #expect(
                standing["KU-2"]?.status == .overdue
                    && standing["KU-2"]?.overdue == Money(dong: 5_000_000))
            #expect(
                standing["KU-3"]?.status == .frozen
                    && standing["KU-3"]?.frozen == Money(dong: 40_000_000))
            // A month later the current loan has accrued on its balance, from the cut-over day.
            let later = try await loans.detail(
                id: try ids[0].decode(column: "loan_id", as: String.self),
                on: t.world.today.adding(days: 30), scope: .everything)
            #expect(later.standing.interestDue > Money(dong: 150_000))
            let entries = try await Self.count(t, "journal_entries")
            let again = try await Self.run(t, Self.book(p), totals: control)
            #expect(again.loansAdded == 0 && again.unchanged == 3 && again.importID == nil)
            #expect(try await Self.count(t, "journal_entries") == entries)
            #expect(again.report.allSatisfy { $0.differences.isEmpty })
        }
    }

    @Test(
        "A bad row or a differing book writes nothing; accepted differences stay on 1999",
        arguments: TestDriver.available)
    func refusals(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let p = try await Self.place(t)
            let loansBefore = try await Self.count(t, "loans")
            let bad = await #expect(throws: LendingError.self) {
                _ = try await Self.run(
                    t, Self.book(p, schedule: "15/03/2027:10000000"), totals: nil)
            }
            guard case .bookImportFailed(let details)? = bad else {
                Issue.record("not an import failure: \(String(describing: bad))"); return
            }
            #expect(
                details.contains { $0.row == 1 && $0.field == "lich_tra" && $0.line == 2 },
                "\(details)")
            let differs = await #expect(throws: LendingError.self) {
                _ = try await Self.run(
                    t, Self.book(p),
                    totals: try await Self.totals(t, p, poorCount: 3, poorOverdue: 6_000_000))
            }
            guard case .bookDiffers(let found)? = differs else {
                Issue.record("not a difference: \(String(describing: differs))"); return
            }
            #expect(found.count == 2 && found.allSatisfy { $0.code == "book_differs" }, "\(found)")
            #expect(try await Self.count(t, "loans") == loansBefore)
            #expect(try await Self.count(t, "book_imports") == 0)
            // Check-only shows the report and writes nothing.
            let preview = try await Self.run(
                t, Self.book(p), totals: try await Self.totals(t, p), checkOnly: true)
            #expect(preview.loansAdded == 3 && preview.checkOnly)
            #expect(try await Self.count(t, "loans") == loansBefore)
            // Accepted: written, the difference recorded and left on the migration account.
            let accepted = try await Self.run(
                t, Self.book(p), totals: try await Self.totals(t, p, poorOutstanding: 36_000_000),
                accept: true)
            #expect(accepted.loansAdded == 3 && accepted.differencesAccepted == 1)
            #expect(try await Self.migration(t, unit: p.unitID) == 1_000_000)
            #expect(try await LoanBookCheck.verify(sql: t.sql, world: t.world).isEmpty)
            let stored = try await t.sql.raw("SELECT accepted_differences FROM book_imports")
                .all(decodingColumn: "accepted_differences", as: Int.self)
            #expect(stored == [1])
            let audits = try await t.sql.raw(
                "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'loan.import'"
            )
            .first(decodingColumn: "n", as: Int.self)
            #expect(audits == 3)
        }
    }

    /// Two members of a group of the commune with no savings account yet.
    static func savers(_ t: TestApp, _ p: Place) async throws -> (group: String, codes: [String]) {
        let rows = try await t.sql.raw(
            """
            SELECT g.name AS name, h.code AS code FROM group_memberships m JOIN savings_groups
              g ON g.id = m.group_id
            JOIN households h ON h.id = m.household_id
            WHERE g.unit_id = \(bind: p.unitID) AND g.status = 'active' AND m.valid_to IS NULL
              AND NOT EXISTS (SELECT 1 FROM savings_accounts a WHERE a.household_id = h.id)
            ORDER BY g.id, h.code
            """
        ).all()
        let pairs = try rows.map {
            (
                try $0.decode(column: "name", as: String.self),
                try $0.decode(column: "code", as: String.self)
            )
        }
        let group = try #require(pairs.first?.0)
        return (group, pairs.filter { $0.0 == group }.prefix(2).map(\.1))
    }

    /// Two members' savings, 1,5 m and 0,7 m, in a group of the commune.
    static func savingsFile(_ t: TestApp, _ p: Place) async throws -> String {
        let (group, codes) = try await Self.savers(t, p)
        try #require(codes.count == 2)
        return "ma_xa,ten_to,ma_ho,so_du\n\(p.unitCode),\"\(group)\",\(codes[0]),1500000\n"
            + "\(p.unitCode),\"\(group)\",\(codes[1]),700000\n"
    }

    @Test(
        "Members' savings come in on 4211 against 1999, reconciled; a non-member is refused",
        arguments: TestDriver.available)
    func savings(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let p = try await Self.place(t)
            let (group, codes) = try await Self.savers(t, p)
            let file = try await Self.savingsFile(t, p)
            let control = try await Self.totals(t, p, savings: (2, 2_200_000))
            let outcome = try await Self.run(t, Self.book(p), totals: control, savings: file)
            #expect(outcome.savingsAdded == 2 && outcome.loansAdded == 3)
            #expect(outcome.report.allSatisfy { $0.differences.isEmpty }, "\(outcome.report)")
            #expect(outcome.report.contains { $0.key.programCode == OpeningBook.savingsKey })
            #expect(try await Self.migration(t, unit: p.unitID) == 0)
            #expect(try await LoanBookCheck.verify(sql: t.sql, world: t.world).isEmpty)
            let balances = try await t.sql.raw(
                """
                SELECT a.balance AS b FROM savings_accounts a JOIN households h ON h.id =
                  a.household_id
                WHERE h.unit_id = \(bind: p.unitID) AND h.code IN (\(binds: codes)) ORDER BY h.code
                """
            ).all(decodingColumn: "b", as: Int64.self)
            #expect(balances == [1_500_000, 700_000])
            let audited = try await t.sql.raw(
                "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'savings.import'"
            )
            .first(decodingColumn: "n", as: Int.self)
            #expect(audited == 2)
            let again = try await Self.run(t, Self.book(p), totals: control, savings: file)
            #expect(again.savingsAdded == 0 && again.savingsUnchanged == 2)
            let stranger = "ma_xa,ten_to,ma_ho,so_du\n\(p.unitCode),\"\(group)\",KHONG-CO,100\n"
            let refused = await #expect(throws: LendingError.self) {
                _ = try await Self.run(t, Self.book(p), totals: nil, savings: stranger)
            }
            guard case .bookImportFailed(let details)? = refused else {
                Issue.record("\(String(describing: refused))"); return
            }
            #expect(details.contains { $0.field == "ma_ho" && $0.code == "invalid_savings_row" })
        }
    }

    @Test(
        "POST /api/v1/loans/import: bank yes, commune no, check-only writes nothing",
        arguments: TestDriver.available)
    func http(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let p = try await Self.place(t)
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "text/csv")
            let commune = t.client()
            try await commune.useToken("commune")
            let refused = try await commune.send(
                .POST, "/api/v1/loans/import", headers: headers,
                body: ByteBuffer(string: Self.book(p)))
            #expect(refused.status == .forbidden)
            let bank = t.client()
            try await bank.useToken("admin")
            let preview = try await bank.send(
                .POST, "/api/v1/loans/import?checkOnly=true", headers: headers,
                body: ByteBuffer(string: Self.book(p)))
            #expect(preview.status == .ok, "\(preview.body.string)")
            let json = try JSONValue.parse(Data(buffer: preview.body))
            #expect(
                json["checkOnly"] == .bool(true) && json["loansAdded"] == .int(3)
                    && json["importId"] == .null)
            #expect(try await Self.count(t, "loan_imports") == 0)
            let bad = try await bank.send(
                .POST, "/api/v1/loans/import", headers: headers,
                body: ByteBuffer(string: Self.book(p, schedule: "15/03/2027:1")))
            #expect(bad.status == .unprocessableEntity)
            let error = try JSONValue.parse(Data(buffer: bad.body))["error"]
            #expect(error?["code"]?.string == "import_failed")
            #expect(
                error?["details"]?.array?.contains { $0["field"]?.string == "lich_tra" } == true)
            let done = try await bank.send(
                .POST, "/api/v1/loans/import", headers: headers,
                body: ByteBuffer(string: Self.book(p)))
            #expect(done.status == .ok)
            #expect(try await Self.count(t, "loan_imports") == 3)
            let page = t.client()
            _ = try await page.login("admin")
            let form = try await page.get("/loans/import")
            #expect(form.status == .ok && form.body.string.contains("Nhập sổ cho vay cũ"))
            let template = try await page.get("/loans/import/template.csv")
            #expect(template.body.string.contains("ma_khoan_vay"))
        }
    }
}
