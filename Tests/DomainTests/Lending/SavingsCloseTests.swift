import Testing

@testable import Domain

/// CHANGES 2026-12-01 item 9, "and when the account closes": a member's account closed on any
/// day is credited the half-year's interest to that day (exactly, rounded once, less what the
/// half already credited) and paid out in one balanced entry; a closed account closes once.
@Suite("Members' savings: an account closed with its interest to the day")
struct SavingsCloseTests {
    static func day(_ iso: String) -> BusinessDate {
        (try? BusinessDate(iso: iso)) ?? BusinessDate.inputRange.lowerBound
    }
    static let rates: [BusinessDate: Int64] = [
        day("2026-01-31"): 120, day("2026-02-28"): 120, day("2026-03-31"): 150,
        day("2026-04-30"): 150, day("2026-05-31"): 100, day("2026-06-30"): 100,
    ]

    /// Σ end-of-day balance × the rate of its month, day by day: the rule stated plainly.
    static func bruteForce(
        opening: Int64, movements: [SavingsInterest.Movement], through end: BusinessDate
    ) -> Int64 {
        var sum: Int128 = 0
        var d = SavingsInterest.halfStart(of: end)
        while d <= end {
            let balance =
                opening + movements.filter { $0.on <= d }.reduce(Int64(0)) { $0 + $1.amount.dong }
            sum += Int128(balance) * Int128(rates[d.lastOfMonth] ?? 0)
            d = d.adding(days: 1)
        }
        return sum > 0 ? Int64(sum / 3_650_000) : 0
    }

    static func movements(_ random: inout SplitMix) -> [SavingsInterest.Movement] {
        // Withdrawals never take more than the balance of their day.
        var balance: Int64 = 0
        let days = (0..<Int.random(in: 0...6, using: &random)).map { _ in
            Int.random(in: 0...150, using: &random)
        }.sorted()
        return days.map { offset in
            let amount = max(Int64.random(in: -5...20, using: &random) * 50_000, -balance)
            balance += amount
            return SavingsInterest.Movement(
                on: day("2026-01-01").adding(days: offset), amount: Money(dong: amount))
        }
    }

    @Test("Interest to any day of the half is the day-by-day sum, rounded down once")
    func toDate() {
        var random = SplitMix(seed: 91)
        for _ in 0..<300 {
            let moves = Self.movements(&random)
            let opening = Int64.random(in: 0...40, using: &random) * 100_000
            let end = Self.day("2026-01-01").adding(days: Int.random(in: 0...180, using: &random))
            let got = SavingsInterest.toDate(
                opening: Money(dong: opening), movements: moves, through: end, rates: Self.rates)
            #expect(got.dong == Self.bruteForce(opening: opening, movements: moves, through: end))
        }
    }

    @Test("A closing credits what the half earned less what it credited; one balanced entry")
    func close() throws {
        var random = SplitMix(seed: 7)
        for n in 0..<300 {
            let moves = Self.movements(&random).filter { $0.on <= Self.day("2026-05-01") }
            let opening = Money(dong: Int64.random(in: 0...40, using: &random) * 100_000)
            let paid = Money(dong: Int64.random(in: 0...3, using: &random) * 1_000)
            let on = Self.day("2026-05-01").adding(days: Int.random(in: 0...60, using: &random))
            let account = SavingsAccountStanding(
                accountID: "sav-h", householdID: "h", groupID: "g", unitID: "u",
                openingOfHalf: opening, movements: moves, paidInHalf: paid,
                lastMovement: moves.last?.on, closedOn: nil)
            let method: PaymentMethod = n % 2 == 0 ? .cash : .transfer
            let plan = try SavingsCommands.close(
                account, on: on, today: Self.day("2026-11-25"), method: method,
                rates: Self.rates, entryID: EntryID("e\(n)"))
            let earned = Self.bruteForce(opening: opening.dong, movements: moves, through: on)
            #expect(plan.interest.dong == max(0, earned - paid.dong))
            let balance = opening.dong + moves.reduce(Int64(0)) { $0 + $1.amount.dong }
            #expect(plan.payout.dong == balance + plan.interest.dong)
            guard let entry = plan.entry else {
                #expect(plan.payout == .zero)
                continue
            }
            try entry.validate()
            func net(_ a: Account) -> Int64 {
                var total: Int64 = 0
                for line in entry.lines where line.account == a.code {
                    total += line.debit.dong - line.credit.dong
                }
                return total
            }
            // The members' savings account loses exactly the balance the account held.
            #expect(net(ChartOfAccounts.memberSavings) == balance)
            #expect(net(ChartOfAccounts.savingsInterestExpense) == plan.interest.dong)
            #expect(net(method.account) == -plan.payout.dong)
            #expect(entry.lines.allSatisfy { $0.groupID == "g" && $0.unitID == "u" })
        }
    }

    @Test("Closed once, never in the future, never before the account's last movement")
    func refusals() throws {
        let account = SavingsAccountStanding(
            accountID: "sav-h", householdID: "h", groupID: "g", unitID: "u",
            openingOfHalf: Money(dong: 100_000), movements: [], paidInHalf: .zero,
            lastMovement: Self.day("2026-03-10"), closedOn: nil)
        let today = Self.day("2026-04-01")
        func close(_ a: SavingsAccountStanding, _ on: String) throws {
            _ = try SavingsCommands.close(
                a, on: Self.day(on), today: today, method: .cash, rates: Self.rates,
                entryID: "e")
        }
        var closed = account
        closed.closedOn = Self.day("2026-03-15")
        #expect(throws: SavingsError.alreadyClosed(Self.day("2026-03-15"))) {
            try close(closed, "2026-03-20")
        }
        #expect(throws: SavingsError.futureDate(Self.day("2026-04-02"))) {
            try close(account, "2026-04-02")
        }
        #expect(throws: SavingsError.closeBeforeLastMovement(Self.day("2026-03-10"))) {
            try close(account, "2026-03-09")
        }
        try close(account, "2026-03-10")
        try close(account, "2026-04-01")
    }
}
