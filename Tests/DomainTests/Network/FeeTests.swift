import Testing
@testable import Domain

@Suite("Fees and commissions")
struct FeeTests {
    static let shares: [FeePayee: Int64] = [
        .communeOrganisation: 8_400, .districtOrganisation: 800, .provinceOrganisation: 500,
        .centralOrganisation: 300,
    ]
    static let rules = FeeRules(
        groupCommissionBasisPoints: 800, organisationFeeMillionths: 450, shares: shares,
        districtShareTo: .communeOrganisation, minimumCollectionPercent: 90,
        maximumOverduePercent: 5)

    static func figures(
        due: Int64, collected: Int64, leader: Int64, outstanding: Int64 = 100_000_000,
        overdue: Int64 = 0, withInterest: Int64 = 80_000_000
    ) -> GroupFeeFigures {
        GroupFeeFigures(
            groupID: "g", organisation: .womensUnion, unitID: "u", interestDue: Money(dong: due),
            interestCollected: Money(dong: collected), interestViaLeader: Money(dong: leader),
            outstanding: Money(dong: outstanding), overdue: Money(dong: overdue),
            outstandingWithInterest: Money(dong: withInterest))
    }

    @Test("Every collection rate and overdue ratio against the thresholds; the fee on its base")
    func thresholds() throws {
        for collected in stride(from: Int64(0), through: 600_000, by: 5_000) {
            for overdue in stride(from: Int64(0), through: 10_000_000, by: 500_000) {
                let base = collected * 137
                let f = Self.figures(
                    due: 500_000, collected: collected, leader: collected / 2, overdue: overdue,
                    withInterest: base)
                let lines = try FeeCalculator.lines(for: f, rules: Self.rules)
                let paid =
                    collected * 100 / 500_000 >= 90
                    && (overdue * 100 + 100_000_000 - 1) / 100_000_000 <= 5
                // The district's share goes to the commune: group, commune, province, central.
                #expect(
                    lines.map(\.payee) == [
                        .group, .communeOrganisation, .provinceOrganisation, .centralOrganisation,
                    ])
                if paid {
                    #expect(lines[0].amount.dong == (collected / 2 * 800 + 5_000) / 10_000)
                    let total = (base * 450 + 500_000) / 1_000_000
                    #expect(lines.dropFirst().reduce(0) { $0 + $1.amount.dong } == total)
                    #expect(lines[1].basisPoints == 9_200 && lines[1].base.dong == base)
                    #expect(abs(lines[2].amount.dong * 10_000 - total * 500) <= 10_000)
                } else {
                    #expect(
                        lines.allSatisfy { $0.amount == .zero && $0.reason.hasPrefix("Không trả") })
                }
            }
        }
        #expect(try FeeCalculator.apply(800, to: Money(dong: 6_250)) == Money(dong: 500))
        #expect(try FeeCalculator.apply(800, to: Money(dong: 6_244)) == Money(dong: 500))
        #expect(try FeeCalculator.apply(800, to: Money(dong: 6_243)) == Money(dong: 499))
        #expect(try FeeCalculator.apply(millionths: 450, to: Money(dong: 1_000_000)).dong == 450)
        #expect(try FeeCalculator.apply(millionths: 450, to: Money(dong: 1_112)).dong == 1)
        #expect(try FeeCalculator.apply(millionths: 450, to: Money(dong: 1_111)).dong == 0)
        #expect(
            FeeCalculator.collectionPercent(Self.figures(due: 0, collected: 0, leader: 0)) == 100)
        #expect(
            FeeCalculator.overduePercent(
                Self.figures(due: 0, collected: 0, leader: 0, outstanding: 100, overdue: 1)) == 1)
        #expect(FeeCalculator.millionthsPercent(450) == "0,045")
        #expect(FeeCalculator.millionthsPercent(600) == "0,06")
        #expect(FeeCalculator.millionthsPercent(12_000) == "1,2")
    }

    @Test("Before the district level went, its share is its own line; after, where the rule says")
    func districtShare() throws {
        var rules = Self.rules
        rules.districtShareTo = nil
        let f = Self.figures(due: 100, collected: 100, leader: 100, withInterest: 1_000_000_000)
        let before = try FeeCalculator.lines(for: f, rules: rules)
        #expect(before.map(\.payee) == [.group] + FeePayee.organisationLevels)
        #expect(before.dropFirst().map(\.amount.dong) == [378_000, 36_000, 22_500, 13_500])
        rules.districtShareTo = .provinceOrganisation
        let after = try FeeCalculator.lines(for: f, rules: rules)
        #expect(after.dropFirst().map(\.amount.dong) == [378_000, 58_500, 13_500])
        #expect(after[2].payee == .provinceOrganisation && after[2].basisPoints == 1_300)
    }

    @Test("A dated reduction cuts every amount of a group above its overdue threshold")
    func reduction() throws {
        var rules = Self.rules
        rules.reducedAboveOverduePercent = 2
        rules.reductionPercent = 50
        for overdue in stride(from: Int64(0), through: 5_000_000, by: 250_000) {
            let f = Self.figures(due: 100, collected: 100, leader: 100_000, overdue: overdue)
            let full = try FeeCalculator.lines(for: f, rules: Self.rules)
            let cut = try FeeCalculator.lines(for: f, rules: rules)
            let reduced = FeeCalculator.overduePercent(f) > 2
            #expect(
                cut[0].amount.dong
                    == (reduced ? (full[0].amount.dong + 1) / 2 : full[0].amount.dong))
            #expect(cut.allSatisfy { $0.reason.contains("Giảm 50 %") == reduced })
        }
    }

    @Test("The levels' parts sum to the fee and each is within a đồng of its exact share")
    func split() throws {
        var random = SplitMix(seed: 10)
        for _ in 0..<5_000 {
            let total = Int64.random(in: 0...5_000_000_000, using: &random)
            let count = Int.random(in: 1...5, using: &random)
            var shares = (0..<count).map { _ in Int64.random(in: 0...4_000, using: &random) }
            let exact = Bool.random(using: &random)
            if exact { shares[0] = max(0, 10_000 - shares.dropFirst().reduce(0, +)) }
            let sum = shares.reduce(0, +)
            let parts = try FeeCalculator.split(Money(dong: total), shares: shares)
            let whole = parts.reduce(0) { $0 + $1.dong }
            let scale = max(sum, 10_000)
            #expect(sum == 0 || Int128(whole) == Int128(total) * Int128(sum) / Int128(scale))
            for (part, share) in zip(parts, shares) {
                let ideal = Int128(total) * Int128(share)
                #expect(
                    part.dong >= 0
                        && abs(Int128(part.dong) * Int128(scale) - ideal) <= Int128(scale))
            }
            if exact && sum == 10_000 { #expect(whole == total) }
        }
    }

    @Test("A recipient's key reads back to itself; anything else is not a recipient")
    func recipientKeys() {
        let all: [FeeRecipient] = [
            .group("g-1"), .commune(.farmersUnion, unitID: "11953"),
            .district(.womensUnion, province: 33), .province(.youthUnion, province: 33),
            .central(.veteransAssociation),
        ]
        for r in all { #expect(FeeRecipient(key: r.key) == r) }
        for bad in [
            "", "group:", "group", "x:commune:1", "womens_union:commune:",
            "womens_union:province:abc", "womens_union:province:0", "womens_union:central:1",
            "womens_union:district", "group:a:b",
        ] {
            #expect(FeeRecipient(key: bad) == nil, "\(bad)")
        }
        let line = FeeLine(
            payee: .provinceOrganisation, groupID: "g", organisation: .farmersUnion, unitID: "u",
            base: .zero, basisPoints: 0, amount: .zero, reason: "")
        #expect(FeeRecipient(line, provinceCode: 33) == .province(.farmersUnion, province: 33))
    }

    @Test("A payout spreads over the lines in order, balances, and the payable falls by it")
    func payouts() throws {
        var random = SplitMix(seed: 31)
        let date = try BusinessDate(iso: "2026-11-25")
        for round in 0..<3_000 {
            let owed = (0..<Int.random(in: 1...6, using: &random)).map { i in
                let amount = Int64.random(in: 0...200_000, using: &random)
                return FeeOwed(
                    groupID: "g\(i)", unitID: "u\(i % 2)", amount: Money(dong: amount),
                    paid: Money(dong: Int64.random(in: 0...amount + 1_000, using: &random)))
            }
            let unpaid = owed.reduce(0) { $0 + $1.unpaid.dong }
            let amount = Int64.random(in: -10...unpaid + 10, using: &random)
            let method: PaymentMethod = round % 2 == 0 ? .cash : .transfer
            func plan() throws(FeeError) -> FeePayoutPlan {
                try FeePayouts.plan(
                    payee: "group:g", month: "2026-10", amount: Money(dong: amount),
                    method: method, owed: owed, on: date, entryID: EntryID("e\(round)"))
            }
            if amount <= 0 {
                #expect(throws: FeeError.amountNotPositive) { try plan() }
            } else if unpaid == 0 {
                #expect(throws: FeeError.nothingOwed(payee: "group:g", month: "2026-10")) {
                    try plan()
                }
            } else if amount > unpaid {
                #expect(throws: FeeError.overpaid(owed: Money(dong: unpaid))) { try plan() }
            } else {
                let p = try plan()
                let lines = p.entry.lines
                #expect(lines.reduce(0) { $0 + $1.debit.dong - $1.credit.dong } == 0)
                #expect(
                    lines.filter { $0.account == ChartOfAccounts.feesPayable.code }
                        .reduce(0) { $0 + $1.debit.dong } == amount)
                #expect(
                    lines.filter { $0.account == method.account.code }
                        .reduce(0) { $0 + $1.credit.dong } == amount)
                // Filled in order: every line before the last one paid is paid in full.
                let byGroup = Dictionary(uniqueKeysWithValues: owed.map { ($0.groupID, $0) })
                for (i, a) in p.allocations.enumerated() {
                    let line = try #require(byGroup[a.groupID])
                    #expect(a.amount.dong > 0 && a.amount.dong <= line.unpaid.dong)
                    if i < p.allocations.count - 1 { #expect(a.amount == line.unpaid) }
                }
            }
        }
    }

    @Test(
        "A re-run's adjustment balances and brings each payee's payable from the old amount to the new one"
    )
    func adjustment() throws {
        var random = SplitMix(seed: 77)
        for _ in 0..<2_000 {
            let groups = (0..<Int.random(in: 1...6, using: &random)).map { "g\($0)" }
            func lines() -> [FeeLine] {
                groups.flatMap { g in
                    FeePayee.allCases.map {
                        FeeLine(
                            payee: $0, groupID: g, organisation: .youthUnion, unitID: "u",
                            base: .zero, basisPoints: 0,
                            amount: Money(dong: Int64.random(in: 0...3, using: &random) * 1_000),
                            reason: "")
                    }
                }
            }
            let old = lines(), new = lines()
            let entry = try FeeCalculator.adjustment(from: old, to: new)
            #expect(
                entry.reduce(0) { $0 + $1.debit.dong } == entry.reduce(0) { $0 + $1.credit.dong })
            let payable = entry.filter { $0.account == ChartOfAccounts.feesPayable.code }.reduce(0)
            { $0 + $1.credit.dong - $1.debit.dong }
            #expect(
                payable == new.reduce(0) { $0 + $1.amount.dong }
                    - old.reduce(0) { $0 + $1.amount.dong })
            #expect(entry.allSatisfy { $0.debit.dong > 0 || $0.credit.dong > 0 })
        }
    }
}
