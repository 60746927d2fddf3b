import Testing
@testable import Domain

@Suite("Network: a group's month totals")
struct GroupMonthTotalsTests {
    static func totals(outstanding: Int64, overdue: Int64, due: Int64, collected: Int64, principalDue: Int64, principalPaid: Int64,
                       members: Int, saving: Int, savings: Int64, previous: Int64) -> GroupMonthTotals {
        GroupMonthTotals(groupID: "g", organisation: .farmersUnion, unitID: "u", outstanding: Money(dong: outstanding), overdue: Money(dong: overdue),
                         interestDue: Money(dong: due), interestCollected: Money(dong: collected), interestViaLeader: Money(dong: collected / 2),
                         principalDue: Money(dong: principalDue), principalCollected: Money(dong: principalPaid), members: members, membersSaving: saving,
                         savings: Money(dong: savings), savingsPrevious: Money(dong: previous), meetings: 1, sittings: 1)
    }

    @Test("Every derived figure is valid for the rating, rounds against the group and matches exact arithmetic")
    func properties() throws {
        var random = SplitMix(seed: 2026)
        for _ in 0..<20_000 {
            let outstanding = Int64.random(in: 0...5_000_000_000, using: &random)
            let overdue = Int64.random(in: 0...max(0, outstanding), using: &random)
            let due = Int64.random(in: 0...50_000_000, using: &random), collected = Int64.random(in: 0...60_000_000, using: &random)
            let principalDue = Int64.random(in: 0...200_000_000, using: &random), principalPaid = Int64.random(in: 0...principalDue, using: &random)
            let members = Int.random(in: 0...60, using: &random), saving = Int.random(in: 0...members, using: &random)
            let previous = Int64.random(in: 0...100_000_000, using: &random), savings = Int64.random(in: 0...120_000_000, using: &random)
            let t = Self.totals(outstanding: outstanding, overdue: overdue, due: due, collected: collected, principalDue: principalDue,
                                principalPaid: principalPaid, members: members, saving: saving, savings: savings, previous: previous)
            let f = t.rating
            try f.validate()
            #expect(f.meetingsHeld == 2)
            // Overdue ‰ is the smallest whole number not below the exact ratio.
            if outstanding > 0 {
                #expect(Double(f.overduePerMille) >= Double(overdue) * 1000 / Double(outstanding) - 1e-9)
                #expect(f.overduePerMille == 0 || Int128(f.overduePerMille - 1) * Int128(outstanding) < Int128(overdue) * 1000)
            } else {
                #expect(f.overduePerMille == 0)
            }
            // Collection % is the largest whole number not above the exact ratio, at most 100.
            if due > 0 {
                #expect(f.interestCollectedPercent == min(100, Int(Int128(collected) * 100 / Int128(due))))
            } else {
                #expect(f.interestCollectedPercent == 100)
            }
            #expect(f.principalCollectedPercent == (principalDue == 0 ? 100 : Int(Int128(principalPaid) * 100 / Int128(principalDue))))
            #expect(f.membersSavingPercent == (members == 0 ? 0 : saving * 100 / members))
            if previous > 0 {
                let exact = Double(savings - previous) * 100 / Double(previous)
                #expect(Double(f.savingsGrowthPercent) <= exact + 1e-9 && Double(f.savingsGrowthPercent) > exact - 1 - 1e-9)
            }
            // The fee figures carry the same money.
            #expect(t.fees.interestDue == t.interestDue && t.fees.outstanding == t.outstanding && t.fees.overdue == t.overdue)
        }
    }

    @Test("Edges: nothing owed, no savings yet, a fall in savings, a tiny overdue")
    func edges() {
        let none = Self.totals(outstanding: 0, overdue: 0, due: 0, collected: 0, principalDue: 0, principalPaid: 0, members: 0, saving: 0, savings: 0, previous: 0).rating
        #expect(none.overduePerMille == 0 && none.interestCollectedPercent == 100 && none.principalCollectedPercent == 100
                && none.membersSavingPercent == 0 && none.savingsGrowthPercent == 0)
        let first = Self.totals(outstanding: 1, overdue: 0, due: 0, collected: 0, principalDue: 0, principalPaid: 0, members: 3, saving: 1, savings: 5_000,
                                previous: 0).rating
        #expect(first.savingsGrowthPercent == 100 && first.membersSavingPercent == 33)
        let fall = Self.totals(outstanding: 1, overdue: 0, due: 0, collected: 0, principalDue: 0, principalPaid: 0, members: 1, saving: 1, savings: 199_000,
                               previous: 200_000).rating
        #expect(fall.savingsGrowthPercent == -1)
        let tiny = Self.totals(outstanding: 1_000_000_000, overdue: 1, due: 0, collected: 0, principalDue: 0, principalPaid: 0, members: 1, saving: 1,
                               savings: 1, previous: 1).rating
        #expect(tiny.overduePerMille == 1)
        let over = Self.totals(outstanding: 100, overdue: 0, due: 100, collected: 300, principalDue: 0, principalPaid: 0, members: 1, saving: 1,
                               savings: 1, previous: 1).rating
        #expect(over.interestCollectedPercent == 100)
    }
}
