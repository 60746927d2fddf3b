import Testing

@testable import Domain

/// Tỷ trọng vốn địa phương và lộ trình 2030: the share is exact, and the projection reaches
/// the target in the last year by equal yearly allocations, for random books and assumptions.
@Suite("Capital: the local share and the path to 15 % by 2030")
struct LocalShareProjectionTests {
    @Test("The share is the exact fraction, rounded down to a millionth; nothing of nothing is 0")
    func share() {
        #expect(
            LocalShare(local: Money(dong: 15), total: Money(dong: 100)).partsPerMillion == 150_000)
        #expect(LocalShare(local: Money(dong: 1), total: Money(dong: 3)).partsPerMillion == 333_333)
        #expect(LocalShare(local: .zero, total: .zero).partsPerMillion == 0)
        #expect(
            LocalShare(local: Money(dong: 823), total: Money(dong: 10_000)).percentText == "8,23 %")
        let huge = LocalShare(local: Money(dong: .max), total: Money(dong: .max))
        #expect(huge.partsPerMillion == 1_000_000)
    }

    @Test("Property: the path ends at the target, allocations differ by at most 1 đồng and add up")
    func property() {
        var rng = SplitMix(seed: 2030)
        for _ in 0..<2_000 {
            let total = Int64.random(in: 0...20_000_000_000_000, using: &rng)
            let local = Int64.random(in: 0...max(0, total / 4), using: &rng)
            let growth = Int64.random(in: -2_000...3_000, using: &rng)
            let year = Int.random(in: 2020...2031, using: &rng)
            let now = LocalShare(local: Money(dong: local), total: Money(dong: total))
            let plan = LocalShareProjection.plan(now, year: year, growthBasisPoints: growth)
            #expect(plan.count == max(0, 2030 - year))
            guard let last = plan.last else { continue }
            #expect(plan.map(\.year) == Array((year + 1)...2030))
            // The total grows by the assumption, year on year (rounded half up).
            var expected = Int128(total)
            for y in plan {
                expected = (expected * Int128(10_000 + growth) + 5_000) / 10_000
                #expect(Int128(y.projectedTotal.dong) == expected)
            }
            let required = (Int128(last.projectedTotal.dong) * 1_500 + 9_999) / 10_000
            let allocations = plan.map(\.allocationNeeded.dong)
            let sum = allocations.reduce(Int128(0)) { $0 + Int128($1) }
            #expect(sum == max(0, required - Int128(local)))
            #expect((allocations.max() ?? 0) - (allocations.min() ?? 0) <= 1)
            #expect(Int128(last.projectedLocal.dong) == Int128(local) + sum)
            if required > Int128(local) {
                #expect(last.projectedShare.partsPerMillion >= 149_999)
            }
        }
    }

    @Test("The share of balances by source counts the province's and communes' budgets as local")
    func bySource() {
        let m = { Money(dong: $0) }
        let share = LocalShare(amounts: [
            (.central, m(600)), (.province, m(250)), (.commune, m(50)), (.mobilised, m(100)),
        ])
        #expect(share == LocalShare(local: m(300), total: m(1_000)))
        let years = LocalShare.yearEnds(
            [(2024, .central, m(900)), (2024, .province, m(100)), (2026, .commune, m(100))],
            through: 2026)
        #expect(years.map(\.year) == [2024, 2025, 2026])
        #expect(years.map(\.share.partsPerMillion) == [100_000, 100_000, 181_818])
        #expect(LocalShare.yearEnds([(2027, .central, m(1))], through: 2026).isEmpty)
    }

    @Test("A share already above the target needs nothing; a past target year gives no path")
    func edges() {
        let above = LocalShare(local: Money(dong: 300), total: Money(dong: 1_000))
        let plan = LocalShareProjection.plan(above, year: 2026, growthBasisPoints: 0)
        #expect(plan.count == 4)
        #expect(plan.allSatisfy { $0.allocationNeeded == .zero })
        #expect(LocalShareProjection.plan(above, year: 2030, growthBasisPoints: 800).isEmpty)
        #expect(LocalShareProjection.plan(above, year: 2035, growthBasisPoints: 800).isEmpty)
    }

    @Test("A worked case: 8 % of 100 000 bn in 2026, total +10 %/year")
    func worked() {
        let now = LocalShare(
            local: Money(dong: 8_000_000_000_000), total: Money(dong: 100_000_000_000_000))
        let plan = LocalShareProjection.plan(now, year: 2026, growthBasisPoints: 1_000)
        // 2030: 100 000 bn × 1.1⁴ = 146 410 bn; 15 % = 21 961,5 bn; less 8 000 bn over 4 years.
        #expect(plan.last?.projectedTotal == Money(dong: 146_410_000_000_000))
        #expect(plan.map(\.allocationNeeded.dong).reduce(0, +) == 13_961_500_000_000)
        #expect(plan.first?.allocationNeeded == Money(dong: 3_490_375_000_000))
    }
}
