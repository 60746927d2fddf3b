import Testing

@testable import Domain

/// Issue #14 §1: the old book's figures of a loan, checked by column; the opening and control
/// entries; the interest an imported loan owes from the cut-over day.
@Suite("Opening book: a branch's old loans brought in against the migration account")
struct OpeningBookTests {
    static func day(_ iso: String) -> BusinessDate {
        (try? BusinessDate(iso: iso)) ?? BusinessDate.inputRange.lowerBound
    }
    static let cutOver = day("2026-12-03")

    /// A loan of 50 m from 2023 with 30 m left: 10 m overdue (due 15/11/2026), 20 m to come.
    static func loan(
        row: Int = 1, unit: String = "u1", program: String = "poor_household",
        source: CapitalSource = .central
    ) -> OpeningLoan {
        OpeningLoan(
            row: row, reference: "KU-\(row)", programCode: program, unitID: unit, groupID: "g1",
            disbursedOn: day("2023-03-15"), disbursed: Money(dong: 50_000_000), termMonths: 60,
            remaining: [
                Instalment(dueOn: day("2026-11-15"), principal: Money(dong: 10_000_000)),
                Instalment(dueOn: day("2027-03-15"), principal: Money(dong: 10_000_000)),
                Instalment(dueOn: day("2028-03-15"), principal: Money(dong: 10_000_000)),
            ],
            current: Money(dong: 20_000_000), overdue: Money(dong: 10_000_000), frozen: .zero,
            freeze: nil,
            interestPaidTo: day("2026-10-15"), unpaidInterest: Money(dong: 260_000), source: source)
    }

    @Test("A loan whose figures agree has no problem")
    func clean() {
        #expect(OpeningBook.problems(Self.loan(), cutOver: Self.cutOver).isEmpty)
    }

    @Test(
        "Each figure that cannot stand is named by its column",
        arguments: [
            (
                "ngay_giai_ngan",
                { @Sendable (l: inout OpeningLoan) in
                    l.disbursedOn = OpeningBookTests.day("2026-12-04")
                }
            ),
            (
                "so_tien_giai_ngan",
                { @Sendable (l: inout OpeningLoan) in l.disbursed = Money(dong: 29_000_000) }
            ),
            ("lich_tra", { @Sendable (l: inout OpeningLoan) in l.remaining.removeLast() }),
            ("lich_tra", { @Sendable (l: inout OpeningLoan) in l.remaining.swapAt(1, 2) }),
            (
                "du_no_qua_han",
                { @Sendable (l: inout OpeningLoan) in
                    l.overdue = .zero; l.current = Money(dong: 30_000_000)
                }
            ),
            (
                "du_no_trong_han",
                { @Sendable (l: inout OpeningLoan) in
                    l.current = .zero; l.overdue = .zero; l.remaining = []
                }
            ),
            (
                "khoanh_tu",
                { @Sendable (l: inout OpeningLoan) in
                    l.frozen = l.current; l.current = .zero; l.overdue = Money(dong: 10_000_000)
                }
            ),
            (
                "du_no_khoanh",
                { @Sendable (l: inout OpeningLoan) in
                    l.freeze = FreezePeriod(
                        from: OpeningBookTests.day("2026-01-01"),
                        through: OpeningBookTests.day("2027-12-31"))
                }
            ),
            (
                "khoanh_den",
                { @Sendable (l: inout OpeningLoan) in
                    l.frozen = Money(dong: 30_000_000); l.current = .zero; l.overdue = .zero
                    l.freeze = FreezePeriod(
                        from: OpeningBookTests.day("2025-01-01"),
                        through: OpeningBookTests.day("2026-06-30"))
                }
            ),
            (
                "lai_tra_den_ngay",
                { @Sendable (l: inout OpeningLoan) in
                    l.interestPaidTo = OpeningBookTests.day("2022-01-01")
                }
            ),
            ("thoi_han_thang", { @Sendable (l: inout OpeningLoan) in l.termMonths = 0 }),
        ] as [(String, @Sendable (inout OpeningLoan) -> Void)])
    func refused(column: String, change: @Sendable (inout OpeningLoan) -> Void) {
        var loan = Self.loan()
        change(&loan)
        let problems = OpeningBook.problems(loan, cutOver: Self.cutOver)
        #expect(problems.contains { $0.column == column && $0.row == 1 }, "\(problems)")
    }

    @Test("A frozen loan frozen whole, over the cut-over day, stands")
    func frozen() {
        var loan = Self.loan()
        (loan.frozen, loan.current, loan.overdue) = (Money(dong: 30_000_000), .zero, .zero)
        loan.freeze = FreezePeriod(from: Self.day("2025-06-01"), through: Self.day("2027-05-31"))
        #expect(OpeningBook.problems(loan, cutOver: Self.cutOver).isEmpty)
    }

    /// Random communes' books: every entry balances; each loan's principal lands on its accounts
    /// by status; the migration account holds control − file per program; capital holds control.
    @Test("Opening and control entries balance and leave the migration account at control − file")
    func entries() throws {
        var random = SplitMix(seed: 14)
        for round in 0..<300 {
            var loans: [(id: LoanID, loan: OpeningLoan)] = []
            for n in 0..<Int.random(in: 1...12, using: &random) {
                var loan = Self.loan(
                    row: n + 1,
                    program: ["poor_household", "student", "job_creation"].randomElement(
                        using: &random) ?? "",
                    source: CapitalSource.allCases.randomElement(using: &random) ?? .central)
                let scale = Int64.random(in: 1...40, using: &random)
                loan.remaining = loan.remaining.map {
                    Instalment(dueOn: $0.dueOn, principal: Money(dong: $0.principal.dong * scale))
                }
                (loan.current, loan.overdue) = (
                    Money(dong: 20_000_000 * scale), Money(dong: 10_000_000 * scale)
                )
                loan.unpaidInterest = Money(dong: Int64.random(in: 0...2_000_000, using: &random))
                loans.append((LoanID("L\(round)-\(n)"), loan))
            }
            let programs = Set(loans.map(\.loan.programCode))
            var control: [String: Money] = [:]
            for program in programs where Bool.random(using: &random) {
                control[program] = Money(dong: Int64.random(in: 0...3_000_000_000, using: &random))
            }
            let entries = try OpeningBook.entries(
                ids: (EntryID("a\(round)"), EntryID("b\(round)")), unitID: "u1", on: Self.cutOver,
                loans: loans, controlOutstanding: control)
            for entry in entries { try entry.validate() }
            let lines = entries.flatMap(\.lines)
            func balance(_ account: Account, program: String? = nil, loan: LoanID? = nil) -> Int64 {
                lines.filter {
                    $0.account == account.code && (program == nil || $0.programCode == program)
                        && (loan == nil || $0.loanID == loan)
                }.reduce(0) { $0 + $1.debit.dong - $1.credit.dong }
            }
            for (id, loan) in loans {
                #expect(balance(ChartOfAccounts.loansCurrent, loan: id) == loan.current.dong)
                #expect(balance(ChartOfAccounts.loansOverdue, loan: id) == loan.overdue.dong)
                // Income less receivable is what the loan has paid: nothing yet.
                #expect(
                    balance(ChartOfAccounts.interestReceivable, loan: id)
                        == loan.unpaidInterest.dong)
                #expect(
                    -balance(ChartOfAccounts.interestIncome, loan: id) == loan.unpaidInterest.dong)
                #expect(-balance(loan.source.account, loan: id) == (try loan.outstanding()).dong)
            }
            for program in programs {
                let file = try loans.filter { $0.loan.programCode == program }.map {
                    try $0.loan.outstanding()
                }.sum()
                let checked = control[program] ?? file
                #expect(
                    balance(ChartOfAccounts.bookMigration, program: program) == checked.dong
                        - file.dong)
                let capital = CapitalSource.allCases.map { -balance($0.account, program: program) }
                    .reduce(0, +)
                #expect(capital == checked.dong)
            }
        }
    }

    @Test("Reconciliation names each measure where the book differs from the control totals")
    func reconcile() throws {
        let key = OpeningKey(unitID: "u1", programCode: "poor_household")
        let file = try OpeningBook.figures([Self.loan(row: 1), Self.loan(row: 2)])
        #expect(
            file[key]
                == OpeningFigures(
                    loans: 2, outstanding: Money(dong: 60_000_000), overdue: Money(dong: 20_000_000)
                ))
        let agreeing = OpeningBook.reconcile(file: file, control: file, book: file)
        #expect(agreeing.count == 1 && agreeing[0].differences.isEmpty)
        var control = file
        control[key]?.loans = 3
        control[key]?.overdue = Money(dong: 25_000_000)
        control[OpeningKey(unitID: "u1", programCode: "student")] = OpeningFigures(
            loans: 1, outstanding: Money(dong: 1))
        let lines = OpeningBook.reconcile(file: file, control: control, book: file)
        #expect(lines.map(\.key.programCode) == ["poor_household", "student"])
        #expect(lines[0].differences.count == 2)
        #expect(
            lines[0].differences.contains { $0.hasPrefix("số khoản vay: sổ 2, số kiểm soát 3") })
        #expect(lines[0].differences.contains { $0.hasPrefix("dư nợ quá hạn") })
        #expect(lines[1].differences.count == 2)
        // Without control totals nothing is compared.
        #expect(
            OpeningBook.reconcile(file: file, control: nil, book: [:]).allSatisfy {
                $0.differences.isEmpty
            })
    }

    @Test("Members' savings: each group's balance on 4211, the migration account at control − file")
    func savings() throws {
        let accounts = [
            OpeningSavings(
                row: 1, unitID: "u1", groupID: "g1", householdID: "h1",
                balance: Money(dong: 1_500_000)),
            OpeningSavings(
                row: 2, unitID: "u1", groupID: "g1", householdID: "h2",
                balance: Money(dong: 700_000)),
            OpeningSavings(
                row: 3, unitID: "u1", groupID: "g2", householdID: "h3",
                balance: Money(dong: 300_000)),
        ]
        for control in [nil, Money(dong: 2_500_000), Money(dong: 2_400_000), Money(dong: 0)]
            as [Money?]
        {
            let entries = try OpeningBook.savingsEntries(
                ids: ("a", "b"), unitID: "u1", on: Self.cutOver,
                accounts: accounts, controlBalance: control)
            for entry in entries { try entry.validate() }
            let lines = entries.flatMap(\.lines)
            func balance(_ account: Account, group: String? = nil) -> Int64 {
                lines.filter { $0.account == account.code && (group == nil || $0.groupID == group) }
                    .reduce(0) { $0 + $1.debit.dong - $1.credit.dong }
            }
            #expect(balance(ChartOfAccounts.memberSavings, group: "g1") == -2_200_000)
            #expect(balance(ChartOfAccounts.memberSavings, group: "g2") == -300_000)
            #expect(
                balance(ChartOfAccounts.bookMigration) == 2_500_000
                    - (control ?? Money(dong: 2_500_000)).dong)
        }
        let figures = try OpeningBook.savingsFigures(accounts)
        #expect(
            figures[OpeningKey(unitID: "u1", programCode: OpeningBook.savingsKey)]
                == OpeningFigures(loans: 3, outstanding: Money(dong: 2_500_000)))
        let differs = OpeningBook.differences(
            control: OpeningFigures(loans: 3, outstanding: Money(dong: 2_400_000)),
            book: OpeningFigures(loans: 3, outstanding: Money(dong: 2_500_000)),
            savings: true)
        #expect(differs.count == 1 && differs[0].hasPrefix("số dư tiền gửi"))
    }

    @Test(
        "An imported loan owes its unpaid interest from the cut-over day and accrues only after it")
    func interestFromCutOver() throws {
        let rate = try Rate(percentPerMonth: "0,6")
        let facts = LoanFacts(
            disbursedOn: Self.day("2023-03-15"),
            schedule: [
                Instalment(dueOn: Self.day("2027-03-15"), principal: Money(dong: 30_000_000))
            ],
            movements: [
                PrincipalMovement(on: Self.day("2023-03-15"), amount: Money(dong: 30_000_000))
            ],
            rates: [RatePeriod(from: Self.day("2023-03-15"), rate: rate)], overduePercent: 130,
            dayCount: .monthly30, interestFrom: Self.cutOver, openingInterest: Money(dong: 260_000))
        let onDay = try LoanAccount.standing(facts, on: Self.cutOver)
        #expect(onDay.interestDue == Money(dong: 260_000))
        #expect(onDay.interestArrears == Money(dong: 260_000))
        // 30 days at 0,6 %/month on 30 m: 180.000 đ more.
        let later = try LoanAccount.standing(facts, on: Self.cutOver.adding(days: 30))
        #expect(later.interestDue == Money(dong: 440_000))
        // Month-end sees the unpaid interest as income already booked, not as the month's.
        let monthEnd = Self.day("2026-12-31")
        #expect(
            try LoanAccount.interestAccrued(facts, inMonthEnding: monthEnd)
                == LoanAccount.interestAccrued(facts, through: monthEnd).subtracting(
                    Money(dong: 260_000)))
    }
}
