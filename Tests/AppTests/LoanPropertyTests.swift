import Domain
import Foundation
import SQLKit
import Store
import Testing

/// Random sequences of loan operations through the store keep every invariant of the book:
/// verify finds nothing, each loan's figures agree with its events, replays post nothing.
@Suite("Loan book under random operations")
struct LoanPropertyTests {
    enum Kind: String, CaseIterable {
        case apply, approve, disburse, collect, partialPay, overdue, adjust, extend, freeze,
            writeOff, reverse, replay, monthEnd
        case rateAdjust, refundPayout, groupBatch, importBook
    }

    @Test(
        "Random operations, batches and imports among them, keep ledger and sub-ledgers agreed",
        arguments: TestDriver.available)
    func randomOperations(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let operations = driver == .sqlite ? 1_000 : 350
            var random = SeededGenerator(seed: 20_261_125)
            let apps = ApplicationStore(database: t.db, world: t.world)
            let loans = LoanStore(database: t.db, world: t.world)
            let adjustments = RateAdjustmentStore(database: t.db, world: t.world)
            let bank = Actor(userID: nil, username: "bank"),
                approver = Actor(userID: nil, username: "approver")
            var date = try BusinessDate(iso: "2025-07-20")
            var submitted: [String] = [], approved: [String] = [], open: [String] = []
            var succeeded: [Kind: Int] = [:], refused = 0
            var lastMoney:
                (loan: String, request: RepaymentRequest, key: String, posting: LoanPosting)?
            var keyCounter = 0
            func key() -> String { keyCounter += 1; return "prop-\(keyCounter)" }
            let collections = CollectionStore(database: t.db, world: t.world)
            // Loans of households in groups, so that the group's collection batches run among
            // the other operations (on these loans too).
            var grouped: [String: (group: String, household: String)] = [:]
            for n in 0..<3 {
                let a = try await LoanTests.approved(t, amount: 20_000_000, on: "2025-07-05")
                let loan = try await loans.disburse(
                    applicationID: a.id,
                    DisbursementRequest(
                        date: try BusinessDate(iso: "2025-07-15"), amount: a.amount),
                    key: "prop-grouped-\(n)", actor: bank, scope: .everything
                ).result.loan
                grouped[loan] = (try #require(a.groupID), try #require(a.householdID))
                open.append(loan)
            }
            var lastBook: String?
            func journalLines() async throws -> Int {
                try await t.sql.raw("SELECT COUNT(*) AS n FROM journal_lines").first(
                    decodingColumn: "n", as: Int.self) ?? 0
            }
            for step in 0..<operations {
                date = min(date.adding(days: Int.random(in: 0...1, using: &random)), t.world.today)
                var kind = Kind.allCases.randomElement(using: &random)!
                if submitted.count + approved.count + open.count < 3 { kind = .apply }
                do {
                    switch kind {
                    case .apply:
                        let a = try await apps.submitDirect(
                            NewDirectApplication(
                                borrowerName: "Cơ sở sản xuất \(step)", householdID: nil,
                                unitCode: 11953, programCode: "job_creation",
                                amount: Money(
                                    dong: Int64.random(in: 5...95, using: &random) * 1_000_000),
                                termMonths: [12, 24, 36].randomElement(using: &random)!,
                                intervalMonths: 6, purpose: "Mở rộng sản xuất",
                                collateral: "Nhà xưởng", submittedOn: date), actor: bank,
                            scope: .everything)
                        submitted.append(a.id)
                    case .approve:
                        guard let id = submitted.popLast() else { continue }
                        _ = try await apps.prepare(
                            id: id, on: date, actor: bank, scope: .everything)
                        _ = try await apps.decide(
                            id: id, approve: true, on: date, reason: "", actor: approver,
                            scope: .everything)
                        approved.append(id)
                    case .disburse:
                        guard let id = approved.popLast() else { continue }
                        let a = try await apps.application(id: id, scope: .everything)
                        let posting = try await loans.disburse(
                            applicationID: id,
                            DisbursementRequest(
                                date: date, amount: a.amount,
                                source: CapitalSource.allCases.randomElement(using: &random)!),
                            key: key(), actor: bank, scope: .everything
                        ).result
                        open.append(posting.loan)
                    case .collect, .partialPay:
                        guard let id = open.randomElement(using: &random) else { continue }
                        let d = try await loans.detail(id: id, on: date, scope: .everything)
                        let principal =
                            kind == .partialPay
                            ? Money(
                                dong: min(
                                    d.standing.outstanding.dong,
                                    Int64.random(in: 1...40, using: &random) * 500_000)) : .zero
                        let request = RepaymentRequest(
                            date: date, interest: d.standing.interestDue, principal: principal)
                        let k = key()
                        let posting = try await loans.repay(
                            loanID: id, request, key: k, actor: bank, scope: .everything
                        ).result
                        lastMoney = (id, request, k, posting)
                    case .overdue:
                        guard let id = open.randomElement(using: &random) else { continue }
                        let d = try await loans.detail(id: id, on: date, scope: .everything)
                        guard
                            [.current, .termAdjusted, .overdue, .extended].contains(
                                d.standing.status),
                            let next = d.schedule.first(where: { $0.unpaid.dong > 0 })
                        else { continue }
                        // The day after an unpaid instalment's due date the loan is overdue by at least that instalment's rest.
                        let later = try await loans.detail(
                            id: id, on: next.dueOn.adding(days: 1), scope: .everything)
                        if later.facts.freezes.contains(where: {
                            $0.covers(next.dueOn.adding(days: 1))
                        }) {
                            #expect(
                                later.standing.status == .frozen && later.standing.overdue == .zero)  // frozen debt is not overdue
                            break
                        }
                        #expect(
                            later.standing.status == .overdue
                                && later.standing.overdue >= next.unpaid,
                            "loan \(id) not overdue after \(next.dueOn): \(later.standing), today \(date), facts \(later.facts.state) \(later.facts.freezes) \(later.schedule)"
                        )
                        let before = try await loans.detail(
                            id: id, on: next.dueOn, scope: .everything)
                        #expect(
                            before.standing.overdue < later.standing.overdue
                                || before.standing.overdue == later.standing.overdue
                                    && next.dueOn < date
                        )
                    case .adjust:
                        guard let id = open.randomElement(using: &random) else { continue }
                        let d = try await loans.detail(id: id, on: date, scope: .everything)
                        let unpaid = d.schedule.filter { $0.unpaid.dong > 0 && $0.dueOn > date }
                        guard unpaid.count >= 2 else { continue }
                        _ = try await loans.adjustTerm(
                            loanID: id, instalmentDue: unpaid[0].dueOn,
                            to: unpaid[0].dueOn.adding(days: 20), on: date,
                            file: RiskFile(cause: "Ốm đau", requestedOn: date), actor: approver,
                            scope: .everything)
                    case .extend:
                        guard let id = open.randomElement(using: &random) else { continue }
                        let d = try await loans.detail(id: id, on: date, scope: .everything)
                        _ = try await loans.extend(
                            loanID: id,
                            to: RepaymentSchedule.adding(months: 3, to: d.summary.maturity),
                            on: date,
                            file: RiskFile(cause: "Mất mùa", requestedOn: date), actor: approver,
                            scope: .everything)
                    case .freeze:
                        guard let id = open.randomElement(using: &random) else { continue }
                        _ = try await loans.freeze(
                            loanID: id, on: date,
                            lossPercent: Int.random(in: 40...100, using: &random), months: 12,
                            file: RiskFile(cause: "Thiên tai", requestedOn: date), key: key(),
                            actor: approver, scope: .everything)
                    case .writeOff:
                        guard let id = open.randomElement(using: &random) else { continue }
                        let principal = Bool.random(using: &random)
                        _ = try await loans.writeOff(
                            loanID: id, on: date, principalToo: principal,
                            file: RiskFile(cause: "Người vay chết", requestedOn: date),
                            evidence: WriteOffFixtures.evidence(principal ? .principal : .interest),
                            key: key(), actor: approver, scope: .everything)
                    case .reverse:
                        guard let id = open.randomElement(using: &random) else { continue }
                        let d = try await loans.detail(id: id, on: date, scope: .everything)
                        guard
                            let event = d.events.last(where: {
                                $0.kind == .repayment && !$0.reversed
                            })
                        else { continue }
                        _ = try await loans.reverseRepayment(
                            loanID: id, eventID: event.id.rawValue, on: max(date, event.on),
                            reason: "Nhập nhầm", key: key(),
                            actor: bank, scope: .everything)
                    case .monthEnd:
                        // Close the last month once the business date has left it; later operations are dated after it.
                        let lastEnd = date.firstOfMonth.adding(days: -1)
                        guard lastEnd >= (try BusinessDate(iso: "2025-07-31")),
                            !(try await LedgerStore(sql: t.sql, world: t.world).closedMonths()
                                .contains(AccountingPeriod.key(of: lastEnd)))
                        else { continue }
                        _ = try await MonthEnd(database: t.db, world: t.world).run(
                            date: lastEnd, actor: bank, communesPerBatch: 1)
                    case .rateAdjust:
                        // A cut (or a rise) reaching back 10 to 70 days: into closed months, often.
                        let from = date.adding(days: -Int.random(in: 10...70, using: &random))
                        let points = [-30, -20, -5, 10].randomElement(using: &random)! * 1_000_000
                        let sources = Set(
                            CapitalSource.allCases.filter { _ in Bool.random(using: &random) })
                        _ = try await adjustments.add(
                            RateAdjustment(
                                id: "prop-\(step)", name: "Điều chỉnh thử \(step)",
                                scope: RateAdjustmentScope(
                                    provinceCodes: [33], capitalSources: sources), from: from,
                                through: from.adding(days: Int.random(in: 0...90, using: &random)),
                                change: .pointsPerYear(Int64(points)), legalSource: "Văn bản thử"),
                            actor: approver)
                    case .refundPayout:
                        let owed = try await adjustments.refunds(
                            unpaidOnly: true, scope: .everything)
                        guard let refund = owed.randomElement(using: &random) else { continue }
                        let paid = try await adjustments.payOut(
                            RefundPayout(refundID: refund.id, on: date, method: .cash), key: key(),
                            actor: bank, scope: .everything
                        ).result
                        #expect(paid.paidOn == date && paid.owed == refund.owed)
                    case .groupBatch:
                        guard
                            let (id, owner) = grouped.filter({ open.contains($0.key) })
                                .randomElement(using: &random)
                        else { continue }
                        let d = try await loans.detail(id: id, on: date, scope: .everything)
                        let principal = Money(
                            dong: min(
                                d.standing.outstanding.dong,
                                Int64.random(in: 0...10, using: &random) * 500_000))
                        let lines = [
                            CollectionLine(
                                member: owner.household, loan: LoanID(id),
                                interest: d.standing.interestDue,
                                via: .leader, principal: principal,
                                savingsDeposit: Money(dong: 10_000))
                        ]
                        _ = try await collections.post(
                            groupID: owner.group, on: date,
                            cashCounted: try CollectionRules.expectedCash(lines),
                            lines: lines, key: key(), actor: bank, scope: .everything)
                    case .importBook:
                        // A new old-book loan, or (one time in four) the last file again.
                        if let book = lastBook, Int.random(in: 0..<4, using: &random) == 0 {
                            let lines = try await journalLines()
                            #expect(try await Self.importBook(t, book, on: date) == nil)
                            #expect(try await journalLines() == lines)
                            break
                        }
                        let owners = grouped.values.sorted { $0.household < $1.household }
                        guard let owner = owners.randomElement(using: &random) else { continue }
                        let book = try await Self.oldBook(
                            t, household: owner.household, reference: "SC-\(step)", on: date,
                            random: &random)
                        open.append(try #require(try await Self.importBook(t, book, on: date)))
                        lastBook = book
                    case .replay:
                        guard let last = lastMoney else { continue }
                        let lines = try await journalLines()
                        let again = try await loans.repay(
                            loanID: last.loan, last.request, key: last.key, actor: bank,
                            scope: .everything)
                        #expect(again.replayed && again.result == last.posting)
                        #expect(try await journalLines() == lines)
                    }
                    succeeded[kind, default: 0] += 1
                } catch is any DomainError {
                    refused += 1  // a refusal is a rule doing its job; it must leave the book as it was (checked below)
                }
                if [.collect, .partialPay, .writeOff, .reverse, .groupBatch].contains(kind) {
                    open = try await open.asyncFilter { id in
                        ![.writtenOff, .repaid].contains(
                            try await loans.detail(id: id, on: date, scope: .everything).facts.state
                        )
                    }
                }
                // After every step: a refusal must leave the book as it was, a success in order.
                do {
                    let problems = try await LoanBookCheck.verify(sql: t.sql, world: t.world)
                    #expect(problems.isEmpty, "after step \(step): \(problems.prefix(3))")
                    if !problems.isEmpty { return }
                }
            }
            #expect(
                Set(succeeded.keys) == Set(Kind.allCases),
                "kinds that never ran: \(Set(Kind.allCases).subtracting(succeeded.keys))")
            #expect(refused < operations / 2)
        }
    }
}

extension Array {
    func asyncFilter(_ keep: (Element) async throws -> Bool) async rethrows -> [Element] {
        var kept: [Element] = []
        for element in self where try await keep(element) { kept.append(element) }
        return kept
    }
}
