import Testing

@testable import Domain

@Suite("Schedules: grace period and first due date")
struct ScheduleStartTests {
    static func check(_ s: [Instalment], amount: Int64, maturity: BusinessDate) {
        #expect(s.reduce(0) { $0 + $1.principal.dong } == amount)
        #expect(s.last?.dueOn == maturity)
        #expect(zip(s, s.dropFirst()).allSatisfy { $0.dueOn < $1.dueOn })
        let values = s.map(\.principal.dong)
        #expect((values.max() ?? 0) - (values.min() ?? 0) < 2 * RepaymentSchedule.roundingStep)
    }

    @Test("The standard start is every interval from the disbursement, as it always was")
    func standard() throws {
        var random = SplitMix(seed: 29)
        for _ in 0..<2_000 {
            let term = Int.random(in: 1...240, using: &random)
            let interval = Int.random(
                in: 1...min(term, RepaymentSchedule.maxInterval(termMonths: term)), using: &random)
            let start = try BusinessDate(
                iso:
                    "20\(Int.random(in: 10...30, using: &random))-0\(Int.random(in: 1...9, using: &random))-"
                    + "\(Int.random(in: 10...31, using: &random) > 28 ? 28 : 15)")
            let amount = Int64.random(in: 1...900_000_000, using: &random)
            let s = try RepaymentSchedule.make(
                amount: Money(dong: amount), disbursedOn: start, termMonths: term,
                intervalMonths: interval)
            var months = Array(stride(from: interval, to: term, by: interval))
            months.append(term)
            #expect(
                s.map(\.dueOn) == months.map { RepaymentSchedule.adding(months: $0, to: start) })
            Self.check(
                s, amount: amount, maturity: RepaymentSchedule.adding(months: term, to: start))
        }
    }

    @Test("After a grace period nothing falls due in its months; a first due date leads")
    func graceAndFirstDue() throws {
        var random = SplitMix(seed: 30)
        let start = try BusinessDate(iso: "2026-01-31")
        for _ in 0..<2_000 {
            let term = Int.random(in: 2...180, using: &random)
            let interval = Int.random(
                in: 1...min(term, RepaymentSchedule.maxInterval(termMonths: term)), using: &random)
            let amount = Int64.random(in: 1...900_000_000, using: &random)
            let maturity = RepaymentSchedule.adding(months: term, to: start)
            let grace = Int.random(in: 1..<term, using: &random)
            let s = try RepaymentSchedule.make(
                amount: Money(dong: amount), disbursedOn: start, termMonths: term,
                intervalMonths: interval, start: .grace(months: grace))
            let firstAllowed = RepaymentSchedule.adding(months: grace, to: start)
            #expect(s.allSatisfy { $0.dueOn > firstAllowed })
            #expect(
                s.first?.dueOn
                    == min(maturity, RepaymentSchedule.adding(months: grace + interval, to: start)))
            Self.check(s, amount: amount, maturity: maturity)
            let first = start.adding(days: Int.random(in: 1...(term * 28), using: &random))
            let f = try RepaymentSchedule.make(
                amount: Money(dong: amount), disbursedOn: start, termMonths: term,
                intervalMonths: interval, start: .firstDue(first))
            #expect(f.first?.dueOn == first)
            Self.check(f, amount: amount, maturity: maturity)
        }
    }

    @Test("A grace period as long as the term, or a first due date outside the loan, is refused")
    func refusals() throws {
        let start = try BusinessDate(iso: "2026-03-15")
        func make(_ s: ScheduleStart) throws(LendingError) -> [Instalment] {
            try RepaymentSchedule.make(
                amount: Money(dong: 12_000_000), disbursedOn: start, termMonths: 12,
                intervalMonths: 3, start: s)
        }
        for bad: ScheduleStart in [
            .grace(months: 0), .grace(months: 12), .grace(months: -1), .firstDue(start),
            .firstDue(start.adding(days: -1)), .firstDue(try BusinessDate(iso: "2027-03-16")),
        ] {
            #expect(throws: LendingError.self) { try make(bad) }
        }
        #expect(try make(.firstDue(try BusinessDate(iso: "2027-03-15"))).count == 1)
        #expect(try make(.grace(months: 11)).map(\.dueOn.iso) == ["2027-03-15"])
        #expect(try make(.grace(months: 6)).map(\.dueOn.iso) == ["2026-12-15", "2027-03-15"])
    }
}
