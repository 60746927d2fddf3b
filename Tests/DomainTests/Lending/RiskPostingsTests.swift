import Testing

@testable import Domain

/// The risk commands' entries come from one Domain function each (issue #14 §3): balanced, from
/// the accounts the loan holds, nothing for what it does not.
@Suite("Lending: freeze and write-off postings")
struct RiskPostingsTests {
    static let loan = LoanDimensions(loanID: "L", programCode: "poor", unitID: "U", groupID: "G")
    static let day = BusinessDate(fixedYear: 2026, month: 10, day: 5)

    static func net(_ entry: JournalEntry?, _ account: Account) -> Int64 {
        (entry?.lines ?? []).filter { $0.account == account.code }.reduce(0) {
            $0 + $1.debit.dong - $1.credit.dong
        }
    }

    @Test(
        "Any balances: freeze empties current, overdue; write-off charges principal, undoes accrual"
    )
    func everyBalance() throws {
        var random = SplitMix(seed: 14)
        for _ in 0..<500 {
            func amount() -> Int64 {
                Bool.random(using: &random) ? Int64.random(in: 0...50_000_000, using: &random) : 0
            }
            let balances = [
                ChartOfAccounts.loansCurrent.code: amount(),
                ChartOfAccounts.loansOverdue.code: amount(),
                ChartOfAccounts.loansFrozen.code: amount(),
                ChartOfAccounts.interestReceivable.code: amount(),
            ]
            let freeze = try LoanPostings.freeze(
                id: "F", on: Self.day, balances: balances, loan: Self.loan, description: "x")
            let movable = (balances["2111"] ?? 0) + (balances["2112"] ?? 0)
            // Nothing to move is refused when posted (an entry must move money).
            if movable > 0 { try freeze.validate() }
            #expect(Self.net(freeze, ChartOfAccounts.loansFrozen) == movable)
            #expect(Self.net(freeze, ChartOfAccounts.loansCurrent) == -(balances["2111"] ?? 0))
            let due = Money(dong: Int64.random(in: 0...2_000_000, using: &random))
            for principalToo in [true, false] {
                let entry = try LoanPostings.writeOff(
                    id: "W", on: Self.day, principalToo: principalToo, interestDue: due,
                    balances: balances, loan: Self.loan, description: "x")
                try entry?.validate()
                let principal = principalToo ? movable + (balances["2113"] ?? 0) : 0
                #expect(Self.net(entry, ChartOfAccounts.writeOffExpense) == principal)
                #expect(
                    Self.net(entry, ChartOfAccounts.interestReceivable) == -min(
                        due.dong, balances["3941"] ?? 0))
                #expect(
                    entry == nil
                        || entry?.kind == (principalToo ? "write_off" : "interest_write_off"))
            }
            let paid = Money(dong: Int64.random(in: 0...60_000_000, using: &random))
            let left = LoanPostings.balances(balances, afterPrincipal: paid)
            let credits = LoanPostings.principalCredits(amount: paid, balances: balances)
            for account in [ChartOfAccounts.loansOverdue, ChartOfAccounts.loansFrozen] {
                #expect((left[account.code] ?? 0) >= 0)
            }
            #expect(credits.reduce(0) { $0 + $1.amount.dong } == paid.dong)
        }
    }
}
