import Domain
import Testing

@Suite("Ledger: chart of accounts")
struct ChartOfAccountsTests {
    @Test("Codes are unique, and each account is found by its code")
    func codes() {
        let codes = ChartOfAccounts.all.map(\.code)
        #expect(Set(codes).count == codes.count)
        for account in ChartOfAccounts.all {
            #expect(ChartOfAccounts.account(account.code) == account)
        }
        #expect(ChartOfAccounts.account("0000") == nil)
    }

    @Test("The capital group is the accounts of the capital sources, in the sources' order")
    func capital() {
        #expect(ChartOfAccounts.capital == CapitalSource.allCases.map(\.account))
        #expect(ChartOfAccounts.capital.allSatisfy { $0.kind == .capital })
    }

    @Test("The principal group holds the loan accounts by status, all assets, no receivable")
    func principal() {
        #expect(ChartOfAccounts.principal.allSatisfy { $0.kind == .asset })
        #expect(Set(ChartOfAccounts.principal.map(\.code)).count == 3)
        #expect(!ChartOfAccounts.principal.contains(ChartOfAccounts.interestReceivable))
        #expect(
            LoanPostings.loanAccounts.filter { ChartOfAccounts.principal.contains($0) }
                == ChartOfAccounts.principal)
    }
}
