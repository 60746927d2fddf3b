import Domain
import Store
import Vapor

/// `GET /api/v1/loans` item (fixed contract): ids as strings, null for direct loans to units.
struct LoanItemJSON: Content {
    let id: String; let program: String; let household: String?; let group: String?; let status: String; let outstanding: Int64
    init(_ s: LoanSummary) {
        id = s.id; program = s.programCode; household = s.householdID; group = s.groupID; status = s.status.rawValue; outstanding = s.outstanding.dong
    }
}

struct LoanListJSON: Content { let items: [LoanItemJSON]; let total: Int }

struct InstalmentJSON: Content {
    let dueOn: String; let principal: Int64; let paid: Int64; let unpaid: Int64; let originalDueOn: String
    init(_ i: InstalmentRow) { dueOn = i.dueOn.iso; principal = i.principal.dong; paid = i.paid.dong; unpaid = i.unpaid.dong; originalDueOn = i.originalDueOn.iso }
}

/// `GET /api/v1/loans/{id}` (fixed contract, with a few more fields after those it names).
struct LoanJSON: Content {
    let id: String; let program: String; let household: String?; let group: String?; let status: String
    let principal: Int64; let outstanding: Int64; let overdue: Int64; let interestArrears: Int64
    let schedule: [InstalmentJSON]
    let asOf: String; let interestDue: Int64; let disbursedOn: String; let maturity: String; let borrower: String; let unit: String
    let ratePerMonth: String?
    let parameterSet: ParameterSetRefJSON?
    let rateHistory: [RatePeriodJSON]
    let oldBook: OldBookJSON?
    init(_ d: LoanDetail) {
        id = d.summary.id; program = d.summary.programCode; household = d.summary.householdID; group = d.summary.groupID
        status = d.standing.status.rawValue; principal = d.disbursed.dong; outstanding = d.standing.outstanding.dong; overdue = d.standing.overdue.dong
        interestArrears = d.standing.interestArrears.dong; schedule = d.schedule.map(InstalmentJSON.init); asOf = d.asOf.iso
        interestDue = d.standing.interestDue.dong; disbursedOn = d.summary.disbursedOn.iso; maturity = d.summary.maturity.iso
        borrower = d.summary.borrowerName; unit = d.summary.unitID
        ratePerMonth = d.rates.last { $0.from <= d.asOf }?.rate.fractionString
        parameterSet = d.parameterSet.map(ParameterSetRefJSON.init)
        rateHistory = RatePeriodJSON.history(
            LoanPricing.history(d.rates, adjustments: d.facts.adjustments))
        oldBook = d.oldBook.map(OldBookJSON.init)
    }
}

/// The answer of every money command on a loan; a replay of its key gets the same.
struct LoanPostingJSON: Content {
    let loan: String; let event: String; let kind: String; let date: String; let interest: Int64; let principal: Int64; let entry: String?
    let outstanding: Int64; let interestDue: Int64; let status: String
    init(_ p: LoanPosting) {
        loan = p.loan; event = p.event; kind = p.kind.rawValue; date = p.date.iso; interest = p.interest.dong; principal = p.principal.dong
        entry = p.entry; outstanding = p.outstanding.dong; interestDue = p.interestDue.dong; status = p.status.rawValue
    }
}

struct RepaymentInput: Content { let date: String; let interest: Int64?; let principal: Int64?; let method: String? }
struct DisbursementInput: Content {
    let date: String; let amount: Int64; let method: String?; let source: String?
    /// Ân hạn (months with no principal due) or the first due date, for the first tranche.
    let graceMonths: Int?; let firstDueOn: String?
    /// Giấy xác nhận của nhà trường: required for every tranche of a student contract.
    let schoolConfirmation: String?
    /// What the loan finances, recorded with the first tranche.
    let impact: ImpactJSON?
}
struct ReversalInput: Content { let event: String; let date: String; let reason: String }
struct RiskFileJSON: Content {
    let cause: String; let requestedOn: String?; let verification: String?; let approval: String?; let documents: String?
    func file(default date: BusinessDate) throws -> RiskFile {
        RiskFile(cause: cause, requestedOn: try Validate.date(requestedOn, default: date), verification: verification ?? "", approval: approval ?? "",
                 documents: documents ?? "")
    }
}
struct FreezeInput: Content { let date: String; let lossPercent: Int; let months: Int; let file: RiskFileJSON }
struct FreezeEndInput: Content { let date: String }
struct AdjustmentInput: Content { let date: String; let instalmentDue: String; let newDate: String; let file: RiskFileJSON }
struct ExtensionInput: Content { let date: String; let newMaturity: String; let file: RiskFileJSON }
struct RecallInput: Content { let date: String; let file: RiskFileJSON }

struct ApplicationJSON: Content {
    let id: String; let program: String; let channel: String; let household: String?; let representative: String?; let borrower: String
    let group: String?; let organisation: String?; let unit: String; let amount: Int64; let termMonths: Int; let intervalMonths: Int
    let purpose: String; let collateral: String; let state: String; let submittedOn: String; let votedOn: String?; let certifiedOn: String?
    let preparedBy: String?; let decidedOn: String?; let decidedBy: String?; let reason: String; let loan: String?
    let beneficiaryGroup: String?
    let unitJobs: Int?
    let study: StudyJSON?
    init(_ a: LoanApplicationRecord) {
        study = a.study.map(StudyJSON.init)
        beneficiaryGroup = a.beneficiaryGroup
        unitJobs = a.unitJobs
        id = a.id; program = a.programCode; channel = a.channel.rawValue; household = a.householdID; representative = a.representativeID
        borrower = a.borrowerName; group = a.groupID; organisation = a.organisation; unit = a.unitID; amount = a.amount.dong
        termMonths = a.termMonths; intervalMonths = a.intervalMonths; purpose = a.purpose; collateral = a.collateral; state = a.state.rawValue
        submittedOn = a.submittedOn.iso; votedOn = a.votedOn?.iso; certifiedOn = a.certifiedOn?.iso; preparedBy = a.preparedBy
        decidedOn = a.decidedOn?.iso; decidedBy = a.decidedBy; reason = a.reason; loan = a.loanID
    }
}
struct ApplicationListJSON: Content { let items: [ApplicationJSON]; let total: Int }
struct ApplicationInput: Content {
    let household: String; let representative: String; let program: String; let amount: Int64; let termMonths: Int; let intervalMonths: Int?
    let purpose: String; let date: String?; let beneficiaryGroup: String?
    /// Students and courses, for a program lending per month of study.
    let study: StudyJSON?
}
struct DirectApplicationInput: Content {
    let borrower: String; let household: String?; let unitCode: Int; let program: String; let amount: Int64; let termMonths: Int
    let intervalMonths: Int?; let purpose: String; let collateral: String?; let date: String?; let beneficiaryGroup: String?
    /// Số lao động when the borrower is a unit.
    let unitJobs: Int?
    /// An orphaned student's course.
    let study: StudyJSON?
}
struct VettingInput: Content {
    struct Line: Content { let application: String; let agreed: Bool; let amount: Int64?; let termMonths: Int? }
    let date: String; let attendees: Int; let minutes: String; let decisions: [Line]
}
struct CertificationInput: Content { let date: String?; let applications: [String]; let certified: Bool?; let reason: String? }
struct DecisionInput: Content { let date: String?; let approve: Bool; let reason: String? }
struct StepInput: Content { let date: String?; let reason: String? }

/// Chất lượng tín dụng: one line of the report.
struct QualityJSON: Content {
    let key: String; let label: String; let loans: Int; let outstanding: Int64; let overdue: Int64; let frozen: Int64
    let overdueRatio: String; let overdueAndFrozenRatio: String; let interestArrears: Int64
}
struct QualityListJSON: Content { let asOf: String; let by: String; let items: [QualityJSON]; let total: QualityJSON }
