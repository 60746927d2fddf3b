import Testing
@testable import Domain

@Suite("Fees and commissions")
struct FeeTests {
    static let rules = FeeRules(groupCommissionBasisPoints: 800, communeOrganisationBasisPoints: 600, provinceOrganisationBasisPoints: 100,
                                minimumCollectionPercent: 90, maximumOverduePercent: 5)

    static func figures(due: Int64, collected: Int64, leader: Int64, outstanding: Int64 = 100_000_000, overdue: Int64 = 0) -> GroupFeeFigures {
        GroupFeeFigures(groupID: "g", organisation: .womensUnion, unitID: "u", interestDue: Money(dong: due), interestCollected: Money(dong: collected),
                        interestViaLeader: Money(dong: leader), outstanding: Money(dong: outstanding), overdue: Money(dong: overdue))
    }

    @Test("Rates apply to their bases, rounded half up once; every collection rate and overdue ratio against the thresholds")
    func thresholds() throws {
        for collected in stride(from: Int64(0), through: 600_000, by: 5_000) {
            for overdue in stride(from: Int64(0), through: 10_000_000, by: 500_000) {
                let f = Self.figures(due: 500_000, collected: collected, leader: collected / 2, overdue: overdue)
                let lines = try FeeCalculator.lines(for: f, rules: Self.rules)
                let paid = collected * 100 / 500_000 >= 90 && (overdue * 100 + 100_000_000 - 1) / 100_000_000 <= 5
                #expect(lines.count == 3)
                if paid {
                    #expect(try lines[0].amount == FeeCalculator.apply(800, to: Money(dong: collected / 2)))
                    #expect(lines[1].amount.dong == (collected * 600 + 5_000) / 10_000)
                } else {
                    #expect(lines.allSatisfy { $0.amount == .zero && $0.reason.hasPrefix("Không trả") })
                }
            }
        }
        #expect(try FeeCalculator.apply(800, to: Money(dong: 6_250)) == Money(dong: 500))
        #expect(try FeeCalculator.apply(800, to: Money(dong: 6_244)) == Money(dong: 500))   // 499,52 → 500
        #expect(try FeeCalculator.apply(800, to: Money(dong: 6_243)) == Money(dong: 499))   // 499,44 → 499
        #expect(FeeCalculator.collectionPercent(Self.figures(due: 0, collected: 0, leader: 0)) == 100)
        #expect(FeeCalculator.overduePercent(Self.figures(due: 0, collected: 0, leader: 0, outstanding: 100, overdue: 1)) == 1)
    }

    @Test("A re-run's adjustment balances and brings each payee's payable from the old amount to the new one")
    func adjustment() throws {
        var random = SplitMix(seed: 77)
        for _ in 0..<2_000 {
            let groups = (0..<Int.random(in: 1...6, using: &random)).map { "g\($0)" }
            func lines() -> [FeeLine] {
                groups.flatMap { g in FeePayee.allCases.map { FeeLine(payee: $0, groupID: g, organisation: .youthUnion, unitID: "u", base: .zero, basisPoints: 0,
                                                                      amount: Money(dong: Int64.random(in: 0...3, using: &random) * 1_000), reason: "") } }
            }
            let old = lines(), new = lines()
            let entry = try FeeCalculator.adjustment(from: old, to: new)
            #expect(entry.reduce(0) { $0 + $1.debit.dong } == entry.reduce(0) { $0 + $1.credit.dong })
            let payable = entry.filter { $0.account == ChartOfAccounts.feesPayable.code }.reduce(0) { $0 + $1.credit.dong - $1.debit.dong }
            #expect(payable == new.reduce(0) { $0 + $1.amount.dong } - old.reduce(0) { $0 + $1.amount.dong })
            #expect(entry.allSatisfy { $0.debit.dong > 0 || $0.credit.dong > 0 })
        }
    }
}

