import Domain
import Foundation
import SQLKit
import Store
import Testing

/// Month-end: the overdue principal in the ledger matches the one rule at the month's end, a run
/// killed between batches and rerun gives the ledger of one clean run, a closed month is final.
@Suite("Month-end")
struct MonthEndTests {
    struct Killed: Error {}
    static let date = try! BusinessDate(iso: "2026-10-31")

    /// Loans in three more communes (the test's small demo lends only in the home commune), each
    /// with an instalment long past due, so that month-end has several batches of work.
    static func spread(_ t: TestApp) async throws {
        let codes = try await t.sql.raw("""
            SELECT code FROM units WHERE province_code = 33 AND level = 'commune' AND valid_to IS NULL AND code <> 11953 ORDER BY code LIMIT 3
            """).all(decodingColumn: "code", as: Int.self)
        let apps = ApplicationStore(database: t.db, world: t.world)
        let bank = Actor(userID: nil, username: "bank"), approver = Actor(userID: nil, username: "approver")
        let start = try BusinessDate(iso: "2025-03-03")
        for code in codes {
            let a = try await apps.submitDirect(NewDirectApplication(borrowerName: "Cơ sở \(code)", householdID: nil, unitCode: code, programCode: "job_creation",
                                                                     amount: Money(dong: 40_000_000), termMonths: 24, intervalMonths: 6, purpose: "Sản xuất",
                                                                     collateral: "Nhà xưởng", submittedOn: start), actor: bank, scope: .everything)
            _ = try await apps.prepare(id: a.id, on: start, actor: bank, scope: .everything)
            _ = try await apps.decide(id: a.id, approve: true, on: start, reason: "", actor: approver, scope: .everything)
            _ = try await LoanStore(database: t.db, world: t.world).disburse(applicationID: a.id, DisbursementRequest(date: start.adding(days: 2), amount: Money(dong: 40_000_000)),
                                                                            key: "spread-\(code)", actor: bank, scope: .everything)
        }
    }

    /// What the ledger holds, without the ids: each account's totals and each loan's overdue balance.
    static func fingerprint(_ t: TestApp) async throws -> [String] {
        let accounts = try await t.sql.raw("""
            SELECT account, CAST(SUM(debit) AS BIGINT) AS d, CAST(SUM(credit) AS BIGINT) AS c FROM journal_lines GROUP BY account ORDER BY account
            """).all().map { "\(try $0.decode(column: "account", as: String.self)) \(try $0.decode(column: "d", as: Int64.self)) \(try $0.decode(column: "c", as: Int64.self))" }
        // Loans by what they are (the ids of loans made in a test differ from run to run).
        let loans = try await t.sql.raw("""
            SELECT l.borrower_name AS who, l.unit_id AS unit, l.disbursed_on AS since, l.approved AS approved, CAST(SUM(j.debit - j.credit) AS BIGINT) AS b
            FROM journal_lines j JOIN loans l ON l.id = j.loan_id WHERE j.account = '2112'
            GROUP BY l.id, l.borrower_name, l.unit_id, l.disbursed_on, l.approved HAVING SUM(j.debit - j.credit) <> 0
            """).all().map {
                "\(try $0.decode(column: "who", as: String.self)) \(try $0.decode(column: "unit", as: String.self)) \(try $0.decode(column: "since", as: String.self)) "
                    + "\(try $0.decode(column: "approved", as: Int64.self)) \(try $0.decode(column: "b", as: Int64.self))"
            }.sorted()
        let figures = try await t.sql.raw("""
            SELECT COUNT(*) AS n, CAST(SUM(outstanding) AS BIGINT) AS o, CAST(SUM(interest_due) AS BIGINT) AS i, CAST(SUM(savings) AS BIGINT) AS s
            FROM group_month_figures
            """).first().map { "groups \(try $0.decode(column: "n", as: Int.self)) \(try $0.decode(column: "o", as: Int64?.self) ?? 0) "
                + "\(try $0.decode(column: "i", as: Int64?.self) ?? 0) \(try $0.decode(column: "s", as: Int64?.self) ?? 0)" } ?? ""
        let units = try await t.sql.raw("SELECT COUNT(*) AS n, CAST(SUM(outstanding) AS BIGINT) AS o FROM unit_month_figures").first()
            .map { "units \(try $0.decode(column: "n", as: Int.self)) \(try $0.decode(column: "o", as: Int64?.self) ?? 0)" } ?? ""
        let ratings = try await t.sql.raw("SELECT grade, COUNT(*) AS n FROM group_ratings GROUP BY grade ORDER BY grade").all()
            .map { "rating \(try $0.decode(column: "grade", as: String.self)) \(try $0.decode(column: "n", as: Int.self))" }
        return accounts + loans + [figures, units] + ratings
    }

    @Test("A clean run: the overdue account equals the overdue principal of every open loan; verify clean; a second run changes nothing; the month is closed",
          arguments: TestDriver.available)
    func cleanRun(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            try await Self.spread(t)
            // Two members save in October; half the groups have no imported rating for October (the bank's file wins where there is one).
            let saverGroup = try #require(try await t.sql.raw("SELECT id FROM savings_groups WHERE status = 'active' ORDER BY id").first(decodingColumn: "id", as: String.self))
            let savers = try await GroupStore(database: t.db, world: t.world).members(groupID: saverGroup, on: Self.date).sorted().prefix(2)
            _ = try await CollectionStore(database: t.db, world: t.world).post(
                groupID: saverGroup, on: try BusinessDate(iso: "2026-10-10"), cashCounted: Money(dong: 1_500_000),
                lines: zip(savers, [1_000_000, 500_000]).map { CollectionLine(member: $0, savingsDeposit: Money(dong: $1)) }, key: "october-savings",
                actor: .system, scope: .everything)
            let allGroups = try await t.sql.raw("SELECT id FROM savings_groups WHERE status = 'active' ORDER BY id").all(decodingColumn: "id", as: String.self)
            let unrated = Array(allGroups.enumerated().filter { $0.offset % 2 == 0 }.map(\.element))
            try await t.sql.raw("DELETE FROM group_ratings WHERE month = '2026-10' AND group_id IN (\(binds: unrated))").run()
            let report = try await MonthEnd(database: t.db, world: t.world).run(date: Self.date, actor: .system, communesPerBatch: 1)
            #expect(!report.alreadyClosed && report.batches > 1 && report.loansMoved > 0 && report.toOverdue.dong > 0)
            let loans = try await LoanStore(database: t.db, world: t.world).standings(LoanQuery(), on: Self.date, scope: .everything)
            let expected = loans.filter { [.overdue].contains($0.standing.status) }.reduce(0) { $0 + $1.standing.overdue.dong }
            let held = try await t.sql.raw("SELECT CAST(COALESCE(SUM(debit - credit), 0) AS BIGINT) AS b FROM journal_lines WHERE account = '2112'")
                .first(decodingColumn: "b", as: Int64.self)
            #expect(held == expected)
            // Interest accrued to the month's end: what is still unpaid is receivable, the rest income.
            let receivable = try await t.sql.raw("SELECT CAST(COALESCE(SUM(debit - credit), 0) AS BIGINT) AS b FROM journal_lines WHERE account = '3941'")
                .first(decodingColumn: "b", as: Int64.self)
            let unpaid = loans.filter { ![.writtenOff, .repaid].contains($0.facts.state) }.reduce(0) { $0 + $1.standing.interestDue.dong }
            #expect(receivable == unpaid && report.interestAccrued.dong > 0)
            // A collection after the month clears the receivable first.
            let payers = loans.filter { (loan: LoanOnDate) -> Bool in
                loan.standing.status == .current && loan.standing.interestDue.dong > 0 && loan.summary.groupID != nil
            }
            let payer = try #require(payers.first)
            let nextDay = try BusinessDate(iso: "2026-11-20")
            let owed = try await LoanStore(database: t.db, world: t.world).detail(id: payer.summary.id, on: nextDay, scope: .everything).standing.interestDue
            _ = try await LoanStore(database: t.db, world: t.world).repay(loanID: payer.summary.id, RepaymentRequest(date: nextDay, interest: owed, principal: .zero),
                                                                         key: "after-month-end", actor: .system, scope: .everything)
            let cleared = try await t.sql.raw("""
                SELECT CAST(COALESCE(SUM(debit - credit), 0) AS BIGINT) AS b FROM journal_lines WHERE account = '3941' AND loan_id = \(bind: payer.summary.id)
                """).first(decodingColumn: "b", as: Int64.self)
            #expect(cleared == 0)
            #expect(try await LoanBookCheck.verify(sql: t.sql, world: t.world).isEmpty)
            // Fees: a line per group and payee, the payable amount in the ledger.
            let fees = try await FeeStore(database: t.db, world: t.world).lines(month: "2026-10", scope: .everything)
            let groups = try await t.sql.raw("SELECT COUNT(*) AS n FROM savings_groups WHERE status = 'active'").first(decodingColumn: "n", as: Int.self) ?? 0
            // Group, commune, province and central (the former district's share goes to the commune).
            #expect(fees.count == groups * 4)
            #expect(fees.filter { $0.payee == .communeOrganisation }.allSatisfy { $0.basisPoints == 9_200 })
            let payable = try await t.sql.raw("SELECT CAST(COALESCE(SUM(credit - debit), 0) AS BIGINT) AS b FROM journal_lines WHERE account = '4591'")
                .first(decodingColumn: "b", as: Int64.self)
            #expect(payable == fees.reduce(0) { $0 + $1.amount.dong } && report.fees.dong == payable)
            // The summary tables: every active group once; outstanding by commune × program equals the loans'.
            #expect(try await t.sql.raw("SELECT COUNT(*) AS n FROM group_month_figures WHERE month = '2026-10'").first(decodingColumn: "n", as: Int.self) == groups)
            let openLoans = loans.filter { ![.writtenOff, .repaid].contains($0.facts.state) }
            let summed = try await t.sql.raw("""
                SELECT CAST(SUM(outstanding) AS BIGINT) AS o, CAST(SUM(overdue) AS BIGINT) AS d, CAST(SUM(loans) AS BIGINT) AS n
                FROM unit_month_figures WHERE month = '2026-10'
                """).first()
            #expect(try summed?.decode(column: "o", as: Int64.self) == openLoans.reduce(0) { $0 + $1.standing.outstanding.dong })
            #expect(try summed?.decode(column: "d", as: Int64.self) == openLoans.reduce(0) { $0 + $1.standing.overdue.dong })
            #expect(try summed?.decode(column: "n", as: Int64.self) == Int64(openLoans.count))
            let inGroups = try await t.sql.raw("SELECT CAST(SUM(outstanding) AS BIGINT) AS o FROM group_month_figures WHERE month = '2026-10'")
                .first(decodingColumn: "o", as: Int64.self)
            #expect(inGroups == openLoans.filter { $0.summary.groupID != nil }.reduce(0) { $0 + $1.standing.outstanding.dong })
            // Arrears list: exactly the open loans whose lãi tồn reaches three months of interest.
            let listed = Set(try await t.sql.raw("SELECT loan_id FROM month_arrears_loans WHERE month = '2026-10'").all(decodingColumn: "loan_id", as: String.self))
            let expectedArrears = Set(openLoans.filter { loan in
                guard ![.frozen].contains(loan.standing.status), loan.standing.interestArrears.dong > 0, let rate = loan.rate else { return false }
                return Int128(loan.standing.interestArrears.dong) * Int128(Rate.scale) >= Int128(loan.standing.outstanding.dong) * Int128(rate.billionthsPerMonth) * 3
            }.map(\.summary.id))
            #expect(listed == expectedArrears && report.arrearsLoans == listed.count)
            // Ratings: the groups without the bank's rating are rated from their figures with the table in force; the others keep theirs.
            #expect(report.groupsRated == unrated.count)
            let table = try #require(GroupScoringTable.inForce(for: Self.date.firstOfMonth, among: try await GroupRatingStore(database: t.db, world: t.world).tables()))
            for row in try await t.sql.raw("""
                SELECT f.*, r.grade AS grade, r.source AS source FROM group_month_figures f JOIN group_ratings r ON r.group_id = f.group_id AND r.month = f.month
                WHERE f.month = '2026-10'
                """).all() {
                let group = try row.decode(column: "group_id", as: String.self)
                let source = try row.decode(column: "source", as: String.self)
                #expect(source == (unrated.contains(group) ? "computed" : "imported"))
                if source == "computed" {
                    let totals = try MonthEnd.totals(row)
                    #expect(try row.decode(column: "grade", as: String.self) == GroupRatingRule.rate(totals.rating, under: table).grade.rawValue)
                }
            }
            // Savings interest: October's is an expense owed to the members (4913), credited to
            // their accounts only on 31 December; the members' movements and balances agree.
            let expense = try await t.sql.raw("SELECT CAST(COALESCE(SUM(debit - credit), 0) AS BIGINT) AS b FROM journal_lines WHERE account = '8012'")
                .first(decodingColumn: "b", as: Int64.self)
            let membersOwed = try await t.sql.raw("SELECT CAST(COALESCE(SUM(credit - debit), 0) AS BIGINT) AS b FROM journal_lines WHERE account = '4913'")
                .first(decodingColumn: "b", as: Int64.self)
            let credited = try await t.sql.raw("SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) AS b FROM savings_movements WHERE kind = 'interest'")
                .first(decodingColumn: "b", as: Int64.self)
            // 1.000.000 đ and 500.000 đ from 10 to 31 October (22 days) at 1,2 %/năm: 723 đ + 361 đ.
            #expect(expense == 1_084 && membersOwed == 1_084 && report.savingsInterestAccrued.dong == 1_084)
            #expect(credited == 0 && report.savingsInterest == .zero)
            let drift = try await t.sql.raw("""
                SELECT COUNT(*) AS n FROM savings_accounts a
                WHERE a.balance <> (SELECT COALESCE(SUM(m.amount), 0) FROM savings_movements m WHERE m.account_id = a.id)
                """).first(decodingColumn: "n", as: Int.self)
            #expect(drift == 0)
            let union = t.client()
            try await union.login("union")
            let page = try await union.get("/fees?month=2026-10")
            #expect(page.status == .ok && page.body.string.contains("fees-table") && !page.body.string.contains("Hội Nông dân"))
            #expect(try await union.get("/fees?month=2026-10&format=xlsx").status == .ok)
            // Indicators from the summary tables: the whole province for the bank, the organisation's share for the union, the group for its leader.
            let bank = t.client()
            try await bank.useToken("bank")
            let all = try JSONValue.parse(Data(buffer: try await bank.get("/api/v1/indicators?month=2026-10").body))
            let provinceOutstanding = try summed?.decode(column: "o", as: Int64.self)
            #expect(all["closed"] == .bool(true) && all["total"]?["outstanding"]?.int == provinceOutstanding)
            #expect(all["groups"]?.int == Int64(groups) && (all["savings"]?.int ?? 0) > 0)
            let unionJSON = try JSONValue.parse(Data(buffer: try await union.get("/api/v1/indicators?month=2026-10").body))
            let unionOutstanding = try await t.sql.raw("""
                SELECT CAST(COALESCE(SUM(outstanding), 0) AS BIGINT) AS o FROM unit_month_figures WHERE month = '2026-10' AND organisation = 'womens_union'
                  AND unit_id = 'c11953@2025-07-01'
                """).first(decodingColumn: "o", as: Int64.self)
            #expect(unionJSON["total"]?["outstanding"]?.int == unionOutstanding && unionJSON["byOrganisation"]?.array?.count == 1)
            let leader = t.client()
            try await leader.login("leader")
            let mine = try await leader.get("/indicators?month=2026-10")
            #expect(mine.status == .ok && mine.body.string.contains("Tổ của bạn") && !mine.body.string.contains("indicators-commune"))
            let officer = t.client()
            try await officer.login("bank")
            let provincePage = try await officer.get("/indicators?month=2026-10")
            #expect(provincePage.status == .ok && provincePage.body.string.contains("indicators-commune") && provincePage.body.string.contains("indicators-grades"))
            #expect(try await officer.get("/indicators?month=2026-10&format=xlsx").status == .ok)
            let notYet = try await officer.get("/indicators?month=2026-11")
            #expect(notYet.status == .ok && notYet.body.string.contains("indicators-open"))
            // A corrected commission rate from October: the re-run recomputes the month and posts only the difference, today.
            let feeStore = FeeStore(database: t.db, world: t.world)
            let (unchanged, _) = try await feeStore.rerun(month: "2026-10", on: t.world.today, key: "rerun-0", actor: .system, scope: .everything)
            #expect(unchanged.entryID == nil && unchanged.linesChanged == 0)
            _ = try await ReferenceDataStore(database: t.db, world: t.world).addValue(key: "fee_org_rate_millionths", effectiveFrom: try BusinessDate(iso: "2026-10-01"),
                                                                                     value: "600", legalSource: "Quyết định sửa tỷ lệ (thử)", note: "",
                                                                                     actor: .system)
            let officer2 = t.client()
            try await officer2.login("bank")
            let form = try await officer2.get("/fees?month=2026-10")
            #expect(form.body.string.contains("fees-rerun"))
            #expect(try await union.postForm("/fees/rerun", ["month": "2026-10"]).status == .forbidden)
            let rerun = try await officer2.postForm("/fees/rerun", ["month": "2026-10", "key": "rerun-page-1"])
            #expect(rerun.status == .seeOther)
            let recomputed = try await feeStore.lines(month: "2026-10", scope: .everything)
            let adjustment = try await t.sql.raw("""
                SELECT CAST(COALESCE(SUM(l.credit - l.debit), 0) AS BIGINT) AS b FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
                WHERE e.kind = 'fees_adjustment' AND l.account = '4591' AND e.posted_on = \(bind: t.world.today.iso)
                """).first(decodingColumn: "b", as: Int64.self)
            let newTotal = recomputed.reduce(0) { $0 + $1.amount.dong }
            #expect(adjustment == newTotal - payable! && newTotal > payable!)
            #expect(recomputed.filter { $0.payee != .group }.allSatisfy { $0.rateMillionths == 600 })
            let payableNow = try await t.sql.raw("SELECT CAST(COALESCE(SUM(credit - debit), 0) AS BIGINT) AS b FROM journal_lines WHERE account = '4591'")
                .first(decodingColumn: "b", as: Int64.self)
            #expect(payableNow == newTotal)
            #expect(try await feeStore.rerun(month: "2026-10", on: t.world.today, key: "rerun-2", actor: .system, scope: .everything).result.entryID == nil)
            #expect(try await LoanBookCheck.verify(sql: t.sql, world: t.world).isEmpty)
            let before = try await Self.fingerprint(t)
            let again = try await MonthEnd(database: t.db, world: t.world).run(date: Self.date, actor: .system)
            let after = try await Self.fingerprint(t)
            #expect(again.alreadyClosed && after == before)
            // A posting dated in the closed month is refused.
            let open = try #require(loans.first { $0.standing.status == .current && $0.standing.interestDue.dong > 0 })
            await #expect(throws: LedgerError.periodClosed("2026-10")) {
                try await LoanStore(database: t.db, world: t.world).repay(loanID: open.summary.id, RepaymentRequest(date: Self.date, interest: .zero,
                                                                                                                   principal: Money(dong: 1)),
                                                                           key: "late", actor: .system, scope: .everything)
            }
            await #expect(throws: PlatformError.self) { try await MonthEnd(database: t.db, world: t.world).run(date: try BusinessDate(iso: "2026-10-30"), actor: .system) }
            // An earlier month cannot be closed after a later one.
            await #expect(throws: PlatformError.self) { try await MonthEnd(database: t.db, world: t.world).run(date: try BusinessDate(iso: "2026-09-30"), actor: .system) }
        }
    }

    @Test("Killed after the second batch and run again: the same ledger as one clean run", arguments: TestDriver.available)
    func killedAndRerun(_ driver: TestDriver) async throws {
        var clean: [String] = []
        try await withTestApp(driver) { t in
            try await Self.spread(t)
            _ = try await MonthEnd(database: t.db, world: t.world).run(date: Self.date, actor: .system, communesPerBatch: 1)
            clean = try await Self.fingerprint(t)
        }
        try await withTestApp(driver) { t in
            try await Self.spread(t)
            await #expect(throws: Killed.self) {
                try await MonthEnd(database: t.db, world: t.world).run(date: Self.date, actor: .system, communesPerBatch: 1) { batch in
                    if batch == 1 { throw Killed() }
                }
            }
            #expect(try await LedgerStore(sql: t.sql, world: t.world).closedMonths().isEmpty)
            let resumed = try await MonthEnd(database: t.db, world: t.world).run(date: Self.date, actor: .system, communesPerBatch: 1)
            #expect(resumed.resumed == 2 && !resumed.alreadyClosed)
            let rerun = try await Self.fingerprint(t)
            #expect(rerun == clean)
            #expect(try await LoanBookCheck.verify(sql: t.sql, world: t.world).isEmpty)
        }
    }
}
