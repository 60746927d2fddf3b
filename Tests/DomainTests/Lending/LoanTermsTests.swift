import Testing
@testable import Domain

/// Issue #14 §3: the changes of terms and the instalment order are Domain rules; the store only
/// writes the moves they plan.
@Suite("Changes of terms planned in Domain; principal settles instalments in due order")
struct LoanTermsTests {
    static let today = LoanCommandsTests.today
    static let file = RiskFile(cause: "Thiên tai", requestedOn: LoanAccountTests.day("2025-01-10"))

    /// The schedule after the plan: every instalment due on a move's `from` (with `unpaidOnly`,
    /// those not settled in full) falls due on its `to`, as the store's UPDATE does.
    static func moved(
        _ p: LoanHolding, _ plan: TermsPlan, on date: BusinessDate
    ) throws
        -> [Instalment]
    {
        let schedule = p.facts.schedule
        let order = PrincipalRules.dueOrder(schedule)
        let reduced = try p.facts.principalReduced(before: date.adding(days: 1))
        let paid = PrincipalRules.settled(order.map { schedule[$0] }, by: reduced)
        var result = schedule
        for (index, settled) in zip(order, paid) {
            guard let move = plan.moves.first(where: { $0.from == schedule[index].dueOn }) else {
                continue
            }
            if !move.unpaidOnly || settled < schedule[index].principal {
                result[index].dueOn = move.to
            }
        }
        return result
    }

    @Test("Settling principal: in due order, each instalment in full before the next, no more")
    func settling() {
        var random = SplitMix(seed: 1_411)
        for _ in 0..<2_000 {
            let count = Int.random(in: 0...12, using: &random)
            let start = LoanAccountTests.day("2026-01-01")
            let schedule = (0..<count).map { _ in
                Instalment(
                    dueOn: start.adding(days: Int.random(in: 0...400, using: &random)),
                    principal: Money(dong: Int64.random(in: 0...9, using: &random) * 100_000))
            }
            let total = schedule.reduce(Int64(0)) { $0 + $1.principal.dong }
            let principal = Money(
                dong: Int64.random(in: -100_000...(total + 300_000), using: &random))
            let order = PrincipalRules.dueOrder(schedule)
            #expect(order.sorted() == Array(schedule.indices))
            let ordered = order.map { schedule[$0] }
            #expect(zip(ordered, ordered.dropFirst()).allSatisfy { $0.dueOn <= $1.dueOn })
            let paid = PrincipalRules.settled(ordered, by: principal)
            #expect(paid.reduce(Int64(0)) { $0 + $1.dong } == min(max(0, principal.dong), total))
            for (index, amount) in paid.enumerated() {
                #expect(amount.dong >= 0 && amount <= ordered[index].principal)
                if amount.dong > 0 {
                    #expect(
                        (0..<index).allSatisfy { paid[$0] == ordered[$0].principal },
                        "an instalment is paid only after every earlier one is paid in full")
                }
            }
        }
    }

    @Test(
        "Recall: all of the outstanding falls due on the date, paid instalments too; else refused")
    func recall() throws {
        var random = SplitMix(seed: 1_413)
        var recalled = 0, refused = 0
        for _ in 0..<300 {
            let (p, on) = try LoanCommandsTests.holding(&random)
            let unpaidLater = try LoanCommands.unpaid(p, on: on).contains { $0.dueOn > on }
            guard unpaidLater, ![.repaid, .frozen, .writtenOff].contains(p.standing.status) else {
                refused += 1
                #expect(throws: LendingError.self) {
                    try LoanCommands.recall(p, on: on, file: Self.file, today: Self.today)
                }
                continue
            }
            recalled += 1
            let plan = try LoanCommands.recall(p, on: on, file: Self.file, today: Self.today)
            #expect(plan.event == .recall && plan.maturity == on && plan.reallocates)
            var after = p.facts
            after.schedule = try Self.moved(p, plan, on: on)
            let next = try LoanAccount.standing(after, on: on.adding(days: 1))
            #expect(next.outstanding == p.standing.outstanding)
            #expect(next.overdue == next.outstanding, "all of it is due the day after")
            #expect(throws: LendingError.reasonRequired) {
                try LoanCommands.recall(
                    p, on: on, file: RiskFile(cause: "  ", requestedOn: on), today: Self.today)
            }
        }
        #expect(recalled > 50 && refused > 5)
    }

    @Test("Extension: the maturity moves within the limit of the term, else refused")
    func extensions() throws {
        var random = SplitMix(seed: 1_417)
        let limits = RiskLimits()
        var extended = 0
        for _ in 0..<300 {
            let (p, on) = try LoanCommandsTests.holding(&random)
            guard let last = p.facts.schedule.map(\.dueOn).max() else { continue }
            let months = Int.random(in: 1...18, using: &random)
            let target = RepaymentSchedule.adding(months: months, to: last)
            let allowed = RiskRules.maxExtensionMonths(termMonths: 24, limits: limits)
            let plan = {
                try LoanCommands.extend(
                    p, to: target, maturity: last, originalMaturity: last, termMonths: 24,
                    limits: limits, on: on, file: Self.file, today: Self.today)
            }
            let movable = (try? Transitions.check(loan: p.standing.status, to: .extended)) != nil
            guard movable, months <= allowed else {
                #expect(throws: LendingError.self) { try plan() }
                continue
            }
            extended += 1
            let made = try plan()
            #expect(made.moves == [.init(from: last, to: target)] && made.maturity == target)
            #expect(made.state == .extended)
        }
        #expect(extended > 50)
    }

    @Test("Term adjustment: only an unpaid instalment before the last, to a date before maturity")
    func adjustments() throws {
        var random = SplitMix(seed: 1_419)
        var adjusted = 0
        for _ in 0..<300 {
            let (p, on) = try LoanCommandsTests.holding(&random)
            let dates = p.facts.schedule.map(\.dueOn).sorted()
            guard let pick = dates.dropLast().randomElement(using: &random), let last = dates.last
            else { continue }
            let target = pick.adding(days: Int.random(in: 1...40, using: &random))
            let unpaid = try LoanCommands.unpaid(p, on: on).contains { $0.dueOn == pick }
            let movable =
                (try? Transitions.check(loan: p.standing.status, to: .termAdjusted)) != nil
            let plan = {
                try LoanCommands.adjustTerm(
                    p, instalmentDue: pick, to: target, on: on, file: Self.file,
                    today: Self.today)
            }
            guard movable, unpaid, target < last else {
                #expect(throws: LendingError.self) { try plan() }
                continue
            }
            adjusted += 1
            let made = try plan()
            #expect(made.moves == [.init(from: pick, to: target)] && made.reallocates)
            var after = p.facts
            after.schedule = try Self.moved(p, made, on: on)
            let now = try LoanAccount.standing(after, on: on)
            #expect(now.outstanding == p.standing.outstanding)
            #expect(now.overdue <= p.standing.overdue, "moving a date later never adds arrears")
            #expect(throws: LendingError.self) {
                try LoanCommands.adjustTerm(
                    p, instalmentDue: last, to: last.adding(days: 10), on: on, file: Self.file,
                    today: Self.today)
            }
        }
        #expect(adjusted > 30)
    }

    @Test("Every command on a loan dated before its first disbursement is refused")
    func beforeDisbursement() throws {
        var random = SplitMix(seed: 1_427)
        for _ in 0..<100 {
            let (p, _) = try LoanCommandsTests.holding(&random)
            let first = p.facts.disbursedOn
            let on = first.adding(days: -Int.random(in: 1...400, using: &random))
            let refused = LendingError.beforeDisbursement(first)
            let due = p.facts.schedule.map(\.dueOn).sorted()
            let commands: [() throws -> Void] = [
                { _ = try LoanCommands.recall(p, on: on, file: Self.file, today: Self.today) },
                {
                    _ = try LoanCommands.adjustTerm(
                        p, instalmentDue: due[0], to: due[0].adding(days: 5), on: on,
                        file: Self.file, today: Self.today)
                },
                {
                    _ = try LoanCommands.extend(
                        p, to: RepaymentSchedule.adding(months: 2, to: due[due.count - 1]),
                        maturity: due[due.count - 1], originalMaturity: due[due.count - 1],
                        termMonths: 24, limits: RiskLimits(), on: on, file: Self.file,
                        today: Self.today)
                },
                {
                    _ = try LoanCommands.freeze(
                        p, on: on, lossPercent: 90, months: 12, limits: RiskLimits(),
                        today: Self.today, entryID: "E")
                },
                {
                    _ = try LoanCommands.writeOff(
                        p, on: on, principalToo: Bool.random(), today: Self.today, entryID: "E")
                },
            ]
            for command in commands { #expect(throws: refused) { try command() } }
        }
    }
}
