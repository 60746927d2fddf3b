import Testing

@testable import Domain

/// A student contract accrues interest from the first tranche, but none of it falls due before
/// repayment begins: no arrears, nothing due at a sitting, nothing due at month-end.
@Suite("Lending: student interest accrues but is not due while studying")
struct StudentInterestTests {
    static func day(_ iso: String) -> BusinessDate {
        (try? BusinessDate(iso: iso)) ?? BusinessDate(dayNumber: 0)
    }

    /// 20 m from 5 September 2026 at 0,52 %/tháng; dues from 30 June 2028; sittings on the 10th.
    static func facts(duesFrom: String? = "2028-06-30") throws -> LoanFacts {
        var facts = LoanFacts(
            disbursedOn: day("2026-09-05"),
            schedule: [Instalment(dueOn: day("2030-06-30"), principal: Money(dong: 20_000_000))],
            movements: [PrincipalMovement(on: day("2026-09-05"), amount: Money(dong: 20_000_000))],
            rates: [RatePeriod(from: day("2026-09-05"), rate: try Rate(percentPerMonth: "0,52"))],
            overduePercent: 130, dayCount: .monthly30)
        facts.interestDueDates = (0..<60).map {
            RepaymentSchedule.adding(months: $0, to: day("2026-09-10"))
        }
        facts.duesFrom = duesFrom.map(day)
        return facts
    }

    @Test("No arrears and nothing to collect before dues begin; arrears after, if unpaid")
    func arrears() throws {
        let facts = try Self.facts()
        var date = Self.day("2026-09-06")
        while date <= Self.day("2028-07-10") {
            let standing = try LoanAccount.standing(facts, on: date)
            #expect(standing.interestArrears == .zero)
            if date < Self.day("2028-06-30") {
                #expect(LoanAccount.interestToCollect(facts, standing, on: date) == .zero)
            } else {
                #expect(LoanAccount.interestToCollect(facts, standing, on: date) > .zero)
            }
            #expect(standing.interestDue.dong > 0)
            date = date.adding(days: 13)
        }
        let after = try LoanAccount.standing(facts, on: Self.day("2028-07-11"))
        // Everything accrued through the first sitting after dues began is then in arrears.
        #expect(
            after.interestArrears
                == (try LoanAccount.interestAccrued(facts, through: Self.day("2028-07-10"))))
        let other = try Self.facts(duesFrom: nil)
        #expect(
            try LoanAccount.standing(other, on: Self.day("2026-10-11")).interestArrears.dong > 0)
    }

    @Test("Month-end: nothing falls due while studying; all that accrued falls due at once")
    func monthEnd() throws {
        let facts = try Self.facts()
        var month = Self.day("2026-09-30")
        var total: Int64 = 0
        while month <= Self.day("2030-06-30") {
            let due = try LoanAccount.interestFallingDue(facts, inMonthEnding: month).dong
            if month < Self.day("2028-06-01") { #expect(due == 0) }
            total += due
            month = month.adding(days: 1).adding(days: month.adding(days: 1).daysInMonth - 1)
        }
        // Over the life of the loan, due is exactly what accrued: nothing lost, nothing twice.
        #expect(
            total
                == (try LoanAccount.interestAccrued(facts, through: Self.day("2030-06-30"))).dong)
        #expect(
            try LoanAccount.interestFallingDue(facts, inMonthEnding: Self.day("2028-06-30"))
                == (try LoanAccount.interestAccrued(facts, through: Self.day("2028-06-30"))))
    }

    @Test("An extension of a student contract is at most half its repayment period")
    func extensionCap() throws {
        let schedule = [
            Instalment(dueOn: Self.day("2029-06-30"), principal: Money(dong: 10_000_000)),
            Instalment(dueOn: Self.day("2030-06-30"), principal: Money(dong: 10_000_000)),
        ]
        let original = Self.day("2030-06-30")
        let limits = RiskLimits()
        // A 46-month loan could be extended by 23 months by the general rule; 24 months of
        // repayment allow 12.
        _ = try RiskRules.extend(
            schedule: schedule, originalMaturity: original, termMonths: 46,
            to: Self.day("2031-06-30"), limits: limits, capMonths: 12)
        #expect(throws: LendingError.self) {
            try RiskRules.extend(
                schedule: schedule, originalMaturity: original, termMonths: 46,
                to: Self.day("2031-07-31"), limits: limits, capMonths: 12)
        }
        _ = try RiskRules.extend(
            schedule: schedule, originalMaturity: original, termMonths: 46,
            to: Self.day("2031-07-31"), limits: limits)
    }
}
