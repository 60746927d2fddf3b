import Testing
@testable import Domain

@Suite("Loan account: standing, repayment checks, freezes, pricing, risk limits, postings")
struct LoanAccountTests {
    static func day(_ iso: String) -> BusinessDate { try! BusinessDate(iso: iso) }
    static let rate052 = try! Rate(percentPerMonth: "0,52")

    static func facts(amount: Int64 = 30_000_000, start: String = "2026-01-15", term: Int = 36, interval: Int = 12,
                      movements extra: [PrincipalMovement] = [], freezes: [FreezePeriod] = [], state: LoanState = .current) throws -> LoanFacts {
        let start = day(start)
        return LoanFacts(disbursedOn: start, schedule: try RepaymentSchedule.make(amount: Money(dong: amount), disbursedOn: start, termMonths: term, intervalMonths: interval),
                         movements: [PrincipalMovement(on: start, amount: Money(dong: amount))] + extra, rates: [RatePeriod(from: start, rate: rate052)],
                         overduePercent: 130, dayCount: .monthly30, freezes: freezes, state: state)
    }

    @Test("Random loans and repayments: outstanding is disbursed less repaid, overdue only past due, status follows the one rule")
    func standingProperties() throws {
        var random = SplitMix(seed: 61)
        var seen = Set<LoanState>()
        for _ in 0..<400 {
            let amount = Int64.random(in: 1...100, using: &random) * 1_000_000
            let term = [12, 24, 36, 60].randomElement(using: &random)!
            var movements: [PrincipalMovement] = []
            var repaid: Int64 = 0
            let start = Self.day("2024-01-10").adding(days: Int.random(in: 0...600, using: &random))
            for _ in 0..<Int.random(in: 0...3, using: &random) {
                let part = Int64.random(in: 0...((amount - repaid) / 1_000_000), using: &random) * 1_000_000
                guard part > 0 else { continue }
                repaid += part
                movements.append(PrincipalMovement(on: start.adding(days: Int.random(in: 1...(term * 30), using: &random)), amount: Money(dong: -part)))
            }
            let facts = try Self.facts(amount: amount, start: start.iso, term: term, interval: min(12, term), movements: movements)
            let date = start.adding(days: Int.random(in: 0...(term * 31 + 90), using: &random))
            let standing = try LoanAccount.standing(facts, on: date)
            let reducedByDate = -movements.filter { $0.on <= date }.reduce(0) { $0 + $1.amount.dong }
            #expect(standing.outstanding.dong == amount - reducedByDate)
            let pastDue = try PrincipalRules.position(schedule: facts.schedule, principalPaid: Money(dong: reducedByDate), on: date).overdue
            #expect(standing.overdue == pastDue)
            #expect(standing.status == (standing.outstanding == .zero ? .repaid : pastDue.dong > 0 ? .overdue : .current))
            #expect(standing.interestArrears <= standing.interestDue || date.firstOfMonth <= start.adding(days: 1))
            seen.insert(standing.status)
        }
        #expect(seen == [.current, .overdue, .repaid])
    }

    @Test("A repayment: not in the future, not before the loan, principal ≤ outstanding, interest ≤ due; at the counter interest comes first")
    func repaymentChecks() throws {
        let facts = try Self.facts()
        let today = Self.day("2026-11-25")
        let due = try LoanAccount.standing(facts, on: Self.day("2026-02-15")).interestDue
        #expect(due == Money(dong: 161_200))
        #expect(try LoanAccount.repaymentProblems(facts, on: Self.day("2026-02-15"), today: today, interest: due, principal: Money(dong: 1_000_000)).isEmpty)
        #expect(try LoanAccount.repaymentProblems(facts, on: Self.day("2026-02-15"), today: today, interest: Money(dong: due.dong + 1), principal: .zero)
            == [.interestAboveDue(due)])
        #expect(try LoanAccount.repaymentProblems(facts, on: Self.day("2026-02-15"), today: today, interest: .zero, principal: Money(dong: 30_000_001))
            == [.principalAboveOutstanding(Money(dong: 30_000_000))])
        #expect(try LoanAccount.repaymentProblems(facts, on: Self.day("2026-11-26"), today: today, interest: .zero, principal: Money(dong: 1)).first
            == .futureDate(Self.day("2026-11-26")))
        #expect(try LoanAccount.repaymentProblems(facts, on: Self.day("2026-01-10"), today: today, interest: .zero, principal: Money(dong: 1)).first
            == .beforeDisbursement(Self.day("2026-01-15")))
        #expect(try LoanAccount.repaymentProblems(facts, on: Self.day("2026-02-15"), today: today, interest: .zero, principal: .zero) == [.invalidAmount])
        for amount in stride(from: Int64(0), through: 400_000, by: 7_919) {
            let (interest, principal) = LoanAccount.split(amount: Money(dong: amount), interestDue: due)
            #expect(interest.dong + principal.dong == amount && interest == min(Money(dong: amount), due))
        }
    }

    @Test("Khoanh nợ: no interest on frozen days, equal to a day-by-day reference with the frozen days skipped")
    func freezes() throws {
        var random = SplitMix(seed: 808)
        for _ in 0..<150 {
            let start = Self.day("2024-03-01").adding(days: Int.random(in: 0...300, using: &random))
            let freezeFrom = start.adding(days: Int.random(in: 1...400, using: &random))
            let freeze = FreezePeriod(from: freezeFrom, through: freezeFrom.adding(days: Int.random(in: 0...500, using: &random)))
            var facts = try Self.facts(start: start.iso, freezes: [freeze])
            facts.rates.append(RatePeriod(from: Self.day("2025-12-01"), rate: try Rate(percentPerMonth: "0,55")))
            let to = start.adding(days: Int.random(in: 1...1200, using: &random))
            // Reference: one day at a time at the day's rate, zero when frozen, balance never repaid.
            var total: Int128 = 0
            var d = start.dayNumber + 1
            while d <= to.dayNumber {
                let date = BusinessDate(dayNumber: d)
                let frozen = freeze.from < date && date <= freeze.through
                let rate = facts.rates.filter { $0.from <= date }.max { $0.from < $1.from }!.rate.billionthsPerMonth
                let overdue = facts.schedule.filter { $0.dueOn < date }.reduce(0) { $0 + $1.principal.dong }
                if !frozen { total += Int128(30_000_000 - overdue) * Int128(rate) + Int128(overdue) * Int128((rate * 130 + 50) / 100) }
                d += 1
            }
            let denominator = Int128(1_000_000_000) * 30
            let (q, r) = total.quotientAndRemainder(dividingBy: denominator)
            #expect(try LoanAccount.interestAccrued(facts, through: to).dong == Int64(r * 2 >= denominator ? q + 1 : q))
            let inside = freeze.covers(to)
            #expect(try (LoanAccount.standing(facts, on: to).status == .frozen) == inside)
        }
    }

    @Test("Risk limits: every loss percentage and term against the bands")
    func riskLimits() throws {
        let limits = RiskLimits()
        for loss in 0...100 {
            let months = try? RiskRules.maxFreezeMonths(lossPercent: loss, limits: limits)
            #expect(months == (loss < 40 ? nil : loss < 80 ? 36 : 60))
        }
        #expect(throws: LendingError.self) { try RiskRules.maxFreezeMonths(lossPercent: 101, limits: limits) }
        for term in 1...120 {
            #expect(RiskRules.maxExtensionMonths(termMonths: term, limits: limits) == (term <= 12 ? 12 : term / 2))
        }
        let schedule = try RepaymentSchedule.make(amount: Money(dong: 30_000_000), disbursedOn: Self.day("2026-01-15"), termMonths: 36, intervalMonths: 12)
        #expect(try RiskRules.extend(schedule: schedule, originalMaturity: Self.day("2029-01-15"), termMonths: 36, to: Self.day("2030-07-15"),
                                     limits: limits).last?.dueOn == Self.day("2030-07-15"))
        #expect(throws: LendingError.riskLimit("gia hạn tối đa 18 tháng, đến ngày 15/07/2030")) {
            try RiskRules.extend(schedule: schedule, originalMaturity: Self.day("2029-01-15"), termMonths: 36, to: Self.day("2030-07-16"), limits: limits)
        }
        #expect(throws: LendingError.self) { try RiskRules.adjust(schedule: schedule, instalmentDue: Self.day("2029-01-15"), to: Self.day("2029-02-01")) }
        #expect(try RiskRules.adjust(schedule: schedule, instalmentDue: Self.day("2027-01-15"), to: Self.day("2027-06-15")).map(\.dueOn)
            == [Self.day("2027-06-15"), Self.day("2028-01-15"), Self.day("2029-01-15")])
    }

    @Test("Postings balance; principal leaves overdue first, then current, then frozen")
    func postings() throws {
        let loan = LoanDimensions(loanID: "L", programCode: "poor_household", unitID: "u", groupID: "g")
        var random = SplitMix(seed: 17)
        for _ in 0..<500 {
            let balances = ["2111": Int64.random(in: 0...50, using: &random) * 100_000, "2112": Int64.random(in: 0...50, using: &random) * 100_000,
                            "2113": Int64.random(in: 0...10, using: &random) * 100_000]
            let amount = Money(dong: Int64.random(in: 1...12_000_000, using: &random))
            let credits = LoanPostings.principalCredits(amount: amount, balances: balances)
            #expect(credits.reduce(0) { $0 + $1.amount.dong } == amount.dong)
            if let overdue = credits.first(where: { $0.account == ChartOfAccounts.loansOverdue }) {
                #expect(overdue.amount.dong == min(amount.dong, balances["2112"]!))
            }
            let entry = LoanPostings.repayment(id: "e", on: Self.day("2026-02-15"), interest: Money(dong: Int64.random(in: 0...300_000, using: &random)),
                                               principalCredits: credits, method: .cash, loan: loan, description: "")
            try entry.validate()
            let disbursement = LoanPostings.disbursement(id: "d", on: Self.day("2026-02-15"), amount: amount, method: .transfer, source: .commune, loan: loan,
                                                         description: "")
            try disbursement.validate()
            #expect(disbursement.lines.allSatisfy { $0.loanID == "L" && $0.groupID == "g" })
        }
    }
}
