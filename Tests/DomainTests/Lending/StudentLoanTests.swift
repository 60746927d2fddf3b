import Testing

@testable import Domain

/// Cho vay HSSV (CHANGES 2026-12-01 item 4): one contract for the course, the cap per month of
/// study, no dues while studying and up to 12 months after, repayment within the study period.
@Suite("Lending: student contracts for the course")
struct StudentLoanTests {
    static func day(_ iso: String) -> BusinessDate {
        (try? BusinessDate(iso: iso)) ?? BusinessDate(dayNumber: 0)
    }
    static let rules = StudyRules(amount: Money(dong: 4_000_000), perMonths: 1)
    static let stem = StudyRules(amount: Money(dong: 80_000_000), perMonths: 12)

    static func plan(
        _ random: inout SplitMix, on date: BusinessDate
    ) -> StudyPlan {
        let students = (0..<Int.random(in: 1...4, using: &random)).map { n in
            let months = Int.random(in: 1...72, using: &random)
            return Student(
                name: "Sinh viên \(n)", school: "Trường \(n)", studyMonths: months,
                courseEndsOn: RepaymentSchedule.adding(months: months, to: date))
        }
        let plan = StudyPlan(students: students, graceMonths: 0, repaymentMonths: 1)
        return StudyPlan(
            students: students, graceMonths: Int.random(in: 0...12, using: &random),
            repaymentMonths: Int.random(
                in: 1...StudentLoans.maxRepaymentMonths(plan), using: &random))
    }

    @Test("The cap is the amount per month of study times each student's months")
    func cap() throws {
        var random = SplitMix(seed: 41)
        let date = Self.day("2026-09-05")
        for _ in 0..<1_000 {
            let plan = Self.plan(&random, on: date)
            let months = plan.students.reduce(0) { $0 + $1.studyMonths }
            let cap = StudentLoans.cap(plan, rules: Self.rules)
            #expect(cap.dong == Int64(months) * 4_000_000)
            let terms = try StudentLoans.terms(
                plan, rules: Self.rules, amount: cap, on: date, intervalMonths: 1, direct: false)
            #expect(terms.cap == cap)
            #expect(throws: LendingError.aboveLoanCap(cap)) {
                try StudentLoans.terms(
                    plan, rules: Self.rules, amount: Money(dong: cap.dong + 1), on: date,
                    intervalMonths: 1, direct: false)
            }
        }
    }

    @Test("Dues begin after the last course and the grace; the schedule starts there")
    func duesAndSchedule() throws {
        var random = SplitMix(seed: 42)
        let date = Self.day("2026-08-31")
        for _ in 0..<1_000 {
            let plan = Self.plan(&random, on: date)
            let interval = Int.random(in: 1...min(12, plan.repaymentMonths), using: &random)
            let amount = Money(dong: StudentLoans.cap(plan, rules: Self.rules).dong / 2 + 1)
            let terms = try StudentLoans.terms(
                plan, rules: Self.rules, amount: amount, on: date, intervalMonths: interval,
                direct: false)
            let last = plan.students.map(\.courseEndsOn).max() ?? date
            #expect(terms.duesFrom == RepaymentSchedule.adding(months: plan.graceMonths, to: last))
            let schedule = try RepaymentSchedule.make(
                amount: amount, disbursedOn: date, termMonths: terms.termMonths,
                intervalMonths: interval, start: .firstDue(terms.duesFrom))
            #expect(schedule.first?.dueOn == terms.duesFrom)
            #expect(schedule.allSatisfy { $0.dueOn >= terms.duesFrom })
            #expect(schedule.reduce(0) { $0 + $1.principal.dong } == amount.dong)
            // The repayment period is the plan's (a month's day clamp aside).
            let maturity = schedule.last?.dueOn ?? date
            let expected = RepaymentSchedule.adding(
                months: plan.repaymentMonths, to: terms.duesFrom)
            #expect(abs(maturity.dayNumber - expected.dayNumber) <= 3)
        }
    }

    @Test("STEM: six years at 80 m a year is 480 m over 156 months")
    func stemExample() throws {
        let start = Self.day("2025-09-05")
        let plan = StudyPlan(
            students: [
                Student(
                    name: "Lê Minh", school: "Đại học Bách khoa", studyMonths: 72,
                    courseEndsOn: RepaymentSchedule.adding(months: 72, to: start))
            ], graceMonths: 12, repaymentMonths: 72)
        let terms = try StudentLoans.terms(
            plan, rules: Self.stem, amount: Money(dong: 480_000_000), on: start,
            intervalMonths: 12, direct: false)
        #expect(terms.cap.dong == 480_000_000)
        #expect(terms.termMonths == 156)
    }

    @Test("Grace, repayment, students and channel outside the rule are refused")
    func refusals() throws {
        let date = Self.day("2026-09-01")
        let ends = Self.day("2030-06-30")
        func plan(
            months: Int = 48, grace: Int = 12, repayment: Int = 48, orphan: Bool = false,
            ends: BusinessDate = ends, count: Int = 1
        ) -> StudyPlan {
            StudyPlan(
                students: (0..<count).map {
                    Student(
                        name: "SV \($0)", school: "Trường", studyMonths: months, courseEndsOn: ends,
                        orphan: orphan)
                }, graceMonths: grace, repaymentMonths: repayment)
        }
        func terms(_ p: StudyPlan, direct: Bool = false, interval: Int = 12) throws {
            _ = try StudentLoans.terms(
                p, rules: Self.rules, amount: Money(dong: 1_000_000), on: date,
                intervalMonths: interval, direct: direct)
        }
        try terms(plan())
        try terms(plan(months: 9, repayment: 18))
        try terms(plan(orphan: true), direct: true)
        let bad: [(StudyPlan, Bool, Int)] = [
            (plan(grace: 13), false, 12), (plan(repayment: 49), false, 12),
            (plan(months: 9, repayment: 19), false, 12), (plan(count: 0), false, 12),
            (plan(count: 11), false, 12), (plan(months: 0), false, 12),
            (plan(ends: date), false, 12), (plan(orphan: true), false, 12),
            (plan(), true, 12), (plan(orphan: true, count: 2), true, 12), (plan(), false, 13),
            (plan(repayment: 6), false, 12),
        ]
        for (p, direct, interval) in bad {
            #expect(throws: LendingError.self) { try terms(p, direct: direct, interval: interval) }
        }
        #expect(StudentLoans.maxExtensionMonths(plan(repayment: 48)) == 24)
    }
}
