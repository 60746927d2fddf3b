import Domain
import Foundation
import SQLKit
import Store
import Testing
import Vapor
import VaporTesting

/// Xóa nợ theo đợt through HTTP on both databases: the checklist refuses an incomplete file
/// with nothing saved, a submitted batch needs a decision at its level, and approval writes the
/// granted loans off (one entry each), once per key, with the rest left on the book.
@Suite("Lending: write-off batches through HTTP")
struct WriteOffAppTests {
    static func json(_ r: TestingHTTPResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(r.body.readableBytesView)) as? [String: Any]
            ?? [:]
    }

    static func post(
        _ c: TestClient, _ path: String, key: String? = nil, _ body: String
    )
        async throws -> TestingHTTPResponse
    {
        try await StudentLoanAppTests.post(c, path, key: key, body)
    }

    static func openLoans(_ t: TestApp, _ n: Int) async throws -> [String] {
        let today = t.world.today.iso
        return try await t.sql.raw(
            """
            SELECT id FROM loans WHERE state = 'current' AND unit_id = 'c11953@2025-07-01'
            AND maturity > \(bind: today) AND disbursed_on < \(bind: today)
            ORDER BY id LIMIT \(literal: n)
            """
        ).all().map { try $0.decode(column: "id", as: String.self) }
    }

    /// Loans frozen after a flood: a loan written off must be overdue, extended or frozen.
    static func frozenLoans(_ t: TestApp, _ n: Int) async throws -> [String] {
        let loans = try await openLoans(t, n)
        for id in loans {
            _ = try await LoanStore(database: t.db, world: t.world).freeze(
                loanID: id, on: t.world.today, lossPercent: 80, months: 36,
                file: RiskFile(cause: "Bão lũ", requestedOn: t.world.today), key: "fz-\(id)",
                actor: LoanTests.bank, scope: .everything)
        }
        return loans
    }

    static func file(_ loan: String, _ measure: WriteOffMeasure, checklist: String) -> String {
        #"{"loan":"\#(loan)","measure":"\#(measure.rawValue)","#
            + #""file":{"cause":"Người vay chết"},"checklist":\#(checklist)}"#
    }

    @Test(
        "Compile, submit, decide: the checklist, the level, the write-offs",
        arguments: TestDriver.available)
    func batch(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let bank = t.client()
            try await bank.useToken("bank")
            let loans = try await Self.frozenLoans(t, 2)
            try #require(loans.count == 2)
            let opened = try await Self.post(
                bank, "/api/v1/write-off-batches", #"{"title":"Đợt 1 năm 2026"}"#)
            #expect(opened.status == .created)
            let id = try #require(try Self.json(opened)["id"] as? String)
            let base = "/api/v1/write-off-batches/\(id)"
            let files = {
                try await t.sql.raw("SELECT COUNT(*) AS n FROM write_off_files")
                    .first(decodingColumn: "n", as: Int.self) ?? -1
            }
            let filed = try await files()
            let partial = #"[{"condition":"request","document":"Đơn ngày 01/11/2026"}]"#
            let refused = try await Self.post(
                bank, base + "/files", Self.file(loans[0], .principal, checklist: partial))
            #expect(refused.status == .unprocessableEntity)
            #expect(StudentLoanAppTests.code(refused) == "write_off_conditions_not_met")
            #expect(try await files() == filed)
            let full = WriteOffFixtures.json(.principal)
            for loan in loans {
                let added = try await Self.post(
                    bank, base + "/files", Self.file(loan, .principal, checklist: full))
                #expect(added.status == .created)
            }
            let again = try await Self.post(
                bank, base + "/files", Self.file(loans[0], .principal, checklist: full))
            #expect(StudentLoanAppTests.code(again) == "already_in_write_off_batch")
            let leader = t.client()
            try await leader.useToken("leader")
            #expect(try await Self.post(leader, base + "/submit", "{}").status == .forbidden)
            let union = t.client()
            try await union.useToken("union")
            #expect(try await Self.post(union, base + "/submit", "{}").status == .forbidden)
            let submitted = try Self.json(try await Self.post(bank, base + "/submit", "{}"))
            #expect(submitted["status"] as? String == "submitted")
            let detail = try Self.json(try await bank.get(base))
            let items = detail["files"] as? [[String: Any]] ?? []
            try #require(items.count == 2)
            let limits = try await WriteOffStore(database: t.db, world: t.world).approvalLimits(
                on: t.world.today)
            let needed = items.map { f in
                limits.level(
                    for: Money(
                        dong: Int64((f["interest"] as? Int ?? 0) + (f["principal"] as? Int ?? 0))))
            }.max()
            #expect(submitted["requiredLevel"] as? String == needed?.rawValue)
            let late = try await Self.post(
                bank, base + "/files", Self.file(loans[0], .interest, checklist: full))
            #expect(StudentLoanAppTests.code(late) == "wrong_stage")
            let today = t.world.today.iso
            let future =
                #"{"approved":true,"number":"12/QĐ","#
                + #""date":"\#(t.world.today.adding(days: 1).iso)","level":"board"}"#
            #expect(
                try await Self.post(bank, base + "/decision", key: "d-0", future).status
                    == .unprocessableEntity)
            if needed != .branch {
                let low = #"{"approved":true,"number":"12/QĐ","date":"\#(today)","level":"branch"}"#
                #expect(
                    try await Self.post(bank, base + "/decision", key: "d-1", low).status
                        == .unprocessableEntity)
            }
            let aside = try #require(items[1]["id"] as? String)
            let approve =
                #"{"approved":true,"number":"12/QĐ-NHCS","date":"\#(today)","level":"board","#
                + #""setAside":["\#(aside)"]}"#
            let decided = try await Self.post(bank, base + "/decision", key: "d-2", approve)
            let decidedStatus = try Self.json(decided)["status"] as? String
            #expect(decided.status == .ok && decidedStatus == "approved")
            let replay = try await Self.post(bank, base + "/decision", key: "d-2", approve)
            #expect(replay.headers.first(name: "Idempotent-Replayed") == "true")
            let states = try await t.sql.raw(
                "SELECT id, state FROM loans WHERE id IN (\(binds: loans)) ORDER BY id"
            ).all().map { try $0.decode(column: "state", as: String.self) }
            #expect(states == ["written_off", "frozen"])
            let events = try await t.sql.raw(
                """
                SELECT COUNT(*) AS n FROM loan_events
                WHERE loan_id = \(bind: loans[0]) AND kind = 'write_off'
                """
            ).first(decodingColumn: "n", as: Int.self)
            #expect(events == 1)
            let validator = try await OpenAPITests.document(t.client())
            let detailResponse = try await bank.get(base)
            try OpenAPITests().check(
                validator, detailResponse, "/api/v1/write-off-batches/{id}", "GET", 200)
            try OpenAPITests().check(
                validator, decided, "/api/v1/write-off-batches/{id}/decision", "POST", 200)
            let after = try Self.json(detailResponse)
            #expect(
                (after["files"] as? [[String: Any]] ?? []).map { $0["status"] as? String } == [
                    "written_off", "set_aside",
                ])
            let audits = try await t.sql.raw(
                """
                SELECT COUNT(*) AS n FROM audit_log
                WHERE record_id = \(bind: id) AND action = 'write_off_batch.decide'
                """
            ).first(decodingColumn: "n", as: Int.self)
            #expect(audits == 1)
            #expect(
                try await Self.post(bank, base + "/decision", key: "d-3", approve).status
                    == .unprocessableEntity)
            try await ConcurrencyTests.verified(t)
        }
    }

    @Test(
        "The conditions are data: a retired condition is no longer asked for",
        arguments: TestDriver.available)
    func conditionsAsData(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let bank = t.client()
            try await bank.useToken("bank")
            let list = try Self.json(try await bank.get("/api/v1/write-off-conditions"))
            let items = list["items"] as? [[String: Any]] ?? []
            #expect(
                items.contains {
                    $0["code"] as? String == "no_assets" && $0["inForce"] as? Bool == true
                })
            #expect(items.allSatisfy { $0["confirmed"] as? Bool == false })
            let loan = try #require(try await Self.frozenLoans(t, 1).first)
            let today = t.world.today.iso
            let direct =
                #"{"date":"\#(today)","principal":true,"#
                + #""file":{"cause":"Người vay chết"},"checklist":"#
                + WriteOffFixtures.json(.interest) + "}"
            let path = "/api/v1/loans/\(loan)/write-offs"
            let missing = try await Self.post(bank, path, key: "wo-1", direct)
            #expect(StudentLoanAppTests.code(missing) == "write_off_conditions_not_met")
            let retire =
                #"{"code":"no_assets","measures":["principal"],"label":"Không còn tài sản","#
                + #""document":"Biên bản","from":"\#(today)","retired":true,"#
                + #""source":"Văn bản thử"}"#
            #expect(
                try await Self.post(bank, "/api/v1/write-off-conditions", retire).status
                    == .forbidden)
            let admin = t.client()
            try await admin.useToken("admin")
            #expect(
                try await Self.post(admin, "/api/v1/write-off-conditions", retire).status
                    == .created)
            #expect(
                try await Self.post(admin, "/api/v1/write-off-conditions", retire).status
                    == .unprocessableEntity)
            let written = try await Self.post(bank, path, key: "wo-2", direct)
            #expect(written.status == .created)
            #expect(try Self.json(written)["status"] as? String == "written_off")
        }
    }

    @Test(
        "The pages: open a batch, add a file with its documents, see the tờ trình",
        arguments: TestDriver.available)
    func pages(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let officer = t.client()
            _ = try await officer.login("bank")
            let loan = try #require(try await Self.openLoans(t, 1).first)
            let list = try await officer.get("/write-offs?loan=\(loan)")
            #expect(list.status == .ok && String(buffer: list.body).contains("Lập đợt mới"))
            let opened = try await officer.postForm("/write-offs", ["title": "Đợt 2 năm 2026"])
            #expect(opened.status == .seeOther)
            let location = try #require(opened.headers.first(name: .location))
            var fields = ["loan": loan, "measure": "interest", "cause": "Thiên tai"]
            let bare = try await officer.postForm(location + "/files", fields)
            #expect(
                bare.status == .unprocessableEntity, "\(location) \(bare.body.string.prefix(3000))")
            #expect(String(buffer: bare.body).contains("Chưa đáp ứng"))
            // What was typed comes back with the refusal.
            #expect(String(buffer: bare.body).contains(#"value="Thiên tai""#))
            for e in WriteOffFixtures.evidence(.interest) {
                fields["doc_" + e.condition] = e.document
            }
            let added = try await officer.postForm(location + "/files", fields)
            let interest = try await LoanStore(database: t.db, world: t.world)
                .detail(id: loan, scope: .everything).standing.interestDue
            if interest.dong > 0 {
                #expect(added.status == .seeOther)
                let page = try await officer.get(location)
                let body = String(buffer: page.body)
                #expect(page.status == .ok && body.contains(loan) && body.contains("Trình đợt"))
            } else {
                #expect(added.status == .unprocessableEntity)
            }
            let conditions = try await officer.get("/write-offs/conditions")
            #expect(String(buffer: conditions.body).contains("chưa xác nhận"))
        }
    }
}
