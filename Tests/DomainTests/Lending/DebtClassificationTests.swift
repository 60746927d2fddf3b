import Testing

@testable import Domain

@Suite("Yearly debt classification")
struct DebtClassificationTests {
    @Test("Each axis counts every loan once and sums to the total")
    func axesSumToTotal() throws {
        var random = SplitMix(seed: 976)
        let states: [LoanState] = [.current, .termAdjusted, .overdue, .extended, .frozen]
        for _ in 0..<300 {
            let loans = (0..<Int.random(in: 0...40, using: &random)).map { _ in
                let outstanding = Int64.random(in: 1...500_000_000, using: &random)
                let overdue = Int64.random(in: 0...outstanding, using: &random)
                let frozen = Int64.random(in: 0...(outstanding - overdue), using: &random)
                let code = "p\(Int.random(in: 0...4, using: &random))"
                return ClassifiedLoan(
                    programCode: code, programName: "Chương trình \(code)",
                    termMonths: Int.random(in: 1...360, using: &random),
                    state: states[Int.random(in: 0..<states.count, using: &random)],
                    secured: Bool.random(using: &random),
                    source: Bool.random(using: &random)
                        ? nil
                        : CapitalSource.allCases.randomElement(
                            using: &random),
                    organisation: Organisation.allCases.randomElement(using: &random),
                    unitID: "u\(Int.random(in: 0...3, using: &random))", unitName: "Xã",
                    ethnicity: Bool.random(using: &random) ? nil : ("01", "Kinh"),
                    outstanding: Money(dong: outstanding), overdue: Money(dong: overdue),
                    frozen: Money(dong: frozen))
            }
            let (rows, total) = try DebtClassification.rows(loans)
            #expect(total.loans == loans.count)
            #expect(total.outstanding.dong == loans.reduce(0) { $0 + $1.outstanding.dong })
            #expect(
                total.current.dong + total.overdue.dong + total.frozen.dong
                    == total.outstanding.dong)
            for axis in ClassificationAxis.allCases {
                let mine = rows.filter { $0.axis == axis }
                #expect(mine.reduce(0) { $0 + $1.loans } == total.loans)
                #expect(mine.reduce(0) { $0 + $1.outstanding.dong } == total.outstanding.dong)
                #expect(mine.reduce(0) { $0 + $1.current.dong } == total.current.dong)
                #expect(mine.reduce(0) { $0 + $1.overdue.dong } == total.overdue.dong)
                #expect(mine.reduce(0) { $0 + $1.frozen.dong } == total.frozen.dong)
                #expect(Set(mine.map(\.key)).count == mine.count)
            }
        }
    }

    @Test("Terms: up to 12 months short, up to 60 medium, beyond long")
    func terms() {
        for months in 0...600 {
            let expected: TermClass = months <= 12 ? .short : months <= 60 ? .medium : .long
            #expect(TermClass(months: months) == expected)
        }
    }

    @Test("A named collateral secures a loan; blank, «tín chấp» or «không» does not")
    func security() {
        for text in ["Nhà xưởng", "Quyền sử dụng đất", " Sổ đỏ "] {
            #expect(ClassifiedLoan.isSecured(collateral: text))
        }
        for text in ["", "  ", "Tín chấp qua tổ", "không", "-"] {
            #expect(!ClassifiedLoan.isSecured(collateral: text))
        }
    }
}
