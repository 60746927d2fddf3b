import Testing

@testable import Domain

@Suite("Supplementary freeze and the schedule after a freeze")
struct FreezeScheduleTests {
    static func frozen(
        _ random: inout SplitMix, months: Int
    ) throws -> (LoanHolding, BusinessDate, FreezePeriod) {
        var (holding, date) = try LoanCommandsTests.holding(&random)
        let period = FreezePeriod(
            from: date,
            through: RepaymentSchedule.adding(months: months, to: date).adding(days: -1))
        holding.facts.state = .frozen
        holding.frozen = period
        holding.standing.status = .frozen
        return (holding, date, period)
    }

    @Test("A supplementary freeze runs longer within the loss's limit, moving no money")
    func extend() throws {
        var random = SplitMix(seed: 2_010)
        let limits = RiskLimits()
        for _ in 0..<500 {
            let first = Int.random(in: 1...36, using: &random)
            let (holding, date, period) = try Self.frozen(&random, months: first)
            let more = Int.random(in: -2...40, using: &random)
            let loss = [45, 85][Int.random(in: 0...1, using: &random)]
            let allowed = loss >= 80 ? 60 : 36
            let today = max(date, LoanCommandsTests.today)
            if more > 0 && first + more <= allowed {
                let plan = try LoanCommands.extendFreeze(
                    holding, on: date, months: more, lossPercent: loss, limits: limits,
                    today: today)
                #expect(plan.posting == .none && plan.state == .frozen)
                #expect(plan.frozen?.from == period.from)
                #expect(
                    plan.frozen?.through
                        == RepaymentSchedule.adding(months: first + more, to: date)
                        .adding(days: -1))
            } else {
                #expect(throws: (any Error).self) {
                    try LoanCommands.extendFreeze(
                        holding, on: date, months: more, lossPercent: loss, limits: limits,
                        today: today)
                }
            }
        }
        var (current, date) = try LoanCommandsTests.holding(&random)
        current.frozen = nil
        #expect(throws: (any Error).self) {
            try LoanCommands.extendFreeze(
                current, on: date, months: 3, lossPercent: 50, limits: limits,
                today: LoanCommandsTests.today)
        }
    }

    @Test("At a freeze's end every unpaid instalment moves by the months it lasted, none before")
    func scheduleAfter() throws {
        var random = SplitMix(seed: 2_011)
        for _ in 0..<2_000 {
            let start = try BusinessDate(iso: "2025-01-15").adding(
                days: Int.random(in: 0...400, using: &random))
            let term = Int.random(in: 6...60, using: &random)
            let schedule = try RepaymentSchedule.make(
                amount: Money(dong: 30_000_000), disbursedOn: start, termMonths: term,
                intervalMonths: min(6, term))
            let from = start.adding(days: Int.random(in: 1...(term * 30), using: &random))
            let end = from.adding(days: Int.random(in: 1...900, using: &random))
            let unpaid = schedule.filter { _ in Bool.random(using: &random) }
            guard
                let plan = LoanCommands.scheduleAfterFreeze(
                    schedule, unpaid: unpaid, frozenFrom: from, end: end)
            else {
                #expect(unpaid.isEmpty)
                continue
            }
            #expect(plan.moves.count == Set(unpaid.map(\.dueOn)).count)
            #expect(plan.moves.allSatisfy { $0.to > end && $0.to > $0.from })
            #expect(plan.maturity.map { $0 >= (schedule.last?.dueOn ?? start) } == true)
            #expect(plan.moves.allSatisfy { $0.to <= plan.maturity ?? $0.to })
            #expect(plan.state == .current && plan.reallocates)
        }
        let s = try RepaymentSchedule.make(
            amount: Money(dong: 12_000_000), disbursedOn: try BusinessDate(iso: "2026-01-10"),
            termMonths: 12, intervalMonths: 6)
        // Frozen from 01/05 to 10/11/2026 (six months and a bit: seven): 10/07 → 10/02/2027.
        let plan = try #require(
            LoanCommands.scheduleAfterFreeze(
                s, unpaid: s, frozenFrom: try BusinessDate(iso: "2026-05-01"),
                end: try BusinessDate(iso: "2026-11-10")))
        #expect(plan.moves.map(\.to.iso) == ["2027-02-10", "2027-08-10"])
        #expect(plan.maturity?.iso == "2027-08-10")
    }
}
