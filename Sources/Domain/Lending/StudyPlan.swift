/// Cho vay học sinh, sinh viên: what a parameter set lends for a course (Decision 157/2007, the
/// amount by Decision 05/2022; STEM students by Decision 29/2025). Data of the set, so a new
/// decision is a new set, not a code change.
public struct StudyRules: Sendable, Codable, Hashable {
    /// Mức cho vay: `amount` for every `perMonths` months of study (4 m per month; STEM 80 m per
    /// school year of 12 months).
    public var amount: Money
    public var perMonths: Int
    /// Longest time after the course ends before the first repayment falls due (12 months).
    public var maxGraceMonths: Int
    /// Longest interval between principal instalments (12 months in a branch's summary; an older
    /// leaflet says 6).
    public var maxIntervalMonths: Int

    public init(
        amount: Money, perMonths: Int, maxGraceMonths: Int = 12, maxIntervalMonths: Int = 12
    ) {
        self.amount = amount
        self.perMonths = perMonths
        self.maxGraceMonths = maxGraceMonths
        self.maxIntervalMonths = maxIntervalMonths
    }
}

/// Một học sinh, sinh viên of a contract: several students of one household share one contract.
public struct Student: Sendable, Codable, Hashable {
    public var name: String
    public var school: String
    /// The months of study the contract finances (the rest of the course).
    public var studyMonths: Int
    public var courseEndsOn: BusinessDate
    /// Mồ côi: borrows in their own name, directly at the bank.
    public var orphan: Bool

    public init(
        name: String, school: String, studyMonths: Int, courseEndsOn: BusinessDate,
        orphan: Bool = false
    ) {
        self.name = name
        self.school = school
        self.studyMonths = studyMonths
        self.courseEndsOn = courseEndsOn
        self.orphan = orphan
    }
}

/// Hợp đồng cho vay HSSV: one contract for the whole course (CHANGES 2026-12-01 item 4).
public struct StudyPlan: Sendable, Codable, Hashable {
    public var students: [Student]
    /// Months after the last course ends before the first repayment (at most the set's 12).
    public var graceMonths: Int
    /// Thời hạn trả nợ: from the first repayment to the maturity.
    public var repaymentMonths: Int

    public init(students: [Student], graceMonths: Int, repaymentMonths: Int) {
        self.students = students
        self.graceMonths = graceMonths
        self.repaymentMonths = repaymentMonths
    }
}

/// What a study plan gives the loan: its cap, when dues begin and the term that follows.
public struct StudyTerms: Sendable, Equatable {
    public var cap: Money
    /// Ngày bắt đầu trả nợ: no principal and no interest fall due before it.
    public var duesFrom: BusinessDate
    public var termMonths: Int
}

/// The rules of a student contract, once for the application, the disbursement and month-end.
public enum StudentLoans {
    public static let maxStudents = 10
    public static let studyMonthsRange = 1...120

    /// Σ amount × months of study / months per amount, rounded down to the đồng.
    public static func cap(_ plan: StudyPlan, rules: StudyRules) -> Money {
        guard rules.perMonths > 0 else { return .zero }
        let months = plan.students.reduce(Int128(0)) { $0 + Int128(max(0, $1.studyMonths)) }
        let cap = Int128(rules.amount.dong) * months / Int128(rules.perMonths)
        return Money(dong: Int64(clamping: cap))
    }

    /// Repayment starts `graceMonths` after the last course ends.
    public static func duesFrom(_ plan: StudyPlan) -> BusinessDate? {
        plan.students.map(\.courseEndsOn).max().map {
            RepaymentSchedule.adding(months: plan.graceMonths, to: $0)
        }
    }

    /// Thời hạn trả nợ tối đa: the longest financed course for courses over 12 months, twice it
    /// for shorter ones (a branch's practice, kept as the rule until VBSP says otherwise).
    public static func maxRepaymentMonths(_ plan: StudyPlan) -> Int {
        let longest = plan.students.map(\.studyMonths).max() ?? 0
        return longest > 12 ? longest : 2 * longest
    }

    /// Gia hạn: at most half the repayment period.
    public static func maxExtensionMonths(_ plan: StudyPlan) -> Int { plan.repaymentMonths / 2 }

    /// Whole months from `from` to `to`, rounded up (the term reaches the due date).
    static func monthsUntil(_ to: BusinessDate, from: BusinessDate) -> Int {
        var months = (to.year - from.year) * 12 + (to.month - from.month)
        if RepaymentSchedule.adding(months: months, to: from) < to { months += 1 }
        return max(0, months)
    }
}
