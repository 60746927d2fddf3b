import Testing

@testable import Domain

/// Cấp vốn và điều chuyển: every source at every level by every role, and the entries they
/// post, against the rule restated here.
@Suite("Capital: allocations and transfers as balanced entries")
struct CapitalCommandsTests {
    static let today = BusinessDate(fixedYear: 2026, month: 11, day: 15)
    static let decided = CapitalDecision(
        number: "NQ 15/NQ-HĐND", date: BusinessDate(fixedYear: 2026, month: 3, day: 1))

    static func allocation(
        _ source: CapitalSource, _ level: CapitalLevel, amount: Int64 = 1_000_000,
        on: BusinessDate = BusinessDate(fixedYear: 2026, month: 3, day: 15)
    ) -> CapitalAllocation {
        CapitalAllocation(
            source: source, level: level, unitID: level == .province ? "p33" : "c11953",
            programCode: "poor_household", amount: Money(dong: amount), receivedOn: on,
            decision: decided)
    }

    @Test("Exhaustive: allowed exactly for the level's sources and the role's; the entry balances")
    func exhaustive() throws {
        for source in CapitalSource.allCases {
            for level in CapitalLevel.allCases {
                for role in Role.allCases {
                    let a = Self.allocation(source, level)
                    let allowedLevel = level == .commune ? source == .commune : source != .commune
                    let allowedRole =
                        role == .admin
                        || (role == .finance && [.province, .commune].contains(source))
                        || (role == .bank && [.central, .mobilised].contains(source))
                    do {
                        let e = try CapitalCommands.allocate(
                            a, entryID: EntryID("e"), role: role, today: Self.today)
                        #expect(allowedLevel && allowedRole, "\(source) \(level) \(role)")
                        try e.validate()
                        #expect(e.totalDebit == a.amount)
                        let credit = e.lines.first { $0.credit.dong > 0 }
                        #expect(credit?.account == source.receivedAccount.code)
                        #expect(credit?.programCode == "poor_household")
                        #expect(credit?.unitID == a.unitID)
                    } catch CapitalError.sourceNotAtLevel {
                        #expect(!allowedLevel)
                    } catch CapitalError.sourceNotForRole {
                        #expect(allowedLevel && !allowedRole)
                    }
                }
            }
        }
    }

    @Test("Bounds: amounts, dates and the decision are refused at the edge with their field")
    func bounds() {
        func field(_ a: CapitalAllocation) -> String? {
            do {
                _ = try CapitalCommands.allocate(
                    a, entryID: EntryID("e"), role: .admin, today: Self.today)
                return nil
            } catch {
                return error.details.first?.field
            }
        }
        #expect(field(Self.allocation(.central, .province, amount: 0)) == "amount")
        #expect(field(Self.allocation(.central, .province, amount: -5)) == "amount")
        #expect(
            field(Self.allocation(.central, .province, amount: CapitalCommands.maximum.dong)) == nil
        )
        #expect(
            field(Self.allocation(.central, .province, amount: CapitalCommands.maximum.dong + 1))
                == "amount")
        #expect(
            field(Self.allocation(.central, .province, on: Self.today.adding(days: 1))) == "date")
        #expect(
            field(
                Self.allocation(
                    .central, .province, on: BusinessDate(fixedYear: 2026, month: 2, day: 1)))
                == "decisionDate")
        var blank = Self.allocation(.central, .province)
        blank.decision.number = "  "
        #expect(field(blank) == "decisionNumber")
    }

    @Test("Property: a transfer passes exactly when the program holds the amount, and balances")
    func transfers() throws {
        var rng = SplitMix(seed: 16)
        for _ in 0..<1_000 {
            let amount = Int64.random(in: 1...1_000_000, using: &rng)
            let available = Int64.random(in: 0...1_200_000, using: &rng)
            let t = CapitalTransfer(
                source: .province, unitID: "p33", fromProgram: "job_creation",
                toProgram: "social_housing", amount: Money(dong: amount), on: Self.today,
                decision: Self.decided)
            do {
                let e = try CapitalCommands.transfer(
                    t, available: Money(dong: available), entryID: EntryID("t"), role: .finance,
                    today: Self.today)
                #expect(amount <= available)
                try e.validate()
                #expect(e.lines.map(\.programCode) == ["job_creation", "social_housing"])
                #expect(
                    Set(e.lines.map(\.account)) == [ChartOfAccounts.capitalReceivedProvince.code])
                #expect(e.lines[0].debit.dong == amount && e.lines[1].credit.dong == amount)
            } catch CapitalError.insufficientCapital(_, let have, let wanted) {
                #expect(amount > available && have.dong == available && wanted.dong == amount)
            }
        }
        let same = CapitalTransfer(
            source: .province, unitID: "p33", fromProgram: "job_creation",
            toProgram: "job_creation",
            amount: Money(dong: 1), on: Self.today, decision: Self.decided)
        #expect(throws: CapitalError.self) {
            try CapitalCommands.transfer(
                same, available: Money(dong: 5), entryID: EntryID("t"), role: .finance,
                today: Self.today)
        }
    }

    @Test("A plan may be zero, not negative; its year and source are checked")
    func plans() {
        func ok(_ p: CapitalYearPlan, _ role: Role = .finance) -> Bool {
            (try? p.check(role: role)) != nil
        }
        let base = CapitalYearPlan(
            year: 2026, source: .province, level: .province, unitID: "p33", amount: .zero,
            decisionNumber: "")
        #expect(ok(base))
        var p = base
        p.amount = Money(dong: -1)
        #expect(!ok(p))
        p = base
        p.year = 1999
        #expect(!ok(p))
        p = base
        p.source = .commune
        #expect(!ok(p))
        #expect(!ok(base, .bank))
    }
}
