import Testing
@testable import Domain

/// Issue #14 §3: a group's collection batch is one Domain plan. Random sittings check it against
/// the rules it stands for.
@Suite("A collection batch planned in Domain")
struct CollectionPlanTests {
    static let members = ["h1", "h2", "h3"]

    /// A sitting of group g1 with one random loan per member and random savings.
    static func sitting(_ random: inout SplitMix) throws -> CollectionSitting {
        var loans: [LoanID: LoanHolding] = [:]
        var date = LoanCommandsTests.today
        for (n, member) in members.enumerated() {
            var (holding, on) = try LoanCommandsTests.holding(&random)
            holding.loan.loanID = LoanID("L\(n)")
            holding.household = member
            loans[holding.loan.loanID] = holding
            date = min(date, on)
        }
        // One date for the batch: every loan's standing again on it.
        for (id, var holding) in loans {
            holding.standing = try LoanAccount.standing(holding.facts, on: date)
            loans[id] = holding
        }
        let savings = Dictionary(
            uniqueKeysWithValues: members.dropLast().map {
                ($0, Money(dong: Int64.random(in: 0...50, using: &random) * 10_000))
            })
        return CollectionSitting(
            groupID: "g1", unitID: "c1", groupName: "Tổ 1", date: date,
            today: LoanCommandsTests.today, members: Set(members),
            minimumDeposit: Money(dong: 5_000), savings: savings, loans: loans)
    }

    static func line(_ random: inout SplitMix, _ sitting: CollectionSitting) -> CollectionLine {
        let n = Int.random(in: 0..<members.count, using: &random)
        let loan = sitting.loans[LoanID("L\(n)")]
        let due = loan?.standing.interestDue.dong ?? 0
        let interest = Int64.random(in: 0...(due / 2 + 1_000), using: &random)
        // Now and then the whole outstanding (the loan may close), else a part of it.
        let outstanding = loan?.standing.outstanding.dong ?? 0
        let principal =
            Int.random(in: 0..<6, using: &random) == 0
            ? outstanding
            : Int64.random(in: 0...(outstanding / 3_000_000), using: &random) * 1_000_000
        let withdrawal: Int64 = Int.random(in: 0..<5, using: &random) == 0 ? 100_000 : 0
        return CollectionLine(
            member: Bool.random(using: &random) ? members[n] : "",
            loan: Int.random(in: 0..<8, using: &random) == 0 ? nil : LoanID("L\(n)"),
            interest: Money(dong: interest), via: Bool.random(using: &random) ? .leader : .borrower,
            principal: Money(dong: principal),
            savingsDeposit: Money(dong: Int64.random(in: 0...3, using: &random) * 10_000),
            savingsWithdrawal: Money(dong: withdrawal),
            interestFromSavings: Int.random(in: 0..<4, using: &random) == 0)
    }

    @Test("Posted batches: balanced entries, sums that add up, loans within what they owe")
    func batches() throws {
        var random = SplitMix(seed: 1_423)
        var posted = 0, refused = 0, repaid = 0
        for _ in 0..<400 {
            let sitting = try Self.sitting(&random)
            let lines = (0..<Int.random(in: 1...5, using: &random)).map { _ in
                Self.line(&random, sitting)
            }
            let cash = try CollectionRules.expectedCash(lines)
            var counter = 0
            let plan: CollectionPlan
            do {
                plan = try LoanCommands.collection(
                    sitting, cashCounted: cash, lines: lines,
                    newID: {
                        counter += 1; return "E\(counter)"
                    })
            } catch LendingError.badCollectionLines(let problems) {
                refused += 1
                #expect(
                    !problems.isEmpty
                        && problems.allSatisfy { (1...lines.count).contains($0.row ?? 0) })
                continue
            }
            posted += 1
            #expect(
                plan.entries.count == lines.count && Set(plan.entries.map(\.id)).count == counter)
            for entry in plan.entries { try entry.validate() }
            #expect(plan.totals.principal == (try lines.map(\.principal).sum()))
            #expect(plan.totals.interest == (try lines.map(\.interest).sum()))
            #expect(
                plan.totals.interestViaLeader
                    == (try lines.filter { $0.via == .leader }.map(\.interest).sum()))
            for (id, figures) in plan.loans {
                let loan = try #require(sitting.loans[id])
                #expect(figures.principalRepaid <= loan.standing.outstanding)
                #expect(figures.interestPaid <= loan.standing.interestDue)
                let closes =
                    figures.principalRepaid.dong > 0
                    && figures.principalRepaid == loan.standing.outstanding
                    && loan.approved == loan.disbursed
                #expect(plan.repaid.contains(id) == closes)
                if closes { repaid += 1 }
            }
            for (member, change) in plan.savings {
                #expect(try (sitting.savings[member] ?? .zero).adding(change).dong >= 0)
                #expect(plan.newAccounts.contains(member) == (sitting.savings[member] == nil))
            }
            #expect(plan.lines.allSatisfy { !$0.member.isEmpty })
            // Interest paid from savings brings no cash: the entries' cash is the counted cash,
            // and the members' savings move by what the lines deposit, draw and pay from them.
            func net(_ account: Account) -> Int64 {
                var total: Int64 = 0
                for line in plan.entries.flatMap(\.lines) where line.account == account.code {
                    total += line.debit.dong - line.credit.dong
                }
                return total
            }
            #expect(net(ChartOfAccounts.cash) == cash.dong)
            #expect(-net(ChartOfAccounts.memberSavings) == (try plan.savings.values.sum()).dong)
            #expect(
                plan.totals.interestFromSavings
                    == (try lines.filter(\.interestFromSavings).map(\.interest).sum()))
            #expect(
                plan.movements.filter(\.paysInterest).map(\.amount.dong).reduce(0, +)
                    == -plan.totals.interestFromSavings.dong)
            // The cash the teller counts must be the lines' own sum, to the đồng.
            #expect(throws: LendingError.self) {
                try LoanCommands.collection(
                    sitting, cashCounted: Money(dong: cash.dong + 1), lines: lines,
                    newID: { "X" })
            }
        }
        #expect(posted > 60 && refused > 60 && repaid > 0, "\(posted) \(refused) \(repaid)")
    }
}
