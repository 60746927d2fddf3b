import Domain
import Testing

@Suite("Rate")
struct RateTests {
    @Test("Parses VBSP rates exactly", arguments: [
        ("0,55", 5_500_000), ("0.55", 5_500_000), ("0,52", 5_200_000), ("0,6875", 6_875_000), ("0,624", 6_240_000),
        ("0,6604", 6_604_000), ("1", 10_000_000), ("0,0000001", 1), ("9,5", 95_000_000), ("10", 100_000_000),
    ] as [(String, Int64)])
    func parses(text: String, billionths: Int64) throws {
        #expect(try Rate(percentPerMonth: text).billionthsPerMonth == billionths)
    }

    @Test("Refuses what is not a rate", arguments: ["", "abc", "-0,5", "0,55%", "0,00000001", "1,2,3", "0,5a"])
    func refuses(text: String) {
        #expect(throws: RateError.self) { try Rate(percentPerMonth: text) }
    }

    @Test("130 % of every program rate is exact (overdue rate)", arguments: [
        (5_500_000, 7_150_000), (6_875_000, 8_937_500), (5_200_000, 6_760_000), (6_600_000, 8_580_000), (4_500_000, 5_850_000),
    ] as [(Int64, Int64)])
    func overdue(rate: Int64, expected: Int64) {
        let scaled = Rate(billionthsPerMonth: rate).scaled(byPercent: 130)
        #expect(scaled.billionthsPerMonth == expected)
        // Exact: scaling back gives the original.
        #expect(scaled.billionthsPerMonth * 100 == rate * 130)
    }

    @Test("Derived rates of the anchor (Decision 2553/QĐ-TTg): 120 %, 125 %, 127 % of 0,52 %")
    func derived() {
        let anchor = Rate(billionthsPerMonth: 5_200_000)
        #expect(anchor.scaled(byPercent: 120).description == "0,624 %/tháng")
        #expect(anchor.scaled(byPercent: 125).description == "0,65 %/tháng")
        #expect(anchor.scaled(byPercent: 127).description == "0,6604 %/tháng")
    }

    @Test("Interest: monthly rate ÷ 30 per day, rounded half up once")
    func interest() throws {
        let rate = Rate(billionthsPerMonth: 5_500_000) // 0,55 %/tháng
        #expect(try rate.interest(on: Money(dong: 100_000_000), days: 30) == Money(dong: 550_000))
        #expect(try rate.interest(on: Money(dong: 100_000_000), days: 1) == Money(dong: 18_333))   // 18 333,33…
        #expect(try rate.interest(on: Money(dong: 30_000_000), days: 1) == Money(dong: 5_500))
        #expect(try rate.interest(on: Money(dong: 1), days: 1) == Money(dong: 0))
        #expect(try Rate(billionthsPerMonth: 150_000_000).interest(on: Money(dong: 1), days: 10) == Money(dong: 0)) // 0,05 → 0
        #expect(try Rate(billionthsPerMonth: 1_499_999_999).interest(on: Money(dong: 1), days: 10) == Money(dong: 0)) // just under 0,5
        #expect(try Rate(billionthsPerMonth: 1_500_000_000).interest(on: Money(dong: 1), days: 10) == Money(dong: 1)) // 0,5 → 1
    }

    @Test("Interest never drifts from exact arithmetic by more than half a đồng")
    func interestBounds() throws {
        var random = SplitMix(seed: 3)
        for _ in 0..<2_000 {
            let principal = Int64.random(in: 0...2_000_000_000, using: &random)
            let rate = Int64.random(in: 0...20_000_000, using: &random)
            let days = Int.random(in: 0...400, using: &random)
            let got = try Rate(billionthsPerMonth: rate).interest(on: Money(dong: principal), days: days).dong
            let exactTimes = Double(principal) * Double(rate) * Double(days) / 30_000_000_000
            #expect(abs(Double(got) - exactTimes) <= 0.5 + 1e-6 * max(1, exactTimes))
        }
    }

    @Test("Shows as Vietnamese and as an API fraction")
    func shows() {
        #expect(Rate(billionthsPerMonth: 6_875_000).description == "0,6875 %/tháng")
        #expect(Rate(billionthsPerMonth: 6_875_000).fractionString == "0.006875")
        #expect(Rate(billionthsPerMonth: 10_000_000).description == "1 %/tháng")
    }
}
