import Testing

@testable import Domain

/// Điều chỉnh lãi suất (CHANGES 2026-12-01 item 5): a cut in %/năm stays exact, never below zero,
/// never on a frozen day; its scope, its checks, and the refund a retroactive one gives back.
@Suite("Rate adjustments")
struct RateAdjustmentTests {
    static func day(_ iso: String) -> BusinessDate {
        (try? BusinessDate(iso: iso)) ?? .init(dayNumber: 0)
    }

    static func cut(
        _ id: String = "CUT", points: Int64 = -20_000_000, from: String = "2025-10-01",
        through: String = "2025-12-31", scope: RateAdjustmentScope = .init()
    ) -> RateAdjustment {
        RateAdjustment(
            id: id, name: "Giảm lãi", scope: scope, from: day(from), through: day(through),
            change: .pointsPerYear(points), legalSource: "QĐ 2654/QĐ-TTg")
    }

    /// 100 m in one bullet from 1 September 2025, due in 2027.
    static func interest(
        rate: String = "0,55", adjustments: [RateAdjustment], from: String,
        to: String, dayCount: DayCount = .monthly30
    ) throws -> Int64 {
        let schedule = [Instalment(dueOn: day("2027-09-01"), principal: Money(dong: 100_000_000))]
        let movements = [PrincipalMovement(on: day("2025-09-01"), amount: Money(dong: 100_000_000))]
        return try InterestCalculator.interest(
            schedule: schedule, movements: movements,
            rates: [RatePeriod(from: day("2025-09-01"), rate: try Rate(percentPerMonth: rate))],
            adjustments: adjustments, overduePercent: 130, dayCount: dayCount,
            from: day(from), through: day(to)
        ).dong
    }

    @Test(
        "−2 %/năm on 0,55 %/tháng, 92 days: exactly 4,6 %/năm, 1.175.556 đ, not 1.175.555"
    )
    func exactCut() throws {
        let value = try Self.interest(
            adjustments: [Self.cut()], from: "2025-09-30", to: "2025-12-31")
        // 100 000 000 × 4,6 % × 92 / 360 = 1 175 555,56.
        #expect(value == 1_175_556)
        let rounded = try Rate(percentPerMonth: "0,3833333")
        #expect(try rounded.interest(on: Money(dong: 100_000_000), days: 92).dong == 1_175_555)
        // Without the cut, the same days at 6,6 %/năm.
        #expect(
            try Self.interest(adjustments: [], from: "2025-09-30", to: "2025-12-31") == 1_686_667)
        // The annual convention: 4,6 % × 92 / 365 = 1 159 452,05.
        #expect(
            try Self.interest(
                adjustments: [Self.cut()], from: "2025-09-30", to: "2025-12-31",
                dayCount: .annual365) == 1_159_452)
    }

    @Test(
        "Any window: interest with a cut equals a day-by-day sum in exact fractions",
        arguments: 0..<4)
    func againstReference(_ seed: Int) throws {
        var random = SplitMix(seed: UInt64(100 + seed))
        for _ in 0..<60 {
            let points = -Int64.random(in: 1...40, using: &random) * 1_000_000
            let startOffset = Int.random(in: 0...120, using: &random)
            let adjustment = Self.cut(
                points: points,
                from: Self.day("2025-09-01").adding(days: startOffset).iso,
                through: Self.day("2025-09-01").adding(
                    days: startOffset + Int.random(in: 0...90, using: &random)
                ).iso)
            let from = Self.day("2025-09-01").adding(days: Int.random(in: 0...100, using: &random))
            let to = from.adding(days: Int.random(in: 1...200, using: &random))
            let computed = try Self.interest(adjustments: [adjustment], from: from.iso, to: to.iso)
            // Reference: Σ days 100 m × max(0, 0,55 % × 12 + points) / 360, one rounding.
            var numerator: Int64 = 0
            var d = from.adding(days: 1)
            while d <= to {
                let year = max(0, 5_500_000 * 12 + (adjustment.covers(d) ? points : 0))
                numerator += 100 * year  // 100 m đồng × 10⁻⁹ per year = 100 × year đồng·10⁻³
                d = d.adding(days: 1)
            }
            // numerator is in đồng × 10⁻³ per year-day: ÷ 360 × 1000, half up.
            let expected = (numerator * 2 + 360 * 1000) / (2 * 360 * 1000)
            #expect(
                computed == expected,
                "\(adjustment.from.iso)–\(adjustment.through.iso) \(points) \(from.iso)–\(to.iso)")
        }
    }

    @Test(
        "A deep cut floors at zero; a rise skips frozen days; a factor halves exactly"
    )
    func floorsFreezesFactors() throws {
        #expect(
            try Self.interest(
                adjustments: [Self.cut(points: -200_000_000)], from: "2025-09-30",
                to: "2025-12-31") == 0)
        let rise = Self.cut(points: 10_000_000)
        var facts = LoanFacts(
            disbursedOn: Self.day("2025-09-01"),
            schedule: [
                Instalment(dueOn: Self.day("2027-09-01"), principal: Money(dong: 100_000_000))
            ],
            movements: [
                PrincipalMovement(on: Self.day("2025-09-01"), amount: Money(dong: 100_000_000))
            ],
            rates: [
                RatePeriod(from: Self.day("2025-09-01"), rate: try Rate(percentPerMonth: "0,55"))
            ],
            overduePercent: 130, dayCount: .monthly30,
            freezes: [FreezePeriod(from: Self.day("2025-09-30"), through: Self.day("2025-12-31"))],
            adjustments: [rise])
        #expect(
            try LoanAccount.interestAccrued(facts, through: Self.day("2025-12-31")).dong
                == (try LoanAccount.interestAccrued(facts, through: Self.day("2025-09-30")).dong))
        facts.freezes = []
        facts.adjustments = [
            RateAdjustment(
                id: "HALF", name: "Một nửa", scope: .init(), from: Self.day("2025-10-01"),
                through: Self.day("2025-12-31"), change: .factorPercent(50), legalSource: "x")
        ]
        let half =
            try LoanAccount.interestAccrued(facts, through: Self.day("2025-12-29")).dong
            - (try LoanAccount.interestAccrued(facts, through: Self.day("2025-09-30")).dong)
        #expect(half == 100_000_000 * 55 / 10_000 * 90 / 30 / 2)
    }

    @Test("Scope: an empty set is every value; overlaps need all three dimensions to meet")
    func scopes() {
        let hungYen = RateAdjustmentScope(
            provinceCodes: [33], capitalSources: [.central, .mobilised])
        #expect(hungYen.contains(program: "poor", province: 33, source: .central))
        #expect(!hungYen.contains(program: "poor", province: 33, source: .province))
        #expect(!hungYen.contains(program: "poor", province: 1, source: .central))
        #expect(!hungYen.contains(program: "poor", province: 33, source: nil))
        #expect(RateAdjustmentScope().contains(program: "x", province: 1, source: nil))
        #expect(hungYen.overlaps(RateAdjustmentScope(programCodes: ["poor"])))
        #expect(!hungYen.overlaps(RateAdjustmentScope(provinceCodes: [1])))
        #expect(!hungYen.overlaps(RateAdjustmentScope(capitalSources: [.commune])))
    }

    @Test("Changes parse in %/năm and as fractions, within ±20 %; zero and 100 % are no change")
    func parsing() throws {
        #expect(try RateChange.points(percentPerYear: "-2") == .pointsPerYear(-20_000_000))
        #expect(try RateChange.points(percentPerYear: "−2,5") == .pointsPerYear(-25_000_000))
        #expect(try RateChange.points(percentPerYear: "+0.75") == .pointsPerYear(7_500_000))
        #expect(try RateChange.points(fractionPerYear: "-0.02") == .pointsPerYear(-20_000_000))
        #expect(try RateChange.points(fractionPerYear: "0.2") == .pointsPerYear(200_000_000))
        for bad in ["0", "20,1", "abc", "", "--2", "2%"] {
            #expect(throws: RateAdjustmentError.self) { try RateChange.points(percentPerYear: bad) }
        }
        for bad in ["-2", "0.21", "-0.0000000001", "1.0", "0."] {
            #expect(throws: RateAdjustmentError.self) {
                try RateChange.points(fractionPerYear: bad)
            }
        }
        #expect(throws: RateAdjustmentError.self) { try RateChange.factor(percent: 100) }
        #expect(throws: RateAdjustmentError.self) { try RateChange.factor(percent: 201) }
        #expect(RateChange.pointsPerYear(-20_000_000).description == "−2 %/năm")
        #expect(RateChange.pointsPerYear(-20_000_000).fractionPerYear == "-0.02")
        #expect(RateChange.pointsPerYear(.min).fractionPerYear?.hasPrefix("-") == true)
    }

    @Test("Validation: id, name, dates, legal source, duplicates and overlapping factors")
    func validation() {
        let existing = [Self.cut("A")]
        #expect(throws: RateAdjustmentError.duplicate("A")) {
            try Self.cut("A").validate(against: existing)
        }
        #expect(throws: RateAdjustmentError.invalidID("a b")) {
            try Self.cut("a b").validate(against: [])
        }
        #expect(throws: RateAdjustmentError.datesOutOfOrder) {
            try Self.cut("B", from: "2026-01-01", through: "2025-12-31").validate(against: [])
        }
        var unsourced = Self.cut("C")
        unsourced.legalSource = " "
        #expect(throws: RateAdjustmentError.legalSourceRequired) {
            try unsourced.validate(against: [])
        }
        func factor(_ id: String, _ scope: RateAdjustmentScope) -> RateAdjustment {
            RateAdjustment(
                id: id, name: "Tỷ lệ", scope: scope, from: Self.day("2025-10-01"),
                through: Self.day("2025-12-31"), change: .factorPercent(50), legalSource: "x")
        }
        let first = factor("F1", RateAdjustmentScope(provinceCodes: [33]))
        #expect(throws: RateAdjustmentError.overlappingFactor("F1")) {
            try factor("F2", RateAdjustmentScope()).validate(against: [first])
        }
        #expect(throws: Never.self) {
            try factor("F3", RateAdjustmentScope(provinceCodes: [1])).validate(against: [first])
        }
        #expect(throws: Never.self) { try Self.cut("D").validate(against: existing + [first]) }
    }

    @Test(
        "Refund: closed months' excess, receivable first, rest owed; none for a rise or later start"
    )
    func refunds() throws {
        let loan = LoanDimensions(loanID: "L1", programCode: "poor", unitID: "U", groupID: "G")
        var facts = LoanFacts(
            disbursedOn: Self.day("2025-09-01"),
            schedule: [
                Instalment(dueOn: Self.day("2027-09-01"), principal: Money(dong: 100_000_000))
            ],
            movements: [
                PrincipalMovement(on: Self.day("2025-09-01"), amount: Money(dong: 100_000_000))
            ],
            rates: [
                RatePeriod(from: Self.day("2025-09-01"), rate: try Rate(percentPerMonth: "0,55"))
            ],
            overduePercent: 130, dayCount: .monthly30, adjustments: [Self.cut()])
        let closed = Self.day("2025-11-30")
        let none = try RefundRules.refund(
            facts: facts, loan: loan, pending: ["CUT"], closedThrough: closed, receivable: .zero)
        let refund = try #require(none)
        // October and November: 100 m × 2 % × 61 / 360 = 338 888,9 (two roundings apart).
        #expect(abs(refund.amount.dong - 338_889) <= 1)
        #expect(refund.offset == .zero && refund.owed == refund.amount)
        let partly = try #require(
            try RefundRules.refund(
                facts: facts, loan: loan, pending: ["CUT"], closedThrough: closed,
                receivable: Money(dong: 200_000)))
        #expect(partly.offset.dong == 200_000 && partly.owed.dong == refund.amount.dong - 200_000)
        let entry = try #require(
            RefundRules.entry(
                id: "E", on: Self.day("2025-12-31"), refunds: [refund, partly], description: "x"))
        #expect(throws: Never.self) { try entry.validate() }
        #expect(
            try RefundRules.refund(
                facts: facts, loan: loan, pending: [], closedThrough: closed, receivable: .zero)
                == nil)
        #expect(
            try RefundRules.refund(
                facts: facts, loan: loan, pending: ["CUT"], closedThrough: Self.day("2025-09-30"),
                receivable: .zero) == nil)
        facts.adjustments = [Self.cut(points: 10_000_000)]
        #expect(
            try RefundRules.refund(
                facts: facts, loan: loan, pending: ["CUT"], closedThrough: closed, receivable: .zero
            ) == nil)
        let payout = RefundRules.payout(
            id: "P", on: Self.day("2026-01-10"), loan: loan, amount: refund.owed, method: .cash,
            description: "x")
        #expect(throws: Never.self) { try payout.validate() }
    }

    @Test("History: the cut is a period of its own, exact per year, and the rate resumes after it")
    func history() throws {
        let rates = [
            RatePeriod(
                from: Self.day("2025-09-01"), rate: try Rate(percentPerMonth: "0,55"),
                act: .parameterSet(id: "poor@2025", legalSource: "QĐ"))
        ]
        let periods = LoanPricing.history(rates, adjustments: [Self.cut()])
        #expect(periods.map(\.from.iso) == ["2025-09-01", "2025-10-01", "2026-01-01"])
        #expect(periods.map(\.billionthsPerYear) == [66_000_000, 46_000_000, 66_000_000])
        #expect(periods[1].fractionPerYear == "0.046")
        #expect(periods[1].adjustments.map(\.id) == ["CUT"])
        #expect(LoanPricing.history(rates, adjustments: []).count == 1)
    }
}
