import Testing

@testable import Domain

/// Issue #14 §2: a loan is priced by the set it was disbursed under and changes only by an act.
@Suite("Loan pricing: the set of the disbursement, re-pricing sets, the anchor, closed months")
struct LoanPricingTests {
    static func day(_ iso: String) -> BusinessDate {
        (try? BusinessDate(iso: iso)) ?? BusinessDate.inputRange.lowerBound
    }
    static func rate(_ text: String) -> Rate {
        (try? Rate(percentPerMonth: text)) ?? .zero
    }
    static let anchors = [
        AnchorRate(from: day("2015-06-05"), rate: rate("0,55"), legalSource: "QĐ 750/QĐ-TTg"),
        AnchorRate(from: day("2025-12-01"), rate: rate("0,52"), legalSource: "QĐ 2553/QĐ-TTg"),
    ]
    static func set(
        _ program: String, _ from: String, _ rate: ProgramRate,
        _ repricing: Repricing = .newLoansOnly,
        to: String? = nil
    ) -> ProgramParameters {
        ProgramParameters(
            programCode: program, validFrom: day(from), validTo: to.map(day),
            legalSource: "act \(from)",
            rate: rate, maxPerLoan: nil, maxPerHousehold: nil, maxTermMonths: 120,
            borrowers: .anyHousehold, repricing: repricing)
    }

    @Test(
        "Job creation 2019–2025: the anchor cut re-prices it; the 2026 set never reaches it"
    )
    func jobCreation() throws {
        let old = Self.set(
            "job_creation", "2019-11-08", .factorOfAnchor(percent: 120), to: "2025-12-31")
        let new = Self.set("job_creation", "2026-01-01", .factorOfAnchor(percent: 127))
        let periods = try LoanPricing.periods(
            loanSet: old, disbursedOn: Self.day("2024-05-01"), sets: [old, new],
            anchors: Self.anchors)
        #expect(periods.map(\.from) == [Self.day("2024-05-01"), Self.day("2025-12-01")])
        #expect(periods.map(\.rate) == [Self.rate("0,66"), Self.rate("0,624")])
        #expect(
            periods[0].act
                == .parameterSet(id: "job_creation@2019-11-08", legalSource: "act 2019-11-08"))
        #expect(
            periods[1].act == .anchor(from: Self.day("2025-12-01"), legalSource: "QĐ 2553/QĐ-TTg"))
        // A loan of the 2026 set starts at 127 % of the anchor.
        let later = try LoanPricing.periods(
            loanSet: new, disbursedOn: Self.day("2026-02-01"), sets: [old, new],
            anchors: Self.anchors)
        #expect(later.map(\.rate) == [Self.rate("0,52").scaled(byPercent: 127)])
    }

    @Test("A beneficiary group pays its own rate in each governing set; an unknown one is refused")
    func groups() throws {
        let half = BeneficiaryGroup(
            code: "priority", name: "Khuyết tật", rate: .factorOfAnchor(percent: 60))
        var old = Self.set(
            "job_creation", "2019-11-08", .factorOfAnchor(percent: 120), to: "2025-12-31")
        old.beneficiaryGroups = [half]
        let periods = try LoanPricing.periods(
            loanSet: old, group: "priority", disbursedOn: Self.day("2024-05-01"), sets: [old],
            anchors: Self.anchors)
        #expect(periods.map(\.rate) == [Self.rate("0,33"), Self.rate("0,312")])
        var new = Self.set("job_creation", "2026-01-01", .factorOfAnchor(percent: 127))
        new.beneficiaryGroups = [
            BeneficiaryGroup(code: "priority", name: "Ưu tiên", rate: .factorOfAnchor(percent: 100))
        ]
        let priority = try LoanPricing.periods(
            loanSet: new, group: "priority", disbursedOn: Self.day("2026-03-02"), sets: [old, new],
            anchors: Self.anchors)
        #expect(priority.map(\.rate) == [Self.rate("0,52")])
        // A set that does not name the group prices the borrower as anyone else.
        let plain = try LoanPricing.periods(
            loanSet: Self.set("x", "2020-01-01", .factorOfAnchor(percent: 127)), group: "priority",
            disbursedOn: Self.day("2026-03-02"), sets: [], anchors: Self.anchors)
        #expect(plain.map(\.rate) == [Self.rate("0,52").scaled(byPercent: 127)])
        #expect(throws: LendingError.unknownBeneficiaryGroup("job_creation", "orphans")) {
            try new.checkGroup("orphans")
        }
        try new.checkGroup(nil)
        try new.checkGroup("priority")
        var bad = new
        bad.beneficiaryGroups = [half, half]
        #expect(throws: LendingError.self) { try bad.validate() }
        bad.beneficiaryGroups = [BeneficiaryGroup(code: "Ưu tiên", name: "x", rate: .fixed(.zero))]
        #expect(throws: LendingError.self) { try bad.validate() }
    }

    @Test(
        "A fixed rate changes only by a later set that re-prices existing loans, named as its act")
    func fixedRates() throws {
        let first = Self.set("water", "2024-09-02", .fixed(Self.rate("0,75")), to: "2025-11-30")
        let cut = Self.set("water", "2025-12-01", .fixed(Self.rate("0,70")), .existingLoans)
        let periods = try LoanPricing.periods(
            loanSet: first, disbursedOn: Self.day("2025-01-10"), sets: [first, cut],
            anchors: Self.anchors)
        #expect(periods.map(\.rate) == [Self.rate("0,75"), Self.rate("0,70")])
        #expect(
            periods.last?.act
                == .parameterSet(id: "water@2025-12-01", legalSource: "act 2025-12-01"))
        var newOnly = cut
        newOnly.repricing = .newLoansOnly
        let kept = try LoanPricing.periods(
            loanSet: first, disbursedOn: Self.day("2025-01-10"), sets: [first, newOnly],
            anchors: Self.anchors)
        #expect(kept.map(\.rate) == [Self.rate("0,75")])
    }

    @Test("No anchor known on a day the loan runs: refused, never zero")
    func noAnchor() {
        let set = Self.set("job_creation", "2010-01-01", .factorOfAnchor(percent: 100))
        #expect(throws: LendingError.noRateOnDate("job_creation", Self.day("2012-03-01"))) {
            try LoanPricing.periods(
                loanSet: set, disbursedOn: Self.day("2012-03-01"), sets: [set],
                anchors: Self.anchors)
        }
    }

    /// The reference model prices each day on its own: the governing set is the latest of the
    /// loan's set and the re-pricing sets started by that day; the rate is that set's, on the
    /// anchor of the day. The periods must give the same rate on every day.
    @Test("Property: on every day the periods give the reference model's rate", arguments: 0..<40)
    func property(seed: UInt64) throws {
        var rng = SplitMix(seed: seed &* 7919 &+ 13)
        let base = Self.day("2016-01-01")
        func randomDay(within days: Int) -> BusinessDate {
            base.adding(days: Int.random(in: 0..<days, using: &rng))
        }
        let drawn = (0..<Int.random(in: 1...5, using: &rng)).map { _ in
            let rate: ProgramRate =
                Bool.random(using: &rng)
                ? .fixed(Rate(billionthsPerMonth: Int64.random(in: 1...9, using: &rng) * 1_000_000))
                : .factorOfAnchor(
                    percent: [50, 100, 120, 125, 127].randomElement(using: &rng) ?? 100)
            return ProgramParameters(
                programCode: "p", validFrom: randomDay(within: 3_600), legalSource: "s", rate: rate,
                maxPerLoan: nil, maxPerHousehold: nil, maxTermMonths: 120, borrowers: .anyHousehold,
                repricing: Bool.random(using: &rng) ? .existingLoans : .newLoansOnly)
        }
        // One set per day, as the store keys them.
        let sets = Dictionary(drawn.map { ($0.validFrom, $0) }, uniquingKeysWith: { a, _ in a })
            .values.sorted { $0.validFrom < $1.validFrom }
        let anchors =
            [AnchorRate(from: Self.day("2015-06-05"), rate: Self.rate("0,55"))]
            + (0..<Int.random(in: 0...3, using: &rng)).map { _ in
                AnchorRate(
                    from: randomDay(within: 3_600),
                    rate: Rate(billionthsPerMonth: Int64.random(in: 40...60, using: &rng) * 100_000)
                )
            }
        let loanSet = sets[Int.random(in: 0..<sets.count, using: &rng)]
        let disbursed = loanSet.validFrom.adding(days: Int.random(in: 0...400, using: &rng))
        let periods = try LoanPricing.periods(
            loanSet: loanSet, disbursedOn: disbursed, sets: sets, anchors: anchors)
        #expect(periods.first?.from == disbursed)
        #expect(
            zip(periods, periods.dropFirst()).allSatisfy { $0.from < $1.from && $0.rate != $1.rate }
        )
        for offset in stride(from: 0, through: 4_000, by: 7) {
            let today = disbursed.adding(days: offset)
            let governing =
                sets.filter {
                    $0.repricing == .existingLoans && $0.validFrom > disbursed
                        && $0.validFrom <= today
                        && $0.id != loanSet.id
                }.max { $0.validFrom < $1.validFrom } ?? loanSet
            let anchor =
                anchors.filter { $0.from <= today }.max { $0.from < $1.from }?.rate ?? .zero
            let expected = governing.rate.resolve(anchor: anchor)
            #expect(
                periods.last { $0.from <= today }?.rate == expected, "seed \(seed), \(today.iso)")
        }
    }

    @Test("An act for existing loans may not start in a closed month, or before one")
    func closedMonths() {
        let closed: Set<String> = ["2026-09", "2026-10"]
        for month in 1...12 {
            let from = Self.day("2026-\(month < 10 ? "0" : "")\(month)-15")
            let refused =
                (try? LoanPricing.checkNotIntoClosedMonth(from: from, closedMonths: closed)) == nil
            #expect(refused == (month <= 10), "month \(month)")
        }
        #expect(
            throws: LendingError.repricingIntoClosedMonth(
                from: Self.day("2026-01-01"), closed: "2026-10")
        ) {
            try LoanPricing.checkNotIntoClosedMonth(
                from: Self.day("2026-01-01"), closedMonths: closed)
        }
    }
}
