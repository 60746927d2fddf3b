import Testing

@testable import Domain

/// Issue #14 §2: a unit borrows up to the lower of its set's per-project cap and the per-job cap
/// times the jobs its project makes or keeps; the per-loan and per-household caps are for people.
@Suite("Eligibility: units borrowing per project and per job")
struct UnitCapsTests {
    static func day(_ iso: String) -> BusinessDate {
        (try? BusinessDate(iso: iso)) ?? BusinessDate.inputRange.lowerBound
    }
    static let jobCreation = ProgramCatalogue.programs.first { $0.code == "job_creation" }
    static func set(_ code: String, on iso: String) -> ProgramParameters? {
        ProgramParameters.inForce(code, on: day(iso), among: ProgramCatalogue.parameters)
    }
    static let facts = BorrowerFacts(
        classification: nil, newlyEscaped: false, area: .urban, inActiveGroup: true)

    @Test(
        "The caps of the sets that lend to units, as programs.md gives them",
        arguments: [
            ("job_creation", "2017-01-01", 1_000, 50), ("job_creation", "2025-06-01", 2_000, 100),
            ("job_creation", "2026-06-01", 10_000, 200), ("post_prison", "2025-06-01", 2_000, 100),
        ] as [(String, String, Int64, Int64)])
    func catalogue(_ code: String, on: String, project: Int64, job: Int64) throws {
        let caps = try #require(Self.set(code, on: on)?.unitCaps)
        #expect(caps.perProject == Money(dong: project * 1_000_000))
        #expect(caps.perJob == Money(dong: job * 1_000_000))
    }

    @Test("Every amount and number of jobs: refused exactly above min(project, job × jobs)")
    func exhaustive() throws {
        let program = try #require(Self.jobCreation)
        var parameters = try #require(Self.set("job_creation", on: "2025-06-01"))
        parameters.borrowers = .documents
        let caps = try #require(parameters.unitCaps)
        let step: Int64 = 50_000_000
        for jobs in [-1, 0, 1, 2, 7, 19, 20, 21, 100, 100_000, 100_001] {
            for n in 1...50 {
                let amount = Money(dong: Int64(n) * step)
                let refusals = Eligibility.refusals(
                    program: program, parameters: parameters, borrower: Self.facts,
                    request: LoanRequest(amount: amount, termMonths: 60, unitJobs: jobs))
                let codes = refusals.map(\.code)
                // Người vay là đơn vị: never the per-loan cap of a worker (100 m).
                #expect(!codes.contains("above_loan_cap") && !codes.contains("above_household_cap"))
                guard UnitCaps.jobsRange.contains(jobs) else {
                    #expect(codes == ["units_not_lent"])
                    continue
                }
                let limit = min(2_000_000_000, Int64(jobs) * 100_000_000)
                #expect(
                    codes == (amount.dong > limit ? ["above_unit_cap"] : []), "\(jobs) \(amount)")
                #expect(caps.cap(jobs: jobs) == Money(dong: limit))
            }
        }
    }

    @Test("A set with no unit caps lends to no unit; a person keeps the per-loan cap")
    func people() throws {
        let program = try #require(ProgramCatalogue.programs.first { $0.code == "social_housing" })
        let parameters = try #require(Self.set("social_housing", on: "2026-06-01"))
        let unit = Eligibility.refusals(
            program: program, parameters: parameters, borrower: Self.facts,
            request: LoanRequest(amount: Money(dong: 1_000_000), termMonths: 60, unitJobs: 5))
        #expect(unit.map(\.code) == ["units_not_lent"])
        let jobs = try #require(Self.jobCreation)
        var worker = try #require(Self.set("job_creation", on: "2025-06-01"))
        worker.borrowers = .documents
        let person = Eligibility.refusals(
            program: jobs, parameters: worker, borrower: Self.facts,
            request: LoanRequest(amount: Money(dong: 150_000_000), termMonths: 60))
        #expect(person.map(\.code) == ["above_loan_cap", "above_household_cap"])
        #expect(
            LendingError.aboveUnitCap(
                cap: Money(dong: 1_000_000_000),
                caps: UnitCaps(
                    perProject: Money(dong: 2_000_000_000), perJob: Money(dong: 100_000_000)),
                jobs: 10
            ).message.contains("10 lao động"))
    }

    @Test("The cap never overflows: a huge per-job cap times many jobs is the project cap")
    func overflow() {
        let caps = UnitCaps(perProject: Money(dong: 5_000), perJob: Money(dong: Int64.max / 2))
        #expect(caps.cap(jobs: 3) == Money(dong: 5_000))
        #expect(caps.cap(jobs: 0) == .zero)
    }
}
