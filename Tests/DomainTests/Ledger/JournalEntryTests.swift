import Domain
import Testing

@Suite("Ledger: journal entries")
struct JournalEntryTests {
    static let day = try! BusinessDate(iso: "2026-03-15")

    /// A random balanced entry over the chart: n debit lines and m credit lines with the same total.
    static func randomEntry(_ random: inout SplitMix, id: String) -> JournalEntry {
        let accounts = ChartOfAccounts.all.map(\.code)
        let total = Int64.random(in: 1...5_000_000_000, using: &random)
        func split(_ total: Int64, into parts: Int) -> [Int64] {
            var cuts = (0..<(parts - 1)).map { _ in
                Int64.random(in: 1..<max(2, total), using: &random)
            }.sorted()
            cuts = [0] + cuts + [total]
            return zip(cuts.dropFirst(), cuts).map { $0 - $1 }.filter { $0 > 0 }
        }
        let debits = split(total, into: Int.random(in: 1...4, using: &random))
        let credits = split(total, into: Int.random(in: 1...4, using: &random))
        let lines =
            debits.map {
                JournalLine(
                    account: accounts.randomElement(using: &random)!, debit: Money(dong: $0))
            }
            + credits.map {
                JournalLine(
                    account: accounts.randomElement(using: &random)!, credit: Money(dong: $0))
            }
        return JournalEntry(
            id: JournalEntry.ID(id), postedOn: day, kind: "test", description: "", lines: lines)
    }

    @Test(
        "Random balanced entries pass; moving one đồng on any line breaks them; a reversal nets every account to zero"
    )
    func balance() throws {
        var random = SplitMix(seed: 11)
        for n in 0..<2_000 {
            let entry = Self.randomEntry(&random, id: "e\(n)")
            guard entry.lines.count >= 2 else { continue }
            try entry.validate()
            var broken = entry
            let i = Int.random(in: 0..<entry.lines.count, using: &random)
            if broken.lines[i].debit.dong > 0 {
                broken.lines[i].debit = Money(dong: broken.lines[i].debit.dong + 1)
            } else {
                broken.lines[i].credit = Money(dong: broken.lines[i].credit.dong + 1)
            }
            #expect(throws: LedgerError.self) { try broken.validate() }
            let reversal = entry.reversal(id: JournalEntry.ID("r\(n)"), on: Self.day, reason: "thử")
            try reversal.validate()
            var net: [String: Int64] = [:]
            for line in entry.lines + reversal.lines {
                net[line.account, default: 0] += line.debit.dong - line.credit.dong
            }
            #expect(net.values.allSatisfy { $0 == 0 })
            #expect(reversal.reverses == entry.id)
        }
    }

    @Test(
        "Lines: one positive side, a known account; an entry needs two lines and a non-zero total")
    func lines() {
        func entry(_ lines: [JournalLine]) -> JournalEntry {
            JournalEntry(id: "x", postedOn: Self.day, kind: "t", description: "", lines: lines)
        }
        let cash = ChartOfAccounts.cash.code, loans = ChartOfAccounts.loansCurrent.code
        #expect(throws: LedgerError.unknownAccount("9999")) {
            try entry([
                JournalLine(account: "9999", debit: Money(dong: 5)),
                JournalLine(account: cash, credit: Money(dong: 5)),
            ]).validate()
        }
        #expect(throws: LedgerError.badLine(loans)) {
            try entry([
                JournalLine(account: loans, debit: Money(dong: 5), credit: Money(dong: 5)),
                JournalLine(account: cash, credit: Money(dong: 0)),
            ]).validate()
        }
        #expect(throws: LedgerError.badLine(loans)) {
            try entry([
                JournalLine(account: loans, debit: Money(dong: -5)),
                JournalLine(account: cash, credit: Money(dong: -5)),
            ]).validate()
        }
        #expect(throws: LedgerError.self) {
            try entry([JournalLine(account: loans, debit: Money(dong: 5))]).validate()
        }
        #expect(throws: Never.self) {
            try entry([
                JournalLine(account: loans, debit: Money(dong: 5)),
                JournalLine(account: cash, credit: Money(dong: 5)),
            ]).validate()
        }
    }

    @Test("A posting dated in a closed month is refused with period_closed")
    func periods() {
        #expect(throws: LedgerError.periodClosed("2026-03")) {
            try AccountingPeriod.check(Self.day, closedMonths: ["2026-03"])
        }
        #expect(throws: Never.self) {
            try AccountingPeriod.check(Self.day, closedMonths: ["2026-02"])
        }
        #expect(LedgerError.periodClosed("2026-03").code == "period_closed")
    }
}
