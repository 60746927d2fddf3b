import Testing

@testable import Domain

/// Kết quả vốn vay: the report's sums and who counts as having left poverty.
@Suite("Lending: what the loans financed")
struct ImpactReportTests {
    @Test("Exited poverty: poor or near-poor at the loan, average or none now; nothing else")
    func exited() {
        let all: [Classification?] = Classification.allCases + [nil]
        for start in all {
            for now in all {
                let expected =
                    (start == .poor || start == .nearPoor)
                    && (now == .average || now == Classification.none)
                #expect(ImpactReport.exitedPoverty(at: start, now: now) == expected)
            }
        }
    }

    @Test("Lines per program add up to the total; checks and misuse counted from the findings")
    func sums() throws {
        var random = SplitMix(seed: 77)
        let programs = ["poor_household", "student", "clean_water_sanitation", "social_housing"]
        for _ in 0..<200 {
            let loans = (0..<Int.random(in: 0...60, using: &random)).map { _ in
                let code = programs[Int.random(in: 0..<programs.count, using: &random)]
                let classes: [Classification?] = Classification.allCases + [nil]
                return ImpactedLoan(
                    programCode: code, programName: code.uppercased(),
                    impact: LoanImpact(
                        jobs: Int.random(in: 0...5, using: &random),
                        students: Int.random(in: 0...3, using: &random),
                        waterWorks: Int.random(in: 0...1, using: &random),
                        sanitationWorks: Int.random(in: 0...1, using: &random),
                        houses: Int.random(in: 0...1, using: &random)),
                    usedAsIntended: [true, false, nil][Int.random(in: 0...2, using: &random)],
                    classificationAtDisbursement: classes.randomElement(using: &random) ?? nil,
                    classificationNow: classes.randomElement(using: &random) ?? nil)
            }
            let (lines, total) = ImpactReport.lines(loans)
            #expect(total.loans == loans.count)
            #expect(lines.reduce(0) { $0 + $1.loans } == loans.count)
            #expect(total.impact.jobs == loans.reduce(0) { $0 + $1.impact.jobs })
            #expect(lines.reduce(0) { $0 + $1.impact.students } == total.impact.students)
            #expect(total.checked == loans.filter { $0.usedAsIntended != nil }.count)
            #expect(total.misused == loans.filter { $0.usedAsIntended == false }.count)
            #expect(
                total.exitedPoverty
                    == loans.filter {
                        ImpactReport.exitedPoverty(
                            at: $0.classificationAtDisbursement, now: $0.classificationNow)
                    }.count)
            #expect(Set(lines.map(\.key)) == Set(loans.map(\.programCode)))
        }
    }

    @Test("A check in range on a day of the loan; misuse needs a note; the file's counts stand")
    func checks() throws {
        let on = try BusinessDate(iso: "2026-03-01")
        let today = try BusinessDate(iso: "2026-11-25")
        func check(_ day: String, used: Bool = true, note: String = "", jobs: Int = 1) throws {
            try LoanUseCheck(
                kind: .check, checkedOn: try BusinessDate(iso: day), usedAsIntended: used,
                impact: LoanImpact(
                    jobs: jobs, students: 0, waterWorks: 0, sanitationWorks: 0, houses: 0),
                note: note
            ).validate(disbursedOn: on, today: today)
        }
        try check("2026-03-01")
        try check("2026-11-25", used: false, note: "Dùng vốn mua xe máy")
        for bad in [
            { try check("2026-02-28") }, { try check("2026-11-26") },
            { try check("2026-04-01", used: false, note: "  ") },
            { try check("2026-04-01", jobs: -1) }, { try check("2026-04-01", jobs: 10_001) },
        ] {
            #expect(throws: LendingError.self) { try bad() }
        }
        let plan = StudyPlan(
            students: [
                Student(name: "A", school: "T", studyMonths: 12, courseEndsOn: today),
                Student(name: "B", school: "T", studyMonths: 12, courseEndsOn: today),
            ], graceMonths: 0, repaymentMonths: 12)
        #expect(LoanImpact.atDisbursement(nil, study: plan, unitJobs: nil).students == 2)
        #expect(LoanImpact.atDisbursement(nil, study: nil, unitJobs: 12).jobs == 12)
        #expect(LoanImpact.atDisbursement(.zero, study: plan, unitJobs: 3) == .zero)
    }
}
