import Testing
@testable import Domain

/// Issue #14 §3: each money command is one Domain function from the loan's holding to a plan or
/// a refusal. Random holdings check each plan against the rules it stands for.
@Suite("Money commands planned in Domain: tranche, repayment, reversal, freeze, write-off")
struct LoanCommandsTests {
    static let loan = LoanDimensions(loanID: "L1", programCode: "HN", unitID: "c1", groupID: "g1")
    static let today = LoanAccountTests.day("2027-06-30")

    /// A random loan, its holding on a random date, with balances that agree with its standing.
    static func holding(_ random: inout SplitMix) throws -> (LoanHolding, BusinessDate) {
        let amount = Int64.random(in: 1...80, using: &random) * 1_000_000
        let start = LoanAccountTests.day("2025-01-10").adding(
            days: Int.random(in: 0...300, using: &random))
        var movements: [PrincipalMovement] = []
        if Bool.random(using: &random) {
            let part = Int64.random(in: 0...(amount / 1_000_000), using: &random) * 1_000_000
            if part > 0 {
                movements.append(
                    PrincipalMovement(on: start.adding(days: 40), amount: Money(dong: -part)))
            }
        }
        let facts = try LoanAccountTests.facts(
            amount: amount, start: start.iso, term: 24, interval: 6, movements: movements)
        let date = min(today, start.adding(days: Int.random(in: 41...700, using: &random)))
        let standing = try LoanAccount.standing(facts, on: date)
        let receivable = Int64.random(in: 0...max(0, standing.interestDue.dong), using: &random)
        let balances = [
            ChartOfAccounts.loansCurrent.code: standing.outstanding.dong - standing.overdue.dong,
            ChartOfAccounts.loansOverdue.code: standing.overdue.dong,
            ChartOfAccounts.interestReceivable.code: receivable,
        ]
        let approved = Money(dong: amount + (Bool.random(using: &random) ? 0 : 5_000_000))
        let holding = LoanHolding(
            loan: loan, borrowerName: "Hộ A", facts: facts, standing: standing, balances: balances,
            approved: approved, disbursed: Money(dong: amount), frozen: nil, events: [])
        return (holding, date)
    }

    static func entry(_ plan: LoanPlan) throws -> JournalEntry {
        guard case .entry(let entry) = plan.posting else {
            throw LedgerError.alreadyReversed("no entry")
        }
        return entry
    }

    @Test(
        "Repayments: refused exactly when a rule is broken, else one balanced entry, right state"
    )
    func repayments() throws {
        var random = SplitMix(seed: 1_407)
        var repaid = 0, refused = 0
        for _ in 0..<400 {
            let (h2, on) = try Self.holding(&random)
            let standing = h2.standing
            let interest = Money(
                dong: Int64.random(
                    in: 0...(standing.interestDue.dong * 5 / 4 + 1_000), using: &random))
            let principal =
                [
                    standing.outstanding, Money(dong: standing.outstanding.dong + 1_000_000),
                    Money(dong: Int64.random(in: 0...standing.outstanding.dong, using: &random)),
                ].randomElement(using: &random) ?? .zero
            let problems = try LoanAccount.repaymentProblems(
                h2.facts, on: on, today: Self.today, interest: interest, principal: principal)
            if let first = problems.first {
                refused += 1
                #expect(throws: first) {
                    try LoanCommands.repayment(
                        h2, on: on, interest: interest, principal: principal, method: .cash,
                        today: Self.today, entryID: "E")
                }
                continue
            }
            let plan = try LoanCommands.repayment(
                h2, on: on, interest: interest, principal: principal, method: .transfer,
                today: Self.today, entryID: "E")
            let entry = try Self.entry(plan)
            try entry.validate()
            let paidIn = entry.lines.filter { $0.account == PaymentMethod.transfer.account.code }
                .reduce(0) { $0 + $1.debit.dong }
            #expect(paidIn == interest.dong + principal.dong)
            let loanCodes = [
                ChartOfAccounts.loansCurrent, ChartOfAccounts.loansOverdue,
                ChartOfAccounts.loansFrozen,
            ].map(\.code)
            let principalOut = entry.lines.filter { loanCodes.contains($0.account) }.reduce(0) {
                $0 + $1.credit.dong
            }
            #expect(principalOut == principal.dong)
            // Overdue leaves first.
            let overdueOut = entry.lines.filter { $0.account == ChartOfAccounts.loansOverdue.code }
                .reduce(0) { $0 + $1.credit.dong }
            #expect(
                overdueOut
                    == min(principal.dong, h2.balances[ChartOfAccounts.loansOverdue.code] ?? 0))
            #expect(
                plan.figures.principalRepaid == principal && plan.figures.interestPaid == interest)
            #expect(plan.principal.dong == -principal.dong && plan.reallocates)
            let closes =
                principal.dong > 0 && principal == standing.outstanding
                && h2.approved == h2.disbursed
            #expect((plan.state == .repaid) == closes)
            if closes { repaid += 1 }

            // Its reversal undoes the figures; a second one, or one of a disbursement, is refused.
            let event = LoanEvent(
                id: "V1", kind: .repayment, on: on, principal: plan.principal, interest: interest,
                method: .transfer, entryID: entry.id)
            var after = h2
            after.events = [
                event,
                LoanEvent(
                    id: "D1", kind: .disbursement, on: h2.facts.disbursedOn,
                    principal: h2.disbursed, interest: .zero, entryID: "E0"),
            ]
            after.facts.state = plan.state ?? after.facts.state
            let reversal = try LoanCommands.reversal(
                after, event: "V1", on: on, reason: " Nhập nhầm ", today: Self.today)
            #expect(reversal.posting == .reversal(entryID: "E", reason: "Nhập nhầm"))
            #expect(reversal.figures.principalRepaid.dong + plan.figures.principalRepaid.dong == 0)
            #expect(reversal.figures.interestPaid.dong + plan.figures.interestPaid.dong == 0)
            #expect(reversal.state == (closes ? .current : nil))
            after.events[0].reversed = true
            #expect(throws: LedgerError.alreadyReversed("E")) {
                try LoanCommands.reversal(
                    after, event: "V1", on: on, reason: "x", today: Self.today)
            }
            #expect(throws: LendingError.reasonRequired) {
                try LoanCommands.reversal(
                    after, event: "V1", on: on, reason: "  ", today: Self.today)
            }
            #expect(throws: PlatformError.self) {
                try LoanCommands.reversal(
                    after, event: "D1", on: on, reason: "x", today: Self.today)
            }
        }
        #expect(repaid > 10 && refused > 10, "repaid \(repaid), refused \(refused)")
    }

    @Test(
        "Tranches: taken when 0 < amount ≤ approved − disbursed, open, after approval, in time"
    )
    func tranches() throws {
        var random = SplitMix(seed: 2_203)
        let first = LoanAccountTests.day("2026-03-02")
        for _ in 0..<500 {
            let approved = Money(dong: Int64.random(in: 1...10, using: &random) * 10_000_000)
            let disbursed = Money(
                dong: Int64.random(in: 0...approved.dong / 10_000_000, using: &random) * 10_000_000)
            let amount = Money(dong: Int64.random(in: -1...12, using: &random) * 5_000_000)
            let state = [LoanState.current, .overdue, .repaid, .writtenOff].randomElement(
                using: &random)!
            let date = first.adding(days: Int.random(in: -3...500, using: &random))
            let approvedOn =
                Bool.random(using: &random)
                ? nil : first.adding(days: Int.random(in: -5...30, using: &random))
            let request = LoanCommands.Tranche(
                date: date, amount: amount, method: .cash, source: .central)
            let ok =
                date <= Self.today && amount.dong > 0 && ![.repaid, .writtenOff].contains(state)
                && amount.dong <= approved.dong - disbursed.dong && date >= first
                && date >= (approvedOn ?? date)
            let plan = try? LoanCommands.tranche(
                request, loan: Self.loan, borrowerName: "Hộ A", approved: approved,
                approvedOn: approvedOn, disbursed: disbursed, state: state, first: first,
                today: Self.today, entryID: "T")
            #expect(
                (plan != nil) == ok, "\(amount) of \(approved) − \(disbursed), \(state), \(date)")
            guard let plan else { continue }
            let entry = try Self.entry(plan)
            try entry.validate()
            #expect(
                entry.lines.first { $0.account == ChartOfAccounts.loansCurrent.code }?.debit
                    == amount)
            #expect(
                plan.figures.disbursed == amount && plan.principal == amount
                    && plan.event == .disbursement)
        }
    }

    @Test(
        "Freeze, its end and write-offs: the accounts each empties, the window, the refusals"
    )
    func risk() throws {
        var random = SplitMix(seed: 3_331)
        let limits = RiskLimits()
        for _ in 0..<300 {
            let (h, on) = try Self.holding(&random)
            let months = Int.random(in: 0...40, using: &random)
            let loss = Int.random(in: 0...100, using: &random)
            let allowed = try? RiskRules.maxFreezeMonths(lossPercent: loss, limits: limits)
            let canFreeze =
                (allowed.map { months > 0 && months <= $0 } ?? false)
                && h.standing.status.next.contains(.frozen)
            let freeze = try? LoanCommands.freeze(
                h, on: on, lossPercent: loss, months: months, limits: limits,
                today: Self.today, entryID: "F")
            #expect((freeze != nil) == canFreeze)
            if let freeze {
                let entry = try Self.entry(freeze)
                try entry.validate()
                let principal = h.standing.outstanding.dong
                #expect(
                    entry.lines.first { $0.account == ChartOfAccounts.loansFrozen.code }?.debit.dong
                        == principal)
                #expect(freeze.state == .frozen && freeze.frozen?.from == on)
                #expect(
                    freeze.frozen?.through
                        == RepaymentSchedule.adding(months: months, to: on).adding(days: -1))
                // Its end, later: the frozen balance goes back; the window closes the day before.
                var frozen = h
                frozen.facts.state = .frozen
                frozen.frozen = freeze.frozen
                frozen.balances = [ChartOfAccounts.loansFrozen.code: principal]
                let end = min(Self.today, on.adding(days: 10))
                let window = try #require(freeze.frozen)
                if end > on {
                    let ended = try LoanCommands.endFreeze(
                        frozen, on: end, today: Self.today, entryID: "G")
                    #expect(
                        ended.state == .current
                            && ended.frozen?.through == min(window.through, end.adding(days: -1)))
                    if principal > 0 {
                        try Self.entry(ended).validate()
                    } else {
                        #expect(ended.posting == .none)
                    }
                }
                #expect(throws: LendingError.self) {
                    try LoanCommands.endFreeze(frozen, on: on, today: Self.today, entryID: "G")
                }
            }
            let all = try? LoanCommands.writeOff(
                h, on: on, principalToo: true, today: Self.today, entryID: "W")
            #expect((all != nil) == h.standing.status.next.contains(.writtenOff))
            if let all {
                #expect(
                    all.figures.principalWrittenOff == h.standing.outstanding
                        && all.state == .writtenOff)
                #expect(all.figures.interestWrittenOff == h.standing.interestDue && all.reallocates)
                if case .entry(let entry) = all.posting {
                    try entry.validate()
                    let expense =
                        entry.lines.first { $0.account == ChartOfAccounts.writeOffExpense.code }?
                        .debit.dong ?? 0
                    #expect(expense == h.standing.outstanding.dong)
                } else {
                    #expect(
                        h.standing.outstanding == .zero
                            && (h.balances[ChartOfAccounts.interestReceivable.code] ?? 0) == 0)
                }
            }
            let interestOnly = try? LoanCommands.writeOff(
                h, on: on, principalToo: false, today: Self.today, entryID: "W")
            #expect(
                (interestOnly != nil)
                    == (h.standing.interestDue.dong > 0
                        && ![.repaid, .writtenOff].contains(h.facts.state)))
            #expect(
                interestOnly.map { $0.state == nil && $0.figures.principalWrittenOff == .zero }
                    ?? true)
        }
    }
}
