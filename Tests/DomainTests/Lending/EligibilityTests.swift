import Domain
import Testing

@Suite("Lending: programs and eligibility")
struct EligibilityTests {
    static func day(_ iso: String) -> BusinessDate { try! BusinessDate(iso: iso) }
    static let anchor2015 = try! Rate(percentPerMonth: "0,55")
    static let anchor2025 = try! Rate(percentPerMonth: "0,52")

    @Test("Rates tied to the anchor follow it: 120 %, 125 %, 127 % of 0,52 and of 0,55")
    func anchorFactors() {
        #expect(ProgramRate.factorOfAnchor(percent: 120).resolve(anchor: Self.anchor2025) == (try! Rate(percentPerMonth: "0,624")))
        #expect(ProgramRate.factorOfAnchor(percent: 125).resolve(anchor: Self.anchor2025) == (try! Rate(percentPerMonth: "0,65")))
        #expect(ProgramRate.factorOfAnchor(percent: 127).resolve(anchor: Self.anchor2025) == (try! Rate(percentPerMonth: "0,6604")))
        #expect(ProgramRate.factorOfAnchor(percent: 125).resolve(anchor: Self.anchor2015) == (try! Rate(percentPerMonth: "0,6875")))
        #expect(ProgramRate.fixed(Self.anchor2015).resolve(anchor: Self.anchor2025) == Self.anchor2015)
        // 130 % overdue of the near-poor rate is exact.
        #expect(Self.anchor2025.scaled(byPercent: 120).scaled(byPercent: 130) == (try! Rate(percentPerMonth: "0,8112")))
    }

    @Test("The catalogue: the programs lending and those still on the books, every set valid, ids unique")
    func catalogue() throws {
        #expect(Set(ProgramCatalogue.programs.map(\.code)) == ["poor_household", "near_poor_household", "escaped_poverty_household", "student",
                                                                "stem_student",
                                                                "job_creation", "working_abroad", "clean_water_sanitation", "difficult_area_business",
                                                                "social_housing", "post_prison", "ethnic_minority", "difficult_area_traders",
                                                                "poor_housing_2015", "ethnic_minority_2012", "student_devices", "private_schools",
                                                                "post_rehabilitation"])
        #expect(Set(ProgramCatalogue.programs.map(\.code)).count == ProgramCatalogue.programs.count)
        #expect(Set(ProgramCatalogue.parameters.map(\.id)).count == ProgramCatalogue.parameters.count)
        // Every set names a program of the catalogue; the closed ones are closed to new loans.
        let codes = Set(ProgramCatalogue.programs.map(\.code))
        #expect(ProgramCatalogue.parameters.allSatisfy { codes.contains($0.programCode) })
        #expect(ProgramCatalogue.programs.filter { !$0.openForNewLoans }.map(\.code).sorted()
            == ["difficult_area_traders", "ethnic_minority_2012", "poor_housing_2015", "private_schools", "student_devices"])
        for set in ProgramCatalogue.parameters { try set.validate() }
        let sets = ProgramCatalogue.parameters
        #expect(ProgramParameters.inForce("social_housing", on: Self.day("2025-10-09"), among: sets)?.rate == .fixed(try Rate(percentPerMonth: "0,55")))
        #expect(ProgramParameters.inForce("social_housing", on: Self.day("2025-10-10"), among: sets)?.repricing == .existingLoans)
        #expect(ProgramParameters.inForce("job_creation", on: Self.day("2025-12-31"), among: sets)?.maxPerLoan == Money(dong: 100_000_000))
        #expect(ProgramParameters.inForce("job_creation", on: Self.day("2026-01-01"), among: sets)?.rate == .factorOfAnchor(percent: 127))
        #expect(ProgramParameters.inForce("working_abroad", on: Self.day("2025-06-01"), among: sets) == nil)
    }

    static let poorProgram = ProgramCatalogue.programs.first { $0.code == "poor_household" }!
    static func set(_ code: String) -> ProgramParameters { ProgramParameters.inForce(code, on: day("2026-06-01"), among: ProgramCatalogue.parameters)! }

    @Test("Every borrower rule × classification × newly escaped × area: who may borrow", arguments: BorrowerRule.allCases)
    func rules(rule: BorrowerRule) {
        var parameters = Self.set("poor_household")
        parameters.borrowers = rule
        let program = LoanProgram(code: "p", name: "P", channel: .direct, legalBasis: "x")
        for classification in [nil] + Classification.allCases.map(Optional.some) {
            for escaped in [false, true] {
                for area in Area.allCases {
                    let facts = BorrowerFacts(classification: classification, newlyEscaped: escaped, area: area, inActiveGroup: false)
                    let refused = !Eligibility.refusals(program: program, parameters: parameters, borrower: facts,
                                                        request: LoanRequest(amount: Money(dong: 1_000_000), termMonths: 12)).isEmpty
                    let poorish = classification == .poor || classification == .nearPoor
                    let expected: Bool = switch rule {
                    case .poor: classification == .poor
                    case .nearPoor: classification == .nearPoor
                    case .newlyEscaped: escaped && !poorish
                    case .studentHousehold: poorish || classification == .average
                    case .ruralHousehold: area == .rural
                    case .notPoorNorNearPoor: !poorish && !escaped
                    case .anyHousehold, .documents: true
                    }
                    #expect(refused == !expected, "\(rule) \(String(describing: classification)) \(escaped) \(area)")
                }
            }
        }
    }

    @Test("Caps, term, group membership and a closed program are each refused with their reason")
    func limits() {
        let parameters = Self.set("poor_household")
        let poor = BorrowerFacts(classification: .poor, newlyEscaped: false, area: .rural, inActiveGroup: true,
                                 outstandingByProgram: ["poor_household": Money(dong: 70_000_000)])
        func refusals(_ amount: Int64, _ term: Int, _ facts: BorrowerFacts = poor, program: LoanProgram = Self.poorProgram) -> [LendingError] {
            Eligibility.refusals(program: program, parameters: parameters, borrower: facts, request: LoanRequest(amount: Money(dong: amount), termMonths: term))
        }
        #expect(refusals(30_000_000, 60).isEmpty)
        #expect(refusals(30_000_001, 60) == [.aboveHouseholdCap(cap: Money(dong: 100_000_000), outstanding: Money(dong: 70_000_000))])
        #expect(refusals(101_000_000, 60).contains(.aboveLoanCap(Money(dong: 100_000_000))))
        #expect(refusals(10_000_000, 121) == [.termTooLong(120)])
        #expect(refusals(0, 12).contains(.invalidAmount))
        var outside = poor
        outside.inActiveGroup = false
        #expect(refusals(10_000_000, 12, outside) == [.notEligible("hộ chưa là tổ viên của tổ tiết kiệm và vay vốn nào")])
        var closed = Self.poorProgram
        closed.openForNewLoans = false
        #expect(refusals(10_000_000, 12, program: closed) == [.programClosed("Cho vay hộ nghèo")])
        #expect(LendingError.aboveHouseholdCap(cap: Money(dong: 100_000_000), outstanding: Money(dong: 70_000_000)).message
            == "Tổng dư nợ của hộ (đang nợ 70.000.000 đ) sẽ vượt mức tối đa 100.000.000 đ một hộ.")
    }
}
