import Domain
import Testing

/// The bounds every edge applies (issue #13 §1): dates 01/01/1900–31/12/2100, amounts
/// 0–10¹⁸ đ, rates up to 10 %/tháng, ASCII digits only; and arithmetic that refuses instead of
/// trapping however large the stored values are.
@Suite("Input bounds")
struct InputBoundsTests {
    @Test("Dates a person may give: the first and last day of the range pass, the days beside fail")
    func dateRange() throws {
        #expect(try BusinessDate(vietnamese: "01/01/1900") == BusinessDate.inputRange.lowerBound)
        #expect(try BusinessDate(vietnamese: "2100-12-31") == BusinessDate.inputRange.upperBound)
        #expect(throws: DateError.outOfRange("31/12/1899")) { try BusinessDate(vietnamese: "31/12/1899") }
        #expect(throws: DateError.outOfRange("2101-01-01")) { try BusinessDate(isoInput: "2101-01-01") }
        #expect(throws: DateError.outOfRange("2200-12-15")) { try BusinessDate(vietnamese: "2200-12-15") }
        // Stored and computed dates may lie beyond: a 25-year loan disbursed in 2100.
        #expect(try BusinessDate(iso: "2125-12-31").year == 2125)
    }

    @Test("Every year from 1800 to 2300 is accepted exactly when inside the range")
    func everyYear() {
        for year in 1800...2300 {
            let text = "\(year)-06-15"
            let accepted = (try? BusinessDate(isoInput: text)) != nil
            #expect(accepted == (1900...2100).contains(year), "\(text)")
        }
    }

    @Test("Digits must be ASCII: full-width, Arabic-Indic, signs and spaces are not a date",
          arguments: ["２０２６-01-01", "٢٠٢٦-01-01", "+2026-01-01", "2026-+1-01", " 2026-01-01",
                      "1/1/+202", "01/01/２０２６", "2026-01-1", "99999-01-01"])
    func asciiDigits(text: String) {
        #expect(throws: DateError.self) { try BusinessDate(vietnamese: text) }
    }

    @Test("Adding months never traps, however far, and lands on the month's last day when short")
    func addingMonths() {
        let start = BusinessDate(fixedYear: 2100, month: 1, day: 31)
        #expect(RepaymentSchedule.adding(months: 1, to: start).iso == "2100-02-28")
        #expect(RepaymentSchedule.adding(months: 300, to: start).iso == "2125-01-31")
        #expect(RepaymentSchedule.adding(months: -1, to: start).iso == "2099-12-31")
        _ = RepaymentSchedule.adding(months: .max, to: start)
        _ = RepaymentSchedule.adding(months: .min, to: start)
        for months in stride(from: -2400, through: 2400, by: 7) {
            let date = RepaymentSchedule.adding(months: months, to: start)
            #expect((1...12).contains(date.month) && date.day <= date.daysInMonth)
        }
    }

    @Test("Amounts: 0 and 10¹⁸ pass; one đồng more, negatives and 20 digits are refused")
    func amountRange() throws {
        #expect(try Money(text: "0") == .zero)
        #expect(try Money(text: "1.000.000.000.000.000.000") == Money.inputMaximum)
        #expect(throws: MoneyError.outOfRange("1000000000000000001")) { try Money(text: "1000000000000000001") }
        #expect(throws: MoneyError.outOfRange("99999999999999999999")) { try Money(text: "99999999999999999999") }
        #expect(throws: MoneyError.outOfRange("9223372036854775807")) { try Money(input: .max) }
        #expect(throws: MoneyError.outOfRange("-1")) { try Money(input: -1) }
        #expect(MoneyError.outOfRange("x").code == "invalid_amount")
        #expect(MoneyError.overflow.code == "amount_overflow" && MoneyError.overflow.kind == .ruleBroken)
    }

    @Test("Nine maximal amounts still sum; a tenth overflows as a refusal, not a trap")
    func sums() throws {
        let nine = Array(repeating: Money.inputMaximum, count: 9)
        #expect(try nine.sum() == Money(dong: 9_000_000_000_000_000_000))
        #expect(throws: MoneyError.overflow) { try (nine + [Money.inputMaximum]).sum() }
    }

    @Test("Rates above 10 %/tháng are refused at the edge")
    func rateRange() throws {
        #expect(try Rate(percentPerMonth: "10") == Rate.inputMaximum)
        #expect(throws: RateError.aboveMaximum("10,0000001")) { try Rate(percentPerMonth: "10,0000001") }
        #expect(throws: RateError.malformed("1000")) { try Rate(percentPerMonth: "1000") }
        #expect(Rate(billionthsPerMonth: .max).scaled(byPercent: 130) == Rate(billionthsPerMonth: .max))
    }

    @Test("Interest on the largest balance at the highest rate for two centuries is refused, not trapped")
    func interestOverflow() throws {
        let start = BusinessDate(fixedYear: 1900, month: 1, day: 1)
        let end = BusinessDate(fixedYear: 2100, month: 12, day: 31)
        let schedule = [Instalment(dueOn: end, principal: Money.inputMaximum)]
        let movements = [PrincipalMovement(on: start, amount: Money.inputMaximum)]
        let rates = [RatePeriod(from: start, rate: Rate.inputMaximum)]
        #expect(throws: MoneyError.overflow) {
            try InterestCalculator.interest(schedule: schedule, movements: movements, rates: rates,
                                            overduePercent: 130, dayCount: .monthly30, from: start, through: end)
        }
        #expect(throws: MoneyError.overflow) {
            try Rate(billionthsPerMonth: .max).interest(on: Money(dong: .max), days: 30)
        }
        // A real loan over the same span still computes: 1 tỷ at 0,55 %/tháng for 30 days.
        let small = try Rate(percentPerMonth: "0,55").interest(on: Money(dong: 1_000_000_000), days: 30)
        #expect(small == Money(dong: 5_500_000))
    }
}
