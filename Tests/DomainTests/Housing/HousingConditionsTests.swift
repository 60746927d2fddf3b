import Testing

@testable import Domain

/// Điều kiện vay nhà ở xã hội (Decree 100/2024 as amended): every group, status, income around
/// the ceiling and housing case, against the rule restated here.
@Suite("Housing: the conditions of a social-housing loan")
struct HousingConditionsTests {
    static let rules2025 = HousingRules(
        single: Money(dong: 20_000_000), married: Money(dong: 40_000_000),
        singleParent: Money(dong: 30_000_000), minAreaPerPerson: 15, source: "NĐ 261/2025")
    static let rules2024 = HousingRules(
        single: Money(dong: 15_000_000), married: Money(dong: 30_000_000), singleParent: nil,
        minAreaPerPerson: 15, source: "NĐ 100/2024")

    @Test("Exhaustive: met exactly when housed below the floor and, if tested, within the ceiling")
    func exhaustive() {
        for rules in [Self.rules2025, Self.rules2024] {
            for b in HousingBeneficiary.allCases {
                for m in HousingMarital.allCases {
                    let ceiling = rules.ceiling(m)?.dong ?? 0
                    for income in [0, ceiling - 1, ceiling, ceiling + 1, ceiling * 3] {
                        for (owns, area) in [(false, 0), (true, 14), (true, 15), (true, 40)] {
                            let a = HousingApplicant(
                                beneficiary: b, marital: m, monthlyIncome: Money(dong: income),
                                ownsHouse: owns, areaPerPerson: area)
                            let r = HousingConditions.assess(a, rules: rules)
                            let housingOK = !owns || area < rules.minAreaPerPerson
                            let incomeOK = !b.incomeTested || income <= ceiling
                            #expect(r.met == (housingOK && incomeOK), "\(b) \(m) \(income) \(area)")
                            #expect(r.withinIncomeCeiling == (b.incomeTested ? incomeOK : nil))
                            #expect(
                                r.findings.filter { !$0.met }.count
                                    == (housingOK ? 0 : 1) + (incomeOK ? 0 : 1))
                        }
                    }
                }
            }
        }
    }

    @Test("A single parent before the act that set their ceiling is a single person")
    func singleParentBefore() {
        #expect(Self.rules2024.ceiling(.singleParent) == Money(dong: 15_000_000))
        #expect(Self.rules2025.ceiling(.singleParent) == Money(dong: 30_000_000))
    }

    @Test("The words: within the ceiling, never eligible alone; the refusal says why")
    func words() {
        let ok = HousingConditions.assess(
            HousingApplicant(
                beneficiary: .worker, marital: .single, monthlyIncome: Money(dong: 18_000_000),
                ownsHouse: false, areaPerPerson: 0), rules: Self.rules2025)
        #expect(ok.met && ok.summary.contains("trong mức trần") && ok.summary.contains("thẩm định"))
        #expect(!ok.summary.lowercased().contains("đủ điều kiện vay"))
        let over = HousingConditions.assess(
            HousingApplicant(
                beneficiary: .civilServant, marital: .married,
                monthlyIncome: Money(dong: 45_000_000), ownsHouse: true, areaPerPerson: 10),
            rules: Self.rules2025)
        #expect(!over.met && over.summary.contains("vượt mức trần"))
        #expect(HousingError.conditionsNotMet(over).details.map(\.field) == ["income"])
    }

    @Test("Bounds at the edge: income and area")
    func bounds() {
        var a = HousingApplicant(
            beneficiary: .worker, marital: .single, monthlyIncome: .zero, ownsHouse: false,
            areaPerPerson: 0)
        #expect((try? HousingConditions.check(a)) != nil)
        a.areaPerPerson = 10_001
        #expect((try? HousingConditions.check(a)) == nil)
        a.areaPerPerson = 0
        a.monthlyIncome = Money(dong: -1)
        #expect((try? HousingConditions.check(a)) == nil)
    }
}
