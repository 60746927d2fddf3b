import Domain
import Foundation
import SQLKit
import Store
import Testing
import Vapor
import VaporTesting

/// An entrusted loan through the store and the API: every step by whom it belongs to, the money
/// commands with their keys, the ledger and `verify`.
@Suite("Loans through the store and HTTP")
struct LoanTests {
    static func d(_ text: String) -> BusinessDate { try! BusinessDate(iso: text) }
    static let leader = Actor(userID: nil, username: "leader")
    static let commune = Actor(userID: nil, username: "commune")
    static let bank = Actor(userID: nil, username: "bank")
    static let approver = Actor(userID: nil, username: "approver")

    /// A poor household of the home commune that is in an active group on `date`, and its head.
    static func borrower(_ t: TestApp, on date: String) async throws -> (household: String, member: String, group: String) {
        let row = try #require(try await t.sql.raw("""
            SELECT m.household_id AS h, m.group_id AS g FROM group_memberships m JOIN savings_groups g ON g.id = m.group_id
            JOIN units u ON u.id = g.unit_id
            JOIN household_classifications c ON c.household_id = m.household_id AND c.class = 'poor' AND c.valid_from <= \(bind: date)
                 AND (c.valid_to IS NULL OR c.valid_to >= \(bind: date))
            WHERE u.code = 11953 AND g.status = 'active' AND m.valid_from <= \(bind: date) AND m.valid_to IS NULL
            ORDER BY (SELECT COUNT(*) FROM loan_applications la WHERE la.household_id = m.household_id), m.household_id LIMIT 1
            """).first())
        let household = try row.decode(column: "h", as: String.self)
        let (found, _) = try await HouseholdStore(database: t.db, world: t.world).household(id: household, scope: .everything)
        let adult = try #require(found.members.first { $0.birthDate.fullYears(until: d(date)) >= 18 })
        return (household, adult.id.rawValue, try row.decode(column: "g", as: String.self))
    }

    /// Submitted, voted, certified, checked and approved: ready to disburse.
    static func approved(_ t: TestApp, amount: Int64 = 30_000_000, on start: String = "2026-01-05") async throws -> LoanApplicationRecord {
        let (household, member, group) = try await borrower(t, on: start)
        let apps = ApplicationStore(database: t.db, world: t.world)
        let a = try await apps.submit(NewApplication(householdID: household, representativeID: member, programCode: "poor_household",
                                                     amount: Money(dong: amount), termMonths: 36, intervalMonths: 12, purpose: "Nuôi bò sinh sản",
                                                     submittedOn: d(start)), actor: leader, scope: .everything)
        let on = d(start).adding(days: 5)
        _ = try await apps.vet(groupID: group, heldOn: on, attendees: 5, minutes: "Tổ thống nhất", decisions: [VetDecision(applicationID: a.id, agreed: true)],
                               actor: leader, scope: .everything)
        _ = try await apps.certify(applicationIDs: [a.id], on: on.adding(days: 1), certified: true, reason: "", actor: commune, scope: .everything)
        _ = try await apps.prepare(id: a.id, on: on.adding(days: 2), actor: bank, scope: .everything)
        return try await apps.decide(id: a.id, approve: true, on: on.adding(days: 3), reason: "", actor: approver, scope: .everything)
    }

    @Test("Form 01/TD to approval: the order of the steps, a refusal in Vietnamese, approver other than the preparer", arguments: TestDriver.available)
    func applicationSteps(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let (household, member, group) = try await Self.borrower(t, on: "2026-01-05")
            let apps = ApplicationStore(database: t.db, world: t.world)
            func new(_ amount: Int64, program: String = "poor_household") -> NewApplication {
                NewApplication(householdID: household, representativeID: member, programCode: program, amount: Money(dong: amount), termMonths: 36,
                               intervalMonths: 12, purpose: "Chăn nuôi", submittedOn: Self.d("2026-01-05"))
            }
            do {
                _ = try await apps.submit(new(150_000_000), actor: Self.leader, scope: .everything)
                Issue.record("an amount above both caps was accepted")
            } catch let error as LendingError {
                #expect(error.code == "not_eligible" && error.message.contains("vượt mức tối đa 100.000.000 đ một khoản vay"))
            }
            await #expect(throws: LendingError.self) { try await apps.submit(new(10_000_000, program: "near_poor_household"), actor: Self.leader, scope: .everything) }
            let a = try await apps.submit(new(40_000_000), actor: Self.leader, scope: .everything)
            #expect(a.state == .submitted && a.groupID == group && a.channel == .entrusted)
            await #expect(throws: LendingError.illegalTransition(from: ApplicationState.submitted.label, to: ApplicationState.certified.label)) {
                try await apps.certify(applicationIDs: [a.id], on: Self.d("2026-01-06"), certified: true, reason: "", actor: Self.commune, scope: .everything)
            }
            let voted = try await apps.vet(groupID: group, heldOn: Self.d("2026-01-10"), attendees: 6, minutes: "Bình xét công khai",
                                           decisions: [VetDecision(applicationID: a.id, agreed: true, amount: Money(dong: 30_000_000))],
                                           actor: Self.leader, scope: .everything)
            #expect(voted[0].state == .voted && voted[0].amount == Money(dong: 30_000_000) && voted[0].voteMeetingID != nil)
            let meeting = try await t.sql.select().column("kind").from("group_meetings").where("id", .equal, voted[0].voteMeetingID!)
                .first(decodingColumn: "kind", as: String.self)
            #expect(meeting == "vetting")
            _ = try await apps.certify(applicationIDs: [a.id], on: Self.d("2026-01-12"), certified: true, reason: "", actor: Self.commune, scope: .everything)
            await #expect(throws: LendingError.notPrepared) {
                try await apps.decide(id: a.id, approve: true, on: Self.d("2026-01-13"), reason: "", actor: Self.approver, scope: .everything)
            }
            _ = try await apps.prepare(id: a.id, on: Self.d("2026-01-13"), actor: Self.bank, scope: .everything)
            await #expect(throws: LendingError.approverIsPreparer) {
                try await apps.decide(id: a.id, approve: true, on: Self.d("2026-01-13"), reason: "", actor: Self.bank, scope: .everything)
            }
            await #expect(throws: LendingError.reasonRequired) {
                try await apps.decide(id: a.id, approve: false, on: Self.d("2026-01-13"), reason: " ", actor: Self.approver, scope: .everything)
            }
            let ok = try await apps.decide(id: a.id, approve: true, on: Self.d("2026-01-14"), reason: "", actor: Self.approver, scope: .everything)
            #expect(ok.state == .approved && ok.decidedBy == "approver" && ok.preparedBy == "bank")
            let audit = try await t.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE record_id = \(bind: a.id)").first(decodingColumn: "n", as: Int.self)
            #expect(audit == 5)
            // Another commune's officer does not see it.
            let other = try await ScopeResolver(sql: t.sql).resolve(.commune(try UnitCode(11977)), today: t.world.today)
            await #expect(throws: LendingError.applicationNotFound) { try await apps.application(id: a.id, scope: other) }
        }
    }

    @Test("Disburse, collect, reverse, freeze, write off: one balanced entry each, keys honoured, verify clean until a line is forged",
          arguments: TestDriver.available)
    func moneyCommands(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let a = try await Self.approved(t)
            let loans = LoanStore(database: t.db, world: t.world)
            let disbursement = DisbursementRequest(date: Self.d("2026-01-15"), amount: Money(dong: 30_000_000), method: .cash, source: .province)
            await #expect(throws: LedgerError.idempotencyKeyMissing) {
                try await loans.disburse(applicationID: a.id, disbursement, key: nil, actor: Self.bank, scope: .everything)
            }
            let (first, replayed) = try await loans.disburse(applicationID: a.id, disbursement, key: "d-1", actor: Self.bank, scope: .everything)
            #expect(!replayed && first.outstanding == Money(dong: 30_000_000) && first.status == .current)
            let (again, wasReplay) = try await loans.disburse(applicationID: a.id, disbursement, key: "d-1", actor: Self.bank, scope: .everything)
            #expect(wasReplay && again == first)
            var other = disbursement
            other.amount = Money(dong: 1)
            await #expect(throws: LedgerError.idempotencyKeyReused) {
                try await loans.disburse(applicationID: a.id, other, key: "d-1", actor: Self.bank, scope: .everything)
            }
            let id = first.loan
            let entries = try await t.sql.raw("SELECT COUNT(*) AS n FROM journal_lines WHERE loan_id = \(bind: id)").first(decodingColumn: "n", as: Int.self)
            #expect(entries == 4)
            // Capital source traceable: the province budget financed it.
            let province = try await t.sql.raw("SELECT CAST(SUM(credit) AS BIGINT) AS c FROM journal_lines WHERE loan_id = \(bind: id) AND account = '4812'")
                .first(decodingColumn: "c", as: Int64.self)
            #expect(province == 30_000_000)

            // Interest to 15/02: 31 days × 30.000.000 × 0,52 %/30, worked out independently.
            let feb = try await loans.detail(id: id, on: Self.d("2026-02-15"), scope: .everything)
            #expect(feb.standing.interestDue == Money(dong: 30_000_000 * 52 * 31 / 300_000))
            #expect(feb.schedule.map(\.principal) == [Money(dong: 10_000_000), Money(dong: 10_000_000), Money(dong: 10_000_000)])
            func repay(_ date: String, _ interest: Int64, _ principal: Int64, key: String) async throws -> LoanPosting {
                try await loans.repay(loanID: id, RepaymentRequest(date: Self.d(date), interest: Money(dong: interest), principal: Money(dong: principal)),
                                      key: key, actor: Self.bank, scope: .everything).result
            }
            let due = feb.standing.interestDue.dong
            await #expect(throws: LendingError.interestAboveDue(Money(dong: due))) { try await repay("2026-02-15", due + 1, 0, key: "r-x") }
            await #expect(throws: LendingError.principalAboveOutstanding(Money(dong: 30_000_000))) {
                try await repay("2026-02-15", 0, 30_000_001, key: "r-x")
            }
            await #expect(throws: LendingError.futureDate(Self.d("2026-11-26"))) { try await repay("2026-11-26", 1, 0, key: "r-x") }
            // Refused requests keep no key: the same key is free for the right request.
            let paid = try await repay("2026-02-15", due, 5_000_000, key: "r-x")
            #expect(paid.outstanding == Money(dong: 25_000_000) && paid.interestDue == .zero)
            // The first instalment (due 15/01/2027) is half paid; the day after its due date the rest is overdue.
            let late = try await loans.detail(id: id, on: Self.d("2027-01-16"), scope: .everything)
            #expect(late.standing.overdue == Money(dong: 5_000_000) && late.standing.status == .overdue)
            #expect(try await loans.list(LoanQuery(status: .overdue, text: id), scope: .everything, on: Self.d("2027-01-16"), paging: Paging()).items.map(\.id) == [id])
            #expect(try await loans.list(LoanQuery(status: .current, text: id), scope: .everything, on: Self.d("2027-01-15"), paging: Paging()).items.map(\.id) == [id])
            #expect(try await LoanBookCheck.verify(sql: t.sql, world: t.world).isEmpty)

            // A correction is a reversing entry; the loan owes again what it owed.
            let reversal = try await loans.reverseRepayment(loanID: id, eventID: paid.event, on: Self.d("2026-02-20"), reason: "Nhập nhầm khoản vay",
                                                            key: "rev-1", actor: Self.bank, scope: .everything).result
            #expect(reversal.outstanding == Money(dong: 30_000_000))
            #expect(try await loans.detail(id: id, on: Self.d("2026-02-20"), scope: .everything).standing.interestDue.dong > due)
            #expect(try await LoanBookCheck.verify(sql: t.sql, world: t.world).isEmpty)

            // Khoanh nợ: a 50 % loss allows 36 months, no more; no interest accrues during the freeze.
            let file = RiskFile(cause: "Lũ cuốn trôi chuồng trại", requestedOn: Self.d("2026-05-20"), verification: "Tổ, Hội LHPN xác minh; UBND xã xác nhận",
                                approval: "Giám đốc chi nhánh", documents: "Biên bản xác minh")
            await #expect(throws: LendingError.self) {
                try await loans.freeze(loanID: id, on: Self.d("2026-06-01"), lossPercent: 50, months: 40, file: file, key: "f-1", actor: Self.bank, scope: .everything)
            }
            await #expect(throws: LendingError.self) {
                try await loans.freeze(loanID: id, on: Self.d("2026-06-01"), lossPercent: 30, months: 12, file: file, key: "f-1", actor: Self.bank, scope: .everything)
            }
            let frozen = try await loans.freeze(loanID: id, on: Self.d("2026-06-01"), lossPercent: 50, months: 12, file: file, key: "f-1",
                                                actor: Self.bank, scope: .everything).result
            #expect(frozen.status == .frozen)
            let june = try await loans.detail(id: id, on: Self.d("2026-06-01"), scope: .everything)
            let september = try await loans.detail(id: id, on: Self.d("2026-09-01"), scope: .everything)
            #expect(june.standing.interestDue == september.standing.interestDue && september.standing.status == .frozen)
            #expect(try await loans.freezesEnding(in: Self.d("2027-05-10"), scope: .everything).map(\.id) == [id])
            let accounts = try await t.sql.raw("""
                SELECT account, CAST(SUM(debit) - SUM(credit) AS BIGINT) AS b FROM journal_lines WHERE loan_id = \(bind: id) AND posted_on <= '2026-06-30'
                GROUP BY account
                """).all()
            let balance = Dictionary(uniqueKeysWithValues: try accounts.map { (try $0.decode(column: "account", as: String.self), try $0.decode(column: "b", as: Int64.self)) })
            #expect(balance["2113"] == 30_000_000 && balance["2111"] == 0)

            // Xóa nợ gốc và lãi from the freeze: the principal to the risk expense, the loan closed.
            let written = try await loans.writeOff(
                loanID: id, on: Self.d("2026-09-01"), principalToo: true, file: file,
                evidence: WriteOffFixtures.evidence(.principal), key: "w-1", actor: Self.bank,
                scope: .everything
            ).result
            #expect(written.status == .writtenOff && written.outstanding == .zero)
            await #expect(throws: LendingError.loanClosed(LoanState.writtenOff.label)) { try await repay("2026-09-02", 1, 0, key: "r-late") }
            let expense = try await t.sql.raw("SELECT CAST(SUM(debit) AS BIGINT) AS d FROM journal_lines WHERE loan_id = \(bind: id) AND account = '8821'")
                .first(decodingColumn: "d", as: Int64.self)
            #expect(expense == 30_000_000)
            #expect(try await LoanBookCheck.verify(sql: t.sql, world: t.world).isEmpty)

            // A posting forged around the commands is named by verify.
            try await t.sql.insert(into: "journal_entries").columns("id", "posted_on", "kind", "description", "reverses", "actor", "created_at")
                .values("forged", "2026-09-02", "repayment", "forged", nil as String?, "x", 0).run()
            try await t.sql.insert(into: "journal_lines").columns("entry_id", "line_no", "posted_on", "account", "debit", "credit", "loan_id", "program_code",
                                                                  "unit_id", "group_id")
                .values("forged", 1, "2026-09-02", "1011", 500, 0, id, "poor_household", a.unitID, a.groupID).run()
            try await t.sql.insert(into: "journal_lines").columns("entry_id", "line_no", "posted_on", "account", "debit", "credit", "loan_id", "program_code",
                                                                  "unit_id", "group_id")
                .values("forged", 2, "2026-09-02", "2111", 0, 500, id, "poor_household", a.unitID, a.groupID).run()
            let problems = try await LoanBookCheck.verify(sql: t.sql, world: t.world)
            #expect(problems.contains { $0.hasPrefix("Khoản vay \(id): dư nợ") })
            #expect(problems.contains { $0.hasPrefix("Tổ \(a.groupID!)") })
            #expect(problems.contains { $0.hasPrefix("Chương trình poor_household") })
        }
    }

    @Test("Extension and term adjustment within their limits; a recall makes every instalment due")
    func terms() async throws {
        try await withTestApp(.sqlite) { t in
            let a = try await Self.approved(t, on: "2025-01-05")
            let loans = LoanStore(database: t.db, world: t.world)
            let id = try await loans.disburse(applicationID: a.id, DisbursementRequest(date: Self.d("2025-01-15"), amount: Money(dong: 30_000_000)),
                                              key: "d", actor: Self.bank, scope: .everything).result.loan
            let file = RiskFile(cause: "Ốm nặng", requestedOn: Self.d("2026-01-08"))
            let adjusted = try await loans.adjustTerm(loanID: id, instalmentDue: Self.d("2026-01-15"), to: Self.d("2026-07-15"), on: Self.d("2026-01-10"),
                                                      file: file, actor: Self.bank, scope: .everything)
            #expect(adjusted.schedule.map(\.dueOn) == [Self.d("2026-07-15"), Self.d("2027-01-15"), Self.d("2028-01-15")])
            #expect(adjusted.standing.status == .termAdjusted)
            #expect(try await loans.detail(id: id, on: Self.d("2026-02-01"), scope: .everything).standing.overdue == .zero)
            await #expect(throws: LendingError.self) {
                try await loans.adjustTerm(loanID: id, instalmentDue: Self.d("2028-01-15"), to: Self.d("2028-03-15"), on: Self.d("2026-01-10"),
                                           file: file, actor: Self.bank, scope: .everything)
            }
            // 36 months: at most half the term (18 months) past the original maturity.
            await #expect(throws: LendingError.riskLimit("gia hạn tối đa 18 tháng, đến ngày 15/07/2029")) {
                try await loans.extend(loanID: id, to: Self.d("2029-08-15"), on: Self.d("2026-11-20"), file: file, actor: Self.bank, scope: .everything)
            }
            let extended = try await loans.extend(loanID: id, to: Self.d("2028-06-15"), on: Self.d("2026-11-20"), file: file, actor: Self.bank, scope: .everything)
            #expect(extended.summary.maturity == Self.d("2028-06-15") && extended.schedule.last?.dueOn == Self.d("2028-06-15"))
            let recalled = try await loans.recall(loanID: id, on: Self.d("2026-11-20"), file: RiskFile(cause: "Sử dụng vốn sai mục đích", requestedOn: Self.d("2026-11-20")),
                                                  key: "recall-1", actor: Self.bank, scope: .everything).detail
            #expect(recalled.schedule.allSatisfy { $0.dueOn <= Self.d("2026-11-20") })
            #expect(try await loans.detail(id: id, on: Self.d("2026-11-21"), scope: .everything).standing.overdue == Money(dong: 30_000_000))
            #expect(try await LoanBookCheck.verify(sql: t.sql, world: t.world).isEmpty)
        }
    }

    @Test("A list disbursement: all or none, the bad line named; then every loan with its entry, a replay posts nothing",
          arguments: TestDriver.available)
    func listDisbursement(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let apps = ApplicationStore(database: t.db, world: t.world)
            var ids: [String] = []
            for n in 0..<3 {
                let a = try await apps.submitDirect(NewDirectApplication(borrowerName: "Hộ kinh doanh \(n)", householdID: nil, unitCode: 11953,
                                                                         programCode: "job_creation", amount: Money(dong: 20_000_000), termMonths: 24,
                                                                         intervalMonths: 12, purpose: "Mở rộng", collateral: "", submittedOn: t.world.today),
                                                    actor: Self.bank, scope: .everything)
                _ = try await apps.prepare(id: a.id, on: t.world.today, actor: Self.bank, scope: .everything)
                _ = try await apps.decide(id: a.id, approve: true, on: t.world.today, reason: "", actor: Self.approver, scope: .everything)
                ids.append(a.id)
            }
            let loans = LoanStore(database: t.db, world: t.world)
            func request(_ amount: Int64) -> DisbursementRequest { DisbursementRequest(date: t.world.today, amount: Money(dong: amount), source: .commune) }
            do {
                _ = try await loans.disburseList([(ids[0], request(20_000_000)), (ids[1], request(25_000_000)), (ids[2], request(20_000_000))],
                                                 key: "list-1", actor: Self.bank, scope: .everything)
                Issue.record("a line above the approved amount was accepted")
            } catch let error as PlatformError {
                #expect(error.message.contains("Dòng 2 (Hộ kinh doanh 1)"))
            }
            let none = try await t.sql.raw("SELECT COUNT(*) AS n FROM loans WHERE application_id IN (\(binds: ids))").first(decodingColumn: "n", as: Int.self)
            #expect(none == 0)
            let items = ids.map { ($0, request(20_000_000)) }
            let (posting, replayed) = try await loans.disburseList(items, key: "list-1", actor: Self.bank, scope: .everything)
            #expect(!replayed && posting.count == 3 && posting.total == Money(dong: 60_000_000))
            let again = try await loans.disburseList(items, key: "list-1", actor: Self.bank, scope: .everything)
            #expect(again.replayed && again.result == posting)
            for id in ids {
                let a = try await apps.application(id: id, scope: .everything)
                #expect(a.state == .disbursed && a.loanID == posting.loans[id])
                let d = try await loans.detail(id: a.loanID!, scope: .everything)
                #expect(d.standing.outstanding == Money(dong: 20_000_000) && d.schedule.count == 2 && d.ledger.count == 4)
            }
            #expect(try await LoanBookCheck.verify(sql: t.sql, world: t.world).isEmpty)
        }
    }

    @Test("Pages: a direct housing file without collateral is refused in Vietnamese; the loan page takes a counter payment, interest first")
    func pages() async throws {
        try await withTestApp(.sqlite) { t in
            let bank = t.client()
            try await bank.login("bank")
            var form = ["borrower": "Lê Thị Hoa", "unit": "11953", "program": "social_housing", "amount": "300.000.000", "termMonths": "180",
                        "intervalMonths": "12", "purpose": "Mua căn hộ nhà ở xã hội", "collateral": "", "date": t.world.today.iso]
            let refused = try await bank.postForm("/applications/direct", form)
            #expect(refused.status == .badRequest || refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("phải có tài sản bảo đảm"))
            form["collateral"] = "Thế chấp căn hộ"
            let accepted = try await bank.postForm("/applications/direct", form)
            #expect(accepted.status == .seeOther)
            let path = try #require(accepted.location)
            #expect(try await bank.get(path).body.string.contains("Lê Thị Hoa"))

            let a = try await Self.approved(t)
            let id = try await LoanStore(database: t.db, world: t.world).disburse(
                applicationID: a.id, DisbursementRequest(date: Self.d("2026-01-15"), amount: Money(dong: 30_000_000)), key: "d", actor: Self.bank,
                scope: .everything).result.loan
            let page = try await bank.get("/loans/\(id)")
            #expect(page.status == .ok && page.body.string.contains("loan-schedule") && page.body.string.contains("2111"))
            let due = try await LoanStore(database: t.db, world: t.world).detail(id: id, on: Self.d("2026-02-15"), scope: .everything).standing.interestDue
            let paid = try await bank.postForm("/loans/\(id)/repay", ["key": "page-1", "date": "2026-02-15", "amount": "1.161.200"])
            #expect(paid.status == .seeOther)
            let after = try await LoanStore(database: t.db, world: t.world).detail(id: id, on: Self.d("2026-02-15"), scope: .everything)
            #expect(after.interestPaid == due && after.principalRepaid == Money(dong: 1_161_200 - due.dong))
            // The same form sent twice (a double click) posts once.
            _ = try await bank.postForm("/loans/\(id)/repay", ["key": "page-1", "date": "2026-02-15", "amount": "1.161.200"])
            #expect(try await LoanStore(database: t.db, world: t.world).detail(id: id, scope: .everything).events.filter { $0.kind == .repayment }.count == 1)
            let commune = t.client()
            try await commune.login("commune")
            #expect(try await commune.postForm("/loans/\(id)/repay", ["key": "x", "date": "2026-02-15", "amount": "1"]).status == .forbidden)
        }
    }

    @Test("The loans API contracts: list fields, detail, repayment with its key, 400/409/422 as JSON, scope")
    func api() async throws {
        try await withTestApp(.sqlite) { t in
            let a = try await Self.approved(t)
            let id = try await LoanStore(database: t.db, world: t.world).disburse(
                applicationID: a.id, DisbursementRequest(date: Self.d("2026-01-15"), amount: Money(dong: 30_000_000)), key: "d", actor: Self.bank,
                scope: .everything).result.loan
            let bank = t.client()
            try await bank.useToken("bank")
            let list = try JSONValue.parse(Data(buffer: try await bank.get("/api/v1/loans?unit=11953&status=current&q=\(id)&limit=10").body))
            #expect(list["total"]?.int == 1)
            let all = try JSONValue.parse(Data(buffer: try await bank.get("/api/v1/loans?unit=11953&limit=500").body))
            #expect((all["total"]?.int ?? 0) > 1 && all["items"]?.array?.allSatisfy { $0["status"]?.string != nil } == true)
            let item = try #require(list["items"]?[0]?.object)
            #expect(Set(item.keys) == ["id", "program", "household", "group", "status", "outstanding"])
            #expect(item["outstanding"]?.int == 30_000_000 && item["status"]?.string == "current" && item["group"]?.string == a.groupID)
            let detail = try JSONValue.parse(Data(buffer: try await bank.get("/api/v1/loans/\(id)?date=2026-02-15").body))
            #expect(detail["principal"]?.int == 30_000_000 && detail["schedule"]?.array?.count == 3 && detail["interestArrears"]?.int != nil)
            let due = try #require(detail["interestDue"]?.int)

            struct Body: Encodable { let date: String; let interest: Int64; let principal: Int64 }
            let path = "/api/v1/loans/\(id)/repayments"
            let body = ByteBuffer(data: try JSONEncoder().encode(Body(date: "2026-02-15", interest: Int64(due), principal: 5_000_000)))
            let json: HTTPHeaders = ["Content-Type": "application/json"]
            let missing = try await bank.send(.POST, path, headers: json, body: body)
            #expect(missing.status == .badRequest && missing.body.string.contains("idempotency_key_missing"))
            var keyed = json
            keyed.add(name: "Idempotency-Key", value: "pay-1")
            let created = try await bank.send(.POST, path, headers: keyed, body: body)
            #expect(created.status == .created)
            let replay = try await bank.send(.POST, path, headers: keyed, body: body)
            #expect(replay.status == .created && replay.body.string == created.body.string, "\(created.body.string) vs \(replay.body.string)")
            let changed = ByteBuffer(data: try JSONEncoder().encode(Body(date: "2026-02-15", interest: 0, principal: 1_000_000)))
            #expect(try await bank.send(.POST, path, headers: keyed, body: changed).status == .conflict)
            var fresh = json
            fresh.add(name: "Idempotency-Key", value: "pay-2")
            let tooMuch = try await bank.send(.POST, path, headers: fresh,
                                              body: ByteBuffer(data: try JSONEncoder().encode(Body(date: "2026-02-16", interest: 0, principal: 26_000_000))))
            #expect(tooMuch.status == .unprocessableEntity)
            #expect(try JSONValue.parse(Data(buffer: tooMuch.body))["error"]?["code"]?.string == "principal_above_outstanding")
            let future = try await bank.send(.POST, path, headers: fresh,
                                             body: ByteBuffer(data: try JSONEncoder().encode(Body(date: "2026-12-01", interest: 0, principal: 1))))
            #expect(try JSONValue.parse(Data(buffer: future.body))["error"]?["code"]?.string == "future_date")
            let entries = try await t.sql.raw("SELECT COUNT(DISTINCT entry_id) AS n FROM journal_lines WHERE loan_id = \(bind: id)").first(decodingColumn: "n", as: Int.self)
            #expect(entries == 2)

            // Scope: the commune sees it, the union of another organisation and another commune do not; a leader only his group's.
            let other = t.client()
            try await other.useToken("commune")
            #expect(try await other.get("/api/v1/loans/\(id)").status == .ok)
            let outsider = try await t.sql.raw("SELECT id FROM loans WHERE unit_id <> \(bind: a.unitID) LIMIT 1").first(decodingColumn: "id", as: String.self)
            if let outsider { #expect(try await other.get("/api/v1/loans/\(outsider)").status == .notFound) }
            #expect(try await other.send(.POST, path, headers: fresh, body: body).status == .forbidden)
            let leader = t.client()
            try await leader.useToken("leader")
            let own = try JSONValue.parse(Data(buffer: try await leader.get("/api/v1/loans?limit=500").body))
            let leaderGroup = "demo-group-11953-1"
            #expect((own["total"]?.int ?? 0) > 0 && own["items"]?.array?.allSatisfy { $0["group"]?.string == leaderGroup } == true)
            if a.groupID != leaderGroup { #expect(try await leader.get("/api/v1/loans/\(id)").status == .notFound) }
        }
    }
}
