import Testing
@testable import Domain

@Suite("Lending: members' savings interest")
struct SavingsInterestTests {
    @Test("Balance-days equal a day-by-day sum of end-of-day balances; interest is their floor at the rate, never negative")
    func dayByDay() throws {
        var random = SplitMix(seed: 12)
        for _ in 0..<3_000 {
            let monthEnd = try BusinessDate(iso: ["2026-02-28", "2024-02-29", "2026-04-30", "2026-10-31"][Int.random(in: 0...3, using: &random)])
            let first = monthEnd.firstOfMonth
            let opening = Money(dong: Int64.random(in: 0...5_000_000, using: &random))
            var balance = opening.dong
            var movements: [SavingsInterest.Movement] = []
            for _ in 0..<Int.random(in: 0...6, using: &random) {
                let day = first.adding(days: Int.random(in: -40...(monthEnd.daysInMonth + 5), using: &random))
                let amount = Int64.random(in: -balance...2_000_000, using: &random)
                movements.append(.init(on: day, amount: Money(dong: amount)))
                if day <= monthEnd { balance += amount }
            }
            // Reference: walk the month a day at a time.
            var reference: Int128 = 0
            for offset in 0..<monthEnd.daysInMonth {
                let day = first.adding(days: offset)
                let endOfDay = opening.dong + movements.filter { $0.on <= day }.reduce(0) { $0 + $1.amount.dong }
                reference += Int128(endOfDay)
            }
            // Movements before the month are part of the opening balance in the store; here they count from day one.
            #expect(SavingsInterest.balanceDays(opening: opening, movements: movements, monthEnd: monthEnd) == reference)
            let bp = Int64.random(in: 0...600, using: &random)
            let interest = SavingsInterest.amount(opening: opening, movements: movements, monthEnd: monthEnd, basisPointsPerYear: bp)
            #expect(interest.dong == (reference > 0 && bp > 0 ? Int64(reference * Int128(bp) / 3_650_000) : 0))
            #expect(interest.dong >= 0)
        }
    }

    @Test("A worked example: 1.000.000 đ all of October at 1,2 %/năm")
    func example() throws {
        let october = try BusinessDate(iso: "2026-10-31")
        // 1.000.000 × 31 × 0,012 / 365 = 1.019,17 → 1.019 đ
        #expect(SavingsInterest.amount(opening: Money(dong: 1_000_000), movements: [], monthEnd: october, basisPointsPerYear: 120) == Money(dong: 1_019))
        // Deposited on the 31st: one day.
        #expect(SavingsInterest.balanceDays(opening: .zero, movements: [.init(on: october, amount: Money(dong: 365_000))], monthEnd: october) == 365_000)
    }

    @Test("Credited on 30/6 and 31/12 only; the half-year is the exact sum of its months, rounded once")
    func halfYear() throws {
        let days = ["2026-06-30", "2026-12-31", "2026-06-29", "2026-05-31", "2026-11-30", "2024-12-31"]
        #expect(try days.map { SavingsInterest.credits(on: try BusinessDate(iso: $0)) }
                == [true, true, false, false, false, true])
        #expect(SavingsInterest.halfStart(of: try BusinessDate(iso: "2026-09-14")).iso == "2026-07-01")
        var random = SplitMix(seed: 91)
        for _ in 0..<300 {
            let end = try BusinessDate(iso: Bool.random(using: &random) ? "2026-06-30" : "2026-12-31")
            let start = SavingsInterest.halfStart(of: end)
            let opening = Int64.random(in: 0...3_000_000, using: &random)
            // In date order, never below zero: a withdrawal takes at most what is there.
            var movements: [SavingsInterest.Movement] = [], balance = opening
            let dates = (0..<Int.random(in: 0...8, using: &random))
                .map { _ in start.adding(days: Int.random(in: 0...180, using: &random)) }.sorted()
            for date in dates {
                let amount = Int64.random(in: -balance...1_500_000, using: &random)
                movements.append(.init(on: date, amount: Money(dong: amount)))
                balance += amount
            }
            var rates: [BusinessDate: Int64] = [:]
            var reference: Int128 = 0, floors: Int64 = 0
            var day = start
            while day <= end {
                let monthEnd = day.adding(days: day.daysInMonth - 1)
                rates[monthEnd] = Int64.random(in: 0...300, using: &random)
                var monthSum: Int128 = 0
                for offset in 0..<day.daysInMonth {
                    let d = day.adding(days: offset)
                    monthSum += Int128(opening + movements.filter { $0.on <= d }.reduce(0) { $0 + $1.amount.dong })
                }
                reference += monthSum * Int128(rates[monthEnd] ?? 0)
                floors += Int64(max(0, monthSum * Int128(rates[monthEnd] ?? 0) / 3_650_000))
                day = monthEnd.adding(days: 1)
            }
            let credited = SavingsInterest.halfYear(opening: Money(dong: opening), movements: movements,
                                                    through: end, rates: rates)
            #expect(credited.dong == Int64(max(0, reference / 3_650_000)))
            #expect(credited.dong >= floors)
        }
    }

    @Test("A group's postings: each month owed on 4913; on a crediting day the payable clears, the rounding to 8012")
    func plan() throws {
        let monthly = SavingsInterestPlan(accrued: Money(dong: 1_084), credits: [:], payableBefore: .zero)
        let lines = try monthly.lines(unitID: "U", groupID: "G")
        #expect(lines.map(\.account) == ["8012", "4913"] && lines.allSatisfy { $0.debit.dong + $0.credit.dong == 1_084 })
        let credit = SavingsInterestPlan(accrued: Money(dong: 500), credits: ["a": Money(dong: 2_000), "b": Money(dong: 1_002)],
                                         payableBefore: Money(dong: 2_500))
        let closing = try credit.lines(unitID: "U", groupID: "G")
        let entry = JournalEntry(id: "E", postedOn: try BusinessDate(iso: "2026-06-30"), kind: "savings_interest",
                                 description: "x", lines: closing)
        #expect(throws: Never.self) { try entry.validate() }
        func net(_ account: String) -> Int64 {
            closing.filter { $0.account == account }.reduce(0) { $0 + $1.credit.dong - $1.debit.dong }
        }
        #expect(net("4913") == -2_500 && net("4211") == 3_002 && net("8012") == -502)
        #expect(try SavingsInterestPlan(accrued: .zero, credits: [:], payableBefore: .zero).lines(unitID: "U", groupID: "G").isEmpty)
    }
}
