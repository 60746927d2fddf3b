import Domain
import Testing

@Suite("Lending: schedule, principal order, interest")
struct InterestTests {
    static func day(_ iso: String) -> BusinessDate { try! BusinessDate(iso: iso) }

    @Test("Equal instalments to 100.000 đ, the remainder spread, on the same day of the month")
    func schedule() throws {
        let s = try RepaymentSchedule.make(amount: Money(dong: 50_000_000), disbursedOn: Self.day("2026-01-31"), termMonths: 36, intervalMonths: 12)
        #expect(s.map(\.dueOn.iso) == ["2027-01-31", "2028-01-31", "2029-01-31"])
        #expect(s.map(\.principal.dong) == [16_700_000, 16_700_000, 16_600_000])
        let monthly = try RepaymentSchedule.make(amount: Money(dong: 10_000_000), disbursedOn: Self.day("2026-01-31"), termMonths: 3, intervalMonths: 1)
        #expect(monthly.map(\.dueOn.iso) == ["2026-02-28", "2026-03-31", "2026-04-30"])
        #expect(throws: LendingError.self) {
            try RepaymentSchedule.make(amount: Money(dong: 10_000_000), disbursedOn: Self.day("2026-01-01"), termMonths: 120, intervalMonths: 48)
        }
        var random = SplitMix(seed: 5)
        for _ in 0..<500 {
            let term = Int.random(in: 1...120, using: &random)
            let interval = Int.random(in: 1...min(term, RepaymentSchedule.maxInterval(termMonths: term)), using: &random)
            let amount = Int64.random(in: 1...100, using: &random) * 1_000_000 + Int64.random(in: 0...999_999, using: &random)
            let s = try RepaymentSchedule.make(amount: Money(dong: amount), disbursedOn: Self.day("2026-05-17"), termMonths: term, intervalMonths: interval)
            #expect(s.reduce(0) { $0 + $1.principal.dong } == amount)
            #expect(s.last?.dueOn == RepaymentSchedule.adding(months: term, to: Self.day("2026-05-17")))
            #expect(zip(s, s.dropFirst()).allSatisfy { $0.dueOn < $1.dueOn })
        }
    }

    /// CHANGES 2026-12-01 item 7: a long schedule no longer dumps the remainder on the last one.
    @Test("Spread: sums to the amount, no two instalments more than a step apart, only the last off the step")
    func spread() {
        let long = RepaymentSchedule.spread(Money(dong: 500_000_000), over: 300)
        #expect(long.filter { $0.dong == 1_700_000 }.count == 200)
        #expect(long.filter { $0.dong == 1_600_000 }.count == 100)
        let step = RepaymentSchedule.roundingStep
        var random = SplitMix(seed: 11)
        for _ in 0..<2_000 {
            let count = Int.random(in: 1...360, using: &random)
            let amount = Int64.random(in: 1...2_000_000_000, using: &random)
            let parts = RepaymentSchedule.spread(Money(dong: amount), over: count).map(\.dong)
            #expect(parts.count == count && parts.reduce(0, +) == amount)
            let low = parts.min() ?? 0, high = parts.max() ?? 0
            #expect(high - low <= step, "\(amount) over \(count)")
            #expect(parts.dropLast().allSatisfy { $0 % step == 0 })
            #expect(parts.allSatisfy { $0 >= 0 })
        }
        #expect(RepaymentSchedule.spread(Money(dong: 1), over: 0).isEmpty)
    }

    @Test("Principal paid settles overdue instalments first; an instalment is overdue from the day after it falls due")
    func principalOrder() throws {
        let schedule = [Instalment(dueOn: Self.day("2026-06-15"), principal: Money(dong: 5_000_000)),
                        Instalment(dueOn: Self.day("2026-12-15"), principal: Money(dong: 5_000_000))]
        #expect(try PrincipalRules.position(schedule: schedule, principalPaid: .zero, on: Self.day("2026-06-15")).overdue == .zero)
        #expect(try PrincipalRules.position(schedule: schedule, principalPaid: .zero, on: Self.day("2026-06-16")).overdue == Money(dong: 5_000_000))
        let part = try PrincipalRules.position(schedule: schedule, principalPaid: Money(dong: 7_000_000), on: Self.day("2026-12-16"))
        #expect(part.outstanding == Money(dong: 3_000_000) && part.overdue == Money(dong: 3_000_000))
        #expect(part.unpaid == [Instalment(dueOn: Self.day("2026-12-15"), principal: Money(dong: 3_000_000))])
    }

    /// The reference, written independently: walk every day, find the balance by adding movements
    /// and the overdue part by walking instalments, accumulate exactly, round once.
    static func reference(schedule: [Instalment], movements: [PrincipalMovement], rates: [RatePeriod], from: BusinessDate, to: BusinessDate) -> Int64 {
        var total: Int128 = 0
        var d = from.dayNumber + 1
        while d <= to.dayNumber {
            var balance: Int64 = 0, repaid: Int64 = 0
            for m in movements where m.on.dayNumber < d { balance += m.amount.dong; if m.amount.dong < 0 { repaid -= m.amount.dong } }
            var overdue: Int64 = 0
            var covered = repaid
            for i in schedule.sorted(by: { $0.dueOn < $1.dueOn }) {
                let left = i.principal.dong - min(covered, i.principal.dong)
                covered -= min(covered, i.principal.dong)
                if i.dueOn.dayNumber < d { overdue += left }
            }
            overdue = min(overdue, balance)
            let rate = rates.filter { $0.from.dayNumber <= d }.max { $0.from < $1.from }?.rate.billionthsPerMonth ?? rates[0].rate.billionthsPerMonth
            let overdueRate = (rate * 130 + 50) / 100
            total += Int128(balance - overdue) * Int128(rate) + Int128(overdue) * Int128(overdueRate)
            d += 1
        }
        let denominator = Int128(1_000_000_000) * 30
        let (q, r) = total.quotientAndRemainder(dividingBy: denominator)
        return Int64(r * 2 >= denominator ? q + 1 : q)
    }

    @Test("Interest equals the day-by-day reference for random loans, repayments and rate changes")
    func againstReference() throws {
        var random = SplitMix(seed: 2026)
        for _ in 0..<300 {
            let start = Self.day("2025-01-01").adding(days: Int.random(in: 0...400, using: &random))
            let amount = Int64.random(in: 1...100, using: &random) * 1_000_000
            let term = [12, 24, 36, 60].randomElement(using: &random)!
            let schedule = try RepaymentSchedule.make(amount: Money(dong: amount), disbursedOn: start, termMonths: term,
                                                      intervalMonths: Int.random(in: 1...min(term, RepaymentSchedule.maxInterval(termMonths: term)), using: &random))
            var movements = [PrincipalMovement(on: start, amount: Money(dong: amount))]
            var paid: Int64 = 0
            for _ in 0..<Int.random(in: 0...4, using: &random) {
                let part = Int64.random(in: 0...((amount - paid) / 1_000_000), using: &random) * 1_000_000
                guard part > 0 else { continue }
                paid += part
                movements.append(PrincipalMovement(on: start.adding(days: Int.random(in: 1...(term * 31), using: &random)), amount: Money(dong: -part)))
            }
            let rates = [RatePeriod(from: start, rate: try Rate(percentPerMonth: "0,55")),
                         RatePeriod(from: Self.day("2025-12-01"), rate: try Rate(percentPerMonth: "0,52"))]
            let from = start.adding(days: Int.random(in: 0...200, using: &random))
            let to = from.adding(days: Int.random(in: 1...(term * 31 + 200), using: &random))
            let computed = try InterestCalculator.interest(schedule: schedule, movements: movements, rates: rates, overduePercent: 130,
                                                       dayCount: .monthly30, from: from, through: to)
            #expect(computed.dong == Self.reference(schedule: schedule, movements: movements, rates: rates, from: from, to: to))
        }
    }

    @Test("One month on 10 million at 0,52 %: 52.000 đ; overdue days at 130 %; nothing before the first day")
    func headline() throws {
        let schedule = [Instalment(dueOn: Self.day("2026-03-01"), principal: Money(dong: 10_000_000))]
        let movements = [PrincipalMovement(on: Self.day("2026-01-01"), amount: Money(dong: 10_000_000))]
        let rates = [RatePeriod(from: Self.day("2026-01-01"), rate: try Rate(percentPerMonth: "0,52"))]
        func interest(_ from: String, _ to: String) throws -> Int64 {
            try InterestCalculator.interest(schedule: schedule, movements: movements, rates: rates, overduePercent: 130, dayCount: .monthly30,
                                        from: Self.day(from), through: Self.day(to)).dong
        }
        #expect(try interest("2026-01-01", "2026-01-31") == 52_000)
        // From 2 March the 10 million is overdue: 10 days at 0,676 %/month.
        #expect(try interest("2026-03-01", "2026-03-11") == 22_533)
        #expect(try interest("2026-01-31", "2026-01-01") == 0)
        // The other convention: 6,24 %/year over 365 days, 31 days → 52.997,26 đ.
        #expect(try InterestCalculator.interest(schedule: schedule, movements: movements, rates: rates, overduePercent: 130, dayCount: .annual365,
                                            from: Self.day("2026-01-01"), through: Self.day("2026-02-01")).dong == 52_997)
    }
}
