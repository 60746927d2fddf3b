import Domain

/// Hồ sơ vay as stored: the form 01/TD and what each step added to it.
public struct LoanApplicationRecord: Sendable, Codable, Equatable {
    public var id: String
    public var programCode: String
    public var programName: String
    public var channel: Channel
    public var householdID: String?
    public var householdCode: String?
    public var representativeID: String?
    public var borrowerName: String
    public var groupID: String?
    public var groupName: String?
    public var organisation: String?
    public var unitID: String
    public var unitName: String
    public var amount: Money
    public var termMonths: Int
    public var intervalMonths: Int
    public var purpose: String
    public var collateral: String
    public var state: ApplicationState
    public var submittedOn: BusinessDate
    public var submittedBy: String
    public var votedOn: BusinessDate?
    public var voteMeetingID: String?
    public var certifiedOn: BusinessDate?
    public var certifiedBy: String?
    public var preparedOn: BusinessDate?
    public var preparedBy: String?
    public var decidedOn: BusinessDate?
    public var decidedBy: String?
    public var reason: String
    public var loanID: String?
    /// Nhóm đối tượng of the program's set the borrower belongs to, if any.
    public var beneficiaryGroup: String? = nil
    /// Số lao động when a unit borrows for a project that makes or keeps these jobs.
    public var unitJobs: Int? = nil
    /// Hợp đồng HSSV: the students and courses of a student contract (nil for other programs).
    public var study: StudyPlan? = nil
}

/// Form 01/TD as entered (by the group leader, the organisation officer or the bank officer).
public struct NewApplication: Sendable, Codable {
    public var householdID: String
    public var representativeID: String
    public var programCode: String
    public var amount: Money
    public var termMonths: Int
    public var intervalMonths: Int
    public var purpose: String
    public var submittedOn: BusinessDate
    public var beneficiaryGroup: String?
    /// The students and courses, for a program lending per month of study (its term is computed).
    public var study: StudyPlan?

    public init(householdID: String, representativeID: String, programCode: String, amount: Money, termMonths: Int, intervalMonths: Int,
                purpose: String, submittedOn: BusinessDate, beneficiaryGroup: String? = nil,
                study: StudyPlan? = nil) {
        self.study = study
        self.beneficiaryGroup = beneficiaryGroup
        self.householdID = householdID
        self.representativeID = representativeID
        self.programCode = programCode
        self.amount = amount
        self.termMonths = termMonths
        self.intervalMonths = intervalMonths
        self.purpose = purpose
        self.submittedOn = submittedOn
    }
}

/// Khách hàng vay trực tiếp: a person or household for social housing, a production unit for job
/// creation, an orphaned student, with collateral where the program asks for it.
public struct NewDirectApplication: Sendable, Codable {
    public var borrowerName: String
    /// The household of the register, when the borrower has one.
    public var householdID: String?
    public var unitCode: Int
    public var programCode: String
    public var amount: Money
    public var termMonths: Int
    public var intervalMonths: Int
    public var purpose: String
    public var collateral: String
    public var submittedOn: BusinessDate
    public var beneficiaryGroup: String?
    /// Số lao động: set when the borrower is a unit (co-operative, household business) whose
    /// project makes or keeps these jobs; the unit caps then apply instead of the per-loan cap.
    public var unitJobs: Int?
    /// An orphaned student's course (`StudentLoans`), borrowing in their own name.
    public var study: StudyPlan?

    public init(borrowerName: String, householdID: String?, unitCode: Int, programCode: String, amount: Money, termMonths: Int,
                intervalMonths: Int, purpose: String, collateral: String, submittedOn: BusinessDate, beneficiaryGroup: String? = nil,
                unitJobs: Int? = nil, study: StudyPlan? = nil) {
        self.study = study
        self.beneficiaryGroup = beneficiaryGroup
        self.unitJobs = unitJobs
        self.borrowerName = borrowerName
        self.householdID = householdID
        self.unitCode = unitCode
        self.programCode = programCode
        self.amount = amount
        self.termMonths = termMonths
        self.intervalMonths = intervalMonths
        self.purpose = purpose
        self.collateral = collateral
        self.submittedOn = submittedOn
    }
}

/// One applicant's line of the vetting list (03/TD): agreed or not, and the amount and term agreed.
public struct VetDecision: Sendable, Codable, Equatable {
    public var applicationID: String
    public var agreed: Bool
    public var amount: Money?
    public var termMonths: Int?

    public init(applicationID: String, agreed: Bool, amount: Money? = nil, termMonths: Int? = nil) {
        self.applicationID = applicationID
        self.agreed = agreed
        self.amount = amount
        self.termMonths = termMonths
    }
}
