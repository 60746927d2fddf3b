import Testing

@testable import Domain

/// Issue #14 §1: an old-book loan names its borrower by household code, a member's CCCD, or a
/// unit's name; and may list its several disbursements.
@Suite("Opening book: borrowers and disbursements of an old loan")
struct OpeningBorrowerTests {
    @Test(
        "Every combination of the three columns and the group: exactly one borrower, units direct")
    func combinations() {
        let households = ["", "HO-0001", String(repeating: "x", count: 41)]
        let citizens = ["", "001203004005", "00120300400", "00120300400a", "００１２０３００４００５"]
        let units = ["", "HTX Nông nghiệp Đông Hưng", String(repeating: "y", count: 201)]
        for h in households {
            for c in citizens {
                for u in units {
                    for g in ["", "Tổ 1 Hội PN thôn Đông"] {
                        let result = OpeningBorrower.read(
                            household: h, citizen: c, unit: u, group: g)
                        let named = [h, c, u].filter { !$0.isEmpty }.count
                        switch result {
                        case .success(.household(let code)):
                            #expect(named == 1 && code == h && h.count <= 40)
                        case .success(.citizen(let id)):
                            #expect(named == 1 && id == c && c == "001203004005")
                        case .success(.unit(let name)):
                            #expect(named == 1 && name == u && u.count <= 200 && g.isEmpty)
                        case .failure(let problem):
                            let fine =
                                named == 1
                                && (h.count <= 40 && !h.isEmpty || c == "001203004005"
                                    || !u.isEmpty && u.count <= 200 && g.isEmpty)
                            #expect(!fine, "\(h)|\(c)|\(u)|\(g): \(problem.message)")
                            #expect(OpeningBorrower.columns.contains(problem.column))
                        }
                    }
                }
            }
        }
    }

    static func loan(_ tranches: [(String, Int64)], disbursed: Int64 = 50_000_000) -> OpeningLoan {
        var loan = OpeningBookTests.loan()
        loan.disbursed = Money(dong: disbursed)
        loan.tranches = tranches.map {
            OpeningTranche(on: OpeningBookTests.day($0.0), amount: Money(dong: $0.1))
        }
        return loan
    }

    @Test(
        "Disbursements listed: in order, from the disbursement date, by the cut-over, adding up",
        arguments: [
            ([("2023-03-15", 30_000_000), ("2023-09-15", 20_000_000)], true),
            ([("2023-03-15", 50_000_000)], true),
            ([("2023-03-16", 30_000_000), ("2023-09-15", 20_000_000)], false),
            ([("2023-09-15", 20_000_000), ("2023-03-15", 30_000_000)], false),
            ([("2023-03-15", 30_000_000), ("2023-03-15", 20_000_000)], false),
            ([("2023-03-15", 30_000_000), ("2026-12-04", 20_000_000)], false),
            ([("2023-03-15", 30_000_000), ("2023-09-15", 19_999_999)], false),
            ([("2023-03-15", 50_000_000), ("2023-09-15", 0)], false),
            ([("2023-03-15", Int64.max), ("2023-09-15", Int64.max)], false),
        ] as [([(String, Int64)], Bool)])
    func tranches(_ tranches: [(String, Int64)], valid: Bool) {
        let problems = OpeningBook.problems(Self.loan(tranches), cutOver: OpeningBookTests.cutOver)
        #expect(problems.isEmpty == valid, "\(problems)")
        #expect(problems.allSatisfy { $0.column == "cac_lan_giai_ngan" })
    }
}
