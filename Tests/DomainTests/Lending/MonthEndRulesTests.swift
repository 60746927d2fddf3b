import Testing
@testable import Domain

@Suite("Lending: month-end rules for one loan")
struct MonthEndRulesTests {
    @Test("The arrears threshold: exactly at three months of interest counts, one đồng below does not; closed and frozen loans never")
    func arrearsThreshold() throws {
        var random = SplitMix(seed: 31)
        let rate = LoanAccountTests.rate052
        for _ in 0..<20_000 {
            let outstanding = Int64.random(in: 0...2_000_000_000, using: &random)
            // Three months of interest, as an exact fraction: outstanding × billionths × 3 / 10⁹.
            let threshold = (Int128(outstanding) * Int128(rate.billionthsPerMonth) * 3 + Int128(Rate.scale) - 1) / Int128(Rate.scale)
            let arrears = Int64(max(1, threshold + Int128(Int64.random(in: -3...3, using: &random))))
            for status in LoanState.allCases {
                let standing = LoanStanding(outstanding: Money(dong: outstanding), overdue: .zero, interestDue: .zero,
                                            interestArrears: Money(dong: arrears), status: status)
                let expected = ![.writtenOff, .repaid, .frozen].contains(status) && Int128(arrears) >= threshold
                #expect(LoanAccount.reachesArrears(standing, rate: rate) == expected)
            }
            let open = LoanStanding(outstanding: Money(dong: outstanding), overdue: .zero, interestDue: .zero, interestArrears: Money(dong: arrears), status: .current)
            #expect(!LoanAccount.reachesArrears(open, rate: nil))
        }
    }

    @Test("The overdue transfer brings the overdue account to its target, never taking more than the current account holds")
    func overdueTransfer() throws {
        for target in stride(from: Int64(0), through: 60, by: 5) {
            for held in stride(from: Int64(0), through: 60, by: 5) {
                for current in stride(from: Int64(-10), through: 60, by: 5) {
                    let move = try LoanAccount.overdueTransfer(target: Money(dong: target), held: Money(dong: held), current: Money(dong: current)).dong
                    if target >= held {
                        #expect(move >= 0 && move <= max(0, current) && (held + move == target || move == max(0, current)))
                    } else {
                        #expect(move == target - held)
                    }
                }
            }
        }
    }

    @Test("A month's interest is the accrual to its end less the accrual to the previous month's end; the income target leaves out what was written off")
    func monthInterest() throws {
        var facts = try LoanAccountTests.facts(start: "2026-03-20")
        for end in ["2026-03-31", "2026-04-30", "2026-05-31", "2026-12-31"] {
            let monthEnd = LoanAccountTests.day(end)
            let previous = monthEnd.firstOfMonth.adding(days: -1)
            let before = previous >= facts.disbursedOn ? try LoanAccount.interestAccrued(facts, through: previous).dong : 0
            #expect(try LoanAccount.interestAccrued(facts, inMonthEnding: monthEnd).dong == LoanAccount.interestAccrued(facts, through: monthEnd).dong - before)
        }
        facts.interestWrittenOff = Money(dong: 12_345)
        let end = LoanAccountTests.day("2026-06-30")
        #expect(try LoanAccount.incomeTarget(facts, through: end).dong == LoanAccount.interestAccrued(facts, through: end).dong - 12_345)
    }
}
