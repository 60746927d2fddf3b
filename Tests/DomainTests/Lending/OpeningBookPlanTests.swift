import Testing

@testable import Domain

/// Issue #14 §3, the import as a money command: the store reads what the book holds and writes
/// what `OpeningBook` plans: which rows are fresh, unchanged or refused; each loan's events,
/// state and record; the communes' entries; the verdict on the reconciliation.
@Suite("Opening book: the import planned in Domain")
struct OpeningBookPlanTests {
    static let cutOver = OpeningBookTests.cutOver
    static let sets = ProgramCatalogue.parameters

    static func row(
        _ loan: OpeningLoan, program: String = "poor_household", household: String? = "h1",
        jobs: Int? = nil
    ) throws -> OpeningRow {
        let set = try #require(
            ProgramParameters.inForce(program, on: loan.disbursedOn, among: sets))
        return OpeningRow(
            loan: loan, householdID: household, borrowerName: "Nguyễn Văn A", provinceCode: 33,
            organisation: "women", parameters: set, beneficiaryGroup: nil, unitJobs: jobs)
    }

    static func ids(_ n: Int) -> OpeningIDs {
        OpeningIDs(
            loan: LoanID("l\(n)"), application: "a\(n)", disbursement: .init("d\(n)"),
            freeze: .init("f\(n)"))
    }

    @Test("Every mix of new, same-balance and changed rows: fresh, unchanged, refused by row")
    func sort() throws {
        // Each of four rows is new (0), here with its balance (1) or here with another (2).
        for mix in 0..<81 {
            let kinds = (0..<4).map { n in (mix / [1, 3, 9, 27][n]) % 3 }
            var rows: [OpeningRow] = [], known: [OpeningReference: Money] = [:]
            for (n, kind) in kinds.enumerated() {
                let loan = OpeningBookTests.loan(row: n + 1)
                rows.append(try Self.row(loan))
                let owed = try loan.outstanding()
                if kind == 1 { known[OpeningReference(loan)] = owed }
                if kind == 2 { known[OpeningReference(loan)] = try owed.adding(Money(dong: 1)) }
            }
            let sorted = OpeningBook.sort(rows, known: known)
            #expect(
                sorted.fresh.map(\.loan.row)
                    == kinds.indices.filter { kinds[$0] == 0 }.map { $0 + 1 })
            #expect(sorted.unchanged == kinds.filter { $0 == 1 }.count)
            #expect(
                sorted.clashes.map(\.row) == kinds.indices.filter { kinds[$0] == 2 }.map { $0 + 1 })
            #expect(sorted.clashes.allSatisfy { $0.column == "ma_khoan_vay" })
        }
    }

    @Test("Every mix of new, same-balance and changed savings accounts: opened, kept, refused")
    func sortSavings() {
        for mix in 0..<81 {
            let kinds = (0..<4).map { n in (mix / [1, 3, 9, 27][n]) % 3 }
            var rows: [OpeningSavings] = [], held: [String: Money] = [:]
            for (n, kind) in kinds.enumerated() {
                let balance = Money(dong: Int64(n + 1) * 100_000)
                rows.append(
                    OpeningSavings(
                        row: n + 1, unitID: "u1", groupID: "g1", householdID: "h\(n)",
                        balance: balance, provinceCode: 33))
                if kind == 1 { held["h\(n)"] = balance }
                if kind == 2 { held["h\(n)"] = Money(dong: balance.dong + 1_000) }
            }
            let sorted = OpeningBook.sortSavings(rows, held: held)
            let rowsOf = { (k: Int) in kinds.indices.filter { kinds[$0] == k }.map { $0 + 1 } }
            #expect(sorted.fresh.map(\.row) == rowsOf(0))
            #expect(sorted.unchanged == rowsOf(1).count)
            #expect(sorted.clashes.map(\.row) == rowsOf(2))
            #expect(sorted.clashes.allSatisfy { $0.column == "so_du" })
        }
    }

    @Test("A loan comes in as a disbursement of what it owes; a frozen one with its freeze")
    func plan() throws {
        var frozen = OpeningBookTests.loan(row: 2)
        frozen.frozen = try frozen.outstanding()
        (frozen.current, frozen.overdue) = (.zero, .zero)
        frozen.freeze = FreezePeriod(
            from: OpeningBookTests.day("2026-01-01"), through: OpeningBookTests.day("2027-12-31"))
        frozen.groupID = nil
        for (n, loan) in [OpeningBookTests.loan(row: 1), frozen].enumerated() {
            let p = try OpeningBook.plan(
                try Self.row(loan), ids: Self.ids(n), importID: "imp", cutOver: Self.cutOver,
                openingEntryID: "e1")
            let owed = Money(dong: 30_000_000)
            #expect(p.owed == owed && p.maturity == loan.remaining.last?.dueOn)
            #expect(p.events.first?.kind == .disbursement && p.events.first?.principal == owed)
            #expect(p.events.first?.on == loan.disbursedOn && p.events.first?.entryID == "e1")
            #expect(p.events.first?.id.rawValue == "d\(n)" && p.record.importID == "imp")
            #expect(p.record.reference == loan.reference)
            #expect(p.record.unpaidInterest == loan.unpaidInterest)
            if loan.freeze == nil {
                #expect(p.state == .current && p.events.count == 1 && p.channel == .entrusted)
            } else {
                #expect(p.state == .frozen && p.channel == .direct)
                #expect(p.events.map(\.kind) == [.disbursement, .freeze])
                #expect(
                    p.events.last?.on == loan.freeze?.from && p.events.last?.id.rawValue == "f\(n)")
            }
        }
    }

    @Test("The communes' entries balance, each against its own ids, whatever the control says")
    func entries() throws {
        let loans = [
            OpeningBookTests.loan(row: 1, unit: "u1"), OpeningBookTests.loan(row: 2, unit: "u2"),
            OpeningBookTests.loan(row: 3, unit: "u1", program: "near_poor_household"),
        ]
        let rows = try loans.map { try Self.row($0, program: $0.programCode) }
        let key = OpeningKey(unitID: "u1", programCode: "poor_household")
        for control in [nil, [key: OpeningFigures(loans: 1, outstanding: Money(dong: 29_000_000))]]
        {
            let entries = try OpeningBook.entries(
                rows, ids: (1...3).map(Self.ids),
                entryIDs: ["u1": ("o1", "c1"), "u2": ("o2", "c2")], control: control,
                before: [:], on: Self.cutOver)
            #expect(entries.map(\.id) == ["o1", "c1", "o2", "c2"])
            for entry in entries {
                #expect(try entry.lines.map(\.debit).sum() == entry.lines.map(\.credit).sum())
            }
            let loanLines = entries.flatMap(\.lines).compactMap(\.loanID)
            #expect(Set(loanLines) == ["l1", "l2", "l3"])
        }
    }

    @Test(
        "A unit's old loan within its set's caps, per project and per job; jobs only for units")
    func units() throws {
        // Job creation, 01/06/2024 (Decree 74/2019): 2 bn a project, 100 m a job.
        for jobs in [nil, 1, 2, 3, 20, 21] as [Int?] {
            for millions in [50, 100, 150, 250, 2_000, 2_050] as [Int64] {
                for unit in [true, false] {
                    let amount = Money(dong: millions * 1_000_000)
                    let loan = OpeningLoan(
                        row: 1, reference: "KU-U", programCode: "job_creation", unitID: "u1",
                        groupID: nil, disbursedOn: OpeningBookTests.day("2024-06-01"),
                        disbursed: amount, termMonths: 60,
                        remaining: [
                            Instalment(dueOn: OpeningBookTests.day("2028-06-01"), principal: amount)
                        ],
                        current: amount, overdue: .zero, frozen: .zero, freeze: nil,
                        interestPaidTo: OpeningBookTests.day("2026-06-01"), unpaidInterest: .zero,
                        source: .central)
                    let row = try Self.row(
                        loan, program: "job_creation", household: unit ? nil : "h1", jobs: jobs)
                    let columns = OpeningBook.problems(row, cutOver: Self.cutOver).map(\.column)
                    let expected: [String]
                    switch (unit, jobs) {
                    case (false, nil): expected = []
                    case (false, _): expected = ["so_lao_dong"]
                    case (true, nil): expected = ["so_lao_dong"]
                    case (true, let jobs?):
                        let cap = min(2_000, Int64(jobs) * 100)
                        expected = millions > cap ? ["so_tien_giai_ngan"] : []
                    }
                    #expect(columns == expected, "\(unit) \(String(describing: jobs)) \(millions)")
                }
            }
        }
    }

    @Test("A set with no unit caps lends no unit its old loan")
    func noCaps() throws {
        let row = try Self.row(OpeningBookTests.loan(), household: nil, jobs: 3)
        #expect(row.parameters.unitCaps == nil)
        let problems = OpeningBook.problems(row, cutOver: Self.cutOver)
        #expect(problems.map(\.column) == ["ten_don_vi_vay"])
        #expect(problems.first?.message.contains("Không cho đơn vị vay") == true)
    }

    @Test("Differences refuse the import unless it was told to record them")
    func verdict() throws {
        let key = OpeningKey(unitID: "u1", programCode: "poor_household")
        let line = ReconciliationLine(
            key: key, file: OpeningFigures(), control: OpeningFigures(), book: OpeningFigures(),
            differences: ["dư nợ: sổ 1 đ, số kiểm soát 0 đ (chênh 1 đ)"])
        #expect(
            try OpeningBook.verdict([line], acceptDifferences: true).map(\.field) == [
                "u1/poor_household"
            ])
        #expect(throws: LendingError.self) {
            _ = try OpeningBook.verdict([line], acceptDifferences: false)
        }
        var agreed = line
        agreed.differences = []
        #expect(try OpeningBook.verdict([agreed], acceptDifferences: false).isEmpty)
    }
}
