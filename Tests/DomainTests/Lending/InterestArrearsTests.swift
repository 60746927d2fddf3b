import Testing

@testable import Domain

/// Lãi tồn (CHANGES 2026-12-01 item 8): interest due at a past interest due date, the commune's
/// sitting, and still unpaid; not interest accrued to the previous month's end.
@Suite("Lending: interest arrears from the interest due date")
struct InterestArrearsTests {
    static func day(_ iso: String) -> BusinessDate {
        (try? BusinessDate(iso: iso)) ?? BusinessDate(dayNumber: 0)
    }

    /// 12 m from 2 January 2026 at 0,5 %/tháng, one instalment in 2028; sittings on the 10th.
    static func facts(
        paidThrough: String?, dueDates: [String] = ["2026-01-10", "2026-02-10", "2026-03-10"]
    ) throws -> LoanFacts {
        var facts = LoanFacts(
            disbursedOn: day("2026-01-02"),
            schedule: [Instalment(dueOn: day("2028-01-02"), principal: Money(dong: 12_000_000))],
            movements: [PrincipalMovement(on: day("2026-01-02"), amount: Money(dong: 12_000_000))],
            rates: [RatePeriod(from: day("2026-01-02"), rate: try Rate(percentPerMonth: "0,5"))],
            overduePercent: 130, dayCount: .monthly30)
        facts.interestDueDates = dueDates.map(day)
        if let paidThrough {
            facts.interestPaid = try LoanAccount.interestAccrued(facts, through: day(paidThrough))
        }
        return facts
    }

    @Test(
        "Paid at every sitting: no arrears before the next one (the old rule showed 21 days)"
    )
    func paidOnTime() throws {
        let facts = try Self.facts(paidThrough: "2026-01-10")
        #expect(
            try LoanAccount.standing(facts, on: Self.day("2026-02-05")).interestArrears == .zero)
        var old = facts
        old.interestDueDates = []
        // Without a calendar the month's end stands in: 11–31 January, 21 days of 2.000 đ.
        #expect(
            try LoanAccount.standing(old, on: Self.day("2026-02-05")).interestArrears.dong == 42_000
        )
    }

    @Test(
        "A missed sitting: from the day after, what accrued through it; none before the first"
    )
    func missed() throws {
        let facts = try Self.facts(paidThrough: "2026-01-10")
        #expect(
            try LoanAccount.standing(facts, on: Self.day("2026-02-10")).interestArrears == .zero)
        // 11 January to 10 February: 31 days at 2.000 đ a day.
        #expect(
            try LoanAccount.standing(facts, on: Self.day("2026-02-11")).interestArrears.dong
                == 62_000)
        let unpaid = try Self.facts(paidThrough: nil)
        #expect(
            try LoanAccount.standing(unpaid, on: Self.day("2026-01-09")).interestArrears == .zero)
        #expect(
            try LoanAccount.standing(unpaid, on: Self.day("2026-01-11")).interestArrears.dong
                == 16_000)
        #expect(
            LoanAccount.arrearsCutoff(unpaid, on: Self.day("2026-03-20")) == Self.day("2026-03-10"))
    }
}
