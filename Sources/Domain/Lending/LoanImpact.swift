import Foundation

/// Kết quả của vốn vay: what a loan finances, as counts a report can add up, recorded at
/// disbursement and updated by each loan-use check (lending.md §11).
public struct LoanImpact: Sendable, Codable, Hashable {
    /// Lao động có việc làm (tạo mới hoặc duy trì).
    public var jobs: Int
    /// Học sinh, sinh viên được vay vốn.
    public var students: Int
    /// Công trình nước sạch.
    public var waterWorks: Int
    /// Công trình vệ sinh.
    public var sanitationWorks: Int
    /// Nhà ở xây mới, mua hoặc sửa chữa.
    public var houses: Int

    public static let range = 0...10_000
    public static let zero = LoanImpact(
        jobs: 0, students: 0, waterWorks: 0, sanitationWorks: 0, houses: 0)

    public init(jobs: Int, students: Int, waterWorks: Int, sanitationWorks: Int, houses: Int) {
        self.jobs = jobs
        self.students = students
        self.waterWorks = waterWorks
        self.sanitationWorks = sanitationWorks
        self.houses = houses
    }

    var counts: [Int] { [jobs, students, waterWorks, sanitationWorks, houses] }

    /// Each count within 0…10.000 (a unit's project may keep hundreds of jobs; no loan more).
    public func check() throws(LendingError) {
        guard counts.allSatisfy(Self.range.contains) else {
            throw .invalidImpact("mỗi chỉ tiêu kết quả từ 0 đến \(Self.range.upperBound)")
        }
    }

    /// What a disbursement records: what the officer named, else what the file already says
    /// (a student contract's students, a unit's jobs).
    public static func atDisbursement(
        _ given: LoanImpact?, study: StudyPlan?, unitJobs: Int?
    ) -> LoanImpact {
        if let given { return given }
        var impact = LoanImpact.zero
        impact.students = study?.students.count ?? 0
        impact.jobs = unitJobs ?? 0
        return impact
    }

    /// The sum, saturating: counts come back from the database, which this code does not trust
    /// to hold only what `check` let in.
    public func adding(_ other: LoanImpact) -> LoanImpact {
        func sum(_ a: Int, _ b: Int) -> Int {
            let (s, overflow) = a.addingReportingOverflow(b)
            return overflow ? (b > 0 ? .max : .min) : s
        }
        return LoanImpact(
            jobs: sum(jobs, other.jobs), students: sum(students, other.students),
            waterWorks: sum(waterWorks, other.waterWorks),
            sanitationWorks: sum(sanitationWorks, other.sanitationWorks),
            houses: sum(houses, other.houses))
    }
}

/// Kết luận kiểm tra sử dụng vốn: đúng mục đích, đúng một phần, sai mục đích.
public enum UseCheckResult: String, Sendable, Codable, CaseIterable {
    case rightPurpose = "right_purpose"
    case partly
    case wrongPurpose = "wrong_purpose"

    public var label: String {
        switch self {
        case .rightPurpose: "Đúng mục đích"
        case .partly: "Đúng mục đích một phần"
        case .wrongPurpose: "Sai mục đích"
        }
    }
}

/// Kiểm tra sử dụng vốn vay: who checked a loan on which day, whether the money went where the
/// file said, and what it financed as found.
public struct LoanUseCheck: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable { case disbursement, check }
    public var kind: Kind
    public var checkedOn: BusinessDate
    public var result: UseCheckResult
    public var impact: LoanImpact
    public var note: String

    /// Counted as used as intended unless the money went to another purpose: a loan used
    /// partly as intended is followed up, not counted misused.
    public var usedAsIntended: Bool { result != .wrongPurpose }

    public init(
        kind: Kind, checkedOn: BusinessDate, result: UseCheckResult, impact: LoanImpact,
        note: String
    ) {
        self.kind = kind
        self.checkedOn = checkedOn
        self.result = result
        self.impact = impact
        self.note = note
    }

    public init(
        kind: Kind, checkedOn: BusinessDate, usedAsIntended: Bool, impact: LoanImpact,
        note: String
    ) {
        self.init(
            kind: kind, checkedOn: checkedOn,
            result: usedAsIntended ? .rightPurpose : .wrongPurpose, impact: impact, note: note)
    }

    /// A check on a day from the disbursement to today, its counts in range; misuse, in full or
    /// in part, needs a note saying what was found (the finding and recall that follow cite it).
    public func validate(disbursedOn: BusinessDate, today: BusinessDate) throws(LendingError) {
        guard checkedOn <= today else { throw .futureDate(checkedOn) }
        guard checkedOn >= disbursedOn else { throw .beforeDisbursement(disbursedOn) }
        try impact.check()
        guard note.count <= 2_000 else { throw .invalidImpact("ghi chú tối đa 2.000 ký tự") }
        if result != .rightPurpose,
            note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        {
            throw .invalidImpact("khi vốn vay sử dụng sai mục đích cần ghi rõ đã phát hiện gì")
        }
    }
}
