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
}
