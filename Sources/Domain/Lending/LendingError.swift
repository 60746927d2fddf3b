import Foundation

/// Errors of lending, each with a stable code and a Vietnamese message.
public enum LendingError: DomainError, Equatable {
    case unknownProgram(String)
    case noParametersInForce(String, BusinessDate)
    /// The loan's set is priced on the anchor and no anchor value is known on that day.
    case noRateOnDate(String, BusinessDate)
    /// A stored loan names no parameter set (or one the store no longer has).
    case loanWithoutParameterSet(String)
    /// A beneficiary group the program's set in force does not name.
    case unknownBeneficiaryGroup(String, String)
    /// A re-pricing act dated in or before a closed month: it would rewrite that month.
    case repricingIntoClosedMonth(from: BusinessDate, closed: String)
    case invalidParameters(String)
    case programClosed(String)
    case notEligible(String)
    case invalidAmount
    case aboveLoanCap(Money)
    case aboveHouseholdCap(cap: Money, outstanding: Money)
    /// Above what a unit may borrow for its project: the lower of the per-project cap and the
    /// per-job cap times the jobs the project makes or keeps.
    case aboveUnitCap(cap: Money, caps: UnitCaps, jobs: Int)
    /// The program lends to units with no caps for them, or a unit's project names no job.
    case unitsNotLent(String)
    case termTooLong(Int)
    case illegalTransition(from: String, to: String)
    case applicationNotFound
    case loanNotFound
    case futureDate(BusinessDate)
    case beforeDisbursement(BusinessDate)
    /// A tranche dated before the application was approved.
    case beforeApproval(BusinessDate)
    case loanClosed(String)
    case principalAboveOutstanding(Money)
    case interestAboveDue(Money)
    case approverIsPreparer
    case notPrepared
    case borrowerNotInGroup
    case borrowerNotAdult
    case wrongStage(String)
    case aboveApproved(Money)
    case riskLimit(String)
    case reasonRequired
    case badCollectionLines([ErrorDetail])
    case cashMismatch(counted: Money, lines: Money)
    /// Nhập sổ cũ: rows the book import cannot take (nothing was written).
    case bookImportFailed([ErrorDetail])
    /// Nhập sổ cũ: the book after the import differs from the branch's control totals.
    case bookDiffers([ErrorDetail])
    /// A student contract that breaks Decision 157/2007 as amended (CHANGES 2026-12-01 item 4).
    case studyPlan(String)
    /// A student loan's tranche without the school's confirmation of the semester or year.
    case schoolConfirmationRequired
    /// A loan-use check or impact outside its bounds.
    case invalidImpact(String)
    /// Danh mục điều kiện xóa nợ: the conditions a file does not meet.
    case writeOffConditions([ErrorDetail])
    /// No condition is in force on the date: the checklist must be entered first.
    case noWriteOffConditions(BusinessDate)
    case invalidWriteOffCondition(String)
    case writeOffBatchNotFound
    /// The loan already has a file in a batch not yet decided.
    case alreadyInBatch(String)

    public var code: String {
        switch self {
        case .unknownProgram: "unknown_program"
        case .noParametersInForce: "no_parameters_in_force"
        case .noRateOnDate: "no_rate_on_date"
        case .loanWithoutParameterSet: "loan_without_parameter_set"
        case .unknownBeneficiaryGroup: "unknown_beneficiary_group"
        case .repricingIntoClosedMonth: "repricing_into_closed_month"
        case .invalidParameters: "invalid_program_parameters"
        case .programClosed: "program_closed"
        case .notEligible: "not_eligible"
        case .invalidAmount: "invalid_amount"
        case .aboveLoanCap: "above_loan_cap"
        case .aboveHouseholdCap: "above_household_cap"
        case .aboveUnitCap: "above_unit_cap"
        case .unitsNotLent: "units_not_lent"
        case .termTooLong: "term_too_long"
        case .illegalTransition: "illegal_transition"
        case .applicationNotFound: "application_not_found"
        case .loanNotFound: "loan_not_found"
        case .futureDate: "future_date"
        case .beforeDisbursement: "before_disbursement"
        case .beforeApproval: "before_approval"
        case .loanClosed: "loan_closed"
        case .principalAboveOutstanding: "principal_above_outstanding"
        case .interestAboveDue: "interest_above_due"
        case .approverIsPreparer: "approver_is_preparer"
        case .notPrepared: "not_prepared"
        case .borrowerNotInGroup: "borrower_not_in_group"
        case .borrowerNotAdult: "borrower_not_adult"
        case .wrongStage: "wrong_stage"
        case .aboveApproved: "above_approved"
        case .riskLimit: "risk_limit"
        case .reasonRequired: "reason_required"
        case .badCollectionLines: "invalid_collection_lines"
        case .cashMismatch: "cash_mismatch"
        case .bookImportFailed: "import_failed"
        case .bookDiffers: "book_differs"
        case .studyPlan: "invalid_study_plan"
        case .schoolConfirmationRequired: "school_confirmation_required"
        case .invalidImpact: "invalid_impact"
        case .writeOffConditions: "write_off_conditions_not_met"
        case .noWriteOffConditions: "no_write_off_conditions"
        case .invalidWriteOffCondition: "invalid_write_off_condition"
        case .writeOffBatchNotFound: "write_off_batch_not_found"
        case .alreadyInBatch: "already_in_write_off_batch"
        }
    }

    public var message: String {
        switch self {
        case .unknownProgram(let code): "Không có chương trình cho vay mã «\(code)»."
        case .noParametersInForce(let code, let date): "Chương trình \(code) không có tham số hiệu lực vào ngày \(date.vietnamese)."
        case .noRateOnDate(let code, let date):
            "Chương trình \(code) tính lãi theo lãi suất cho vay hộ nghèo, nhưng chưa có mức lãi suất đó"
                + " vào ngày \(date.vietnamese): cần bổ sung bảng lãi suất trước khi ghi khoản vay."
        case .repricingIntoClosedMonth(let from, let closed):
            "Văn bản áp dụng cho dư nợ hiện có từ ngày \(from.vietnamese), nhưng tháng \(closed) đã khóa sổ:"
                + " không tính lại tháng đã khóa; hãy ghi một điều chỉnh lãi suất trong tháng đang mở."
        case .unknownBeneficiaryGroup(let program, let group):
            "Chương trình \(program) không có nhóm đối tượng «\(group)» trong bộ tham số đang áp dụng."
        case .loanWithoutParameterSet(let loan):
            "Khoản vay \(loan) không gắn bộ tham số (lãi suất) nào: cần bổ sung bộ tham số của chương trình."
        case .invalidParameters(let why): "Tham số chương trình không hợp lệ: \(why)."
        case .programClosed(let name): "Chương trình «\(name)» đã dừng cho vay mới."
        case .notEligible(let why): "Không đủ điều kiện vay: \(why)."
        case .invalidAmount: "Số tiền vay phải lớn hơn 0."
        case .aboveLoanCap(let cap): "Số tiền vay vượt mức tối đa \(cap) một khoản vay."
        case .aboveHouseholdCap(let cap, let outstanding): "Tổng dư nợ của hộ (đang nợ \(outstanding)) sẽ vượt mức tối đa \(cap) một hộ."
        case .aboveUnitCap(let cap, let caps, let jobs):
            "Số tiền vay vượt mức tối đa \(cap) của đơn vị: \(caps.perProject) một dự án, "
                + "\(caps.perJob) cho mỗi lao động được tạo việc làm (\(jobs) lao động)."
        case .unitsNotLent(let reason): "Không cho đơn vị vay: \(reason)."
        case .termTooLong(let months): "Thời hạn vay phải từ 1 đến \(months) tháng."
        case .illegalTransition(let from, let to): "Không thể chuyển từ «\(from)» sang «\(to)»."
        case .applicationNotFound: "Không tìm thấy hồ sơ vay (hoặc hồ sơ ngoài phạm vi của bạn)."
        case .loanNotFound: "Không tìm thấy khoản vay (hoặc khoản vay ngoài phạm vi của bạn)."
        case .futureDate(let date): "Ngày \(date.vietnamese) ở tương lai."
        case .beforeDisbursement(let date): "Ngày trước ngày giải ngân \(date.vietnamese)."
        case .beforeApproval(let date): "Ngày giải ngân trước ngày phê duyệt \(date.vietnamese)."
        case .loanClosed(let state): "Khoản vay đã ở trạng thái «\(state)», không nhận thêm giao dịch."
        case .principalAboveOutstanding(let outstanding): "Số tiền gốc trả vượt dư nợ gốc \(outstanding)."
        case .interestAboveDue(let due): "Số tiền lãi trả vượt số lãi phải trả đến ngày trả (\(due))."
        case .approverIsPreparer: "Người phê duyệt phải khác cán bộ đã thẩm định hồ sơ."
        case .notPrepared: "Hồ sơ chưa được cán bộ tín dụng thẩm định, chưa thể phê duyệt."
        case .borrowerNotInGroup: "Hộ vay không phải là tổ viên của tổ vào ngày này."
        case .borrowerNotAdult: "Người đại diện hộ vay phải là thành viên của hộ, từ đủ 18 tuổi."
        case .wrongStage(let stage): "Hồ sơ đang ở bước «\(stage)», không làm được việc này."
        case .aboveApproved(let amount): "Số tiền giải ngân vượt số tiền được duyệt còn lại (\(amount))."
        case .riskLimit(let why): "Vượt giới hạn xử lý nợ: \(why)."
        case .reasonRequired: "Cần ghi lý do."
        case .badCollectionLines(let details): "Bảng kê có \(details.count) lỗi; không dòng nào được ghi. " + details.prefix(3).map { $0.message }.joined(separator: " ")
        case .cashMismatch(let counted, let lines): "Tiền mặt thực thu \(counted) khác tổng các dòng \(lines) (chênh \(Money(dong: counted.dong - lines.dong))); không ghi gì."
        case .bookImportFailed(let details):
            "Tệp có \(details.count) lỗi; chưa ghi khoản vay nào. Sửa các lỗi rồi nhập lại."
        case .bookDiffers(let details):
            "Sổ sau khi nhập khác số kiểm soát của chi nhánh ở \(details.count) chỉ tiêu;"
                + " chưa ghi gì."
                + " Đối chiếu lại, hoặc nhập kèm tùy chọn ghi nhận chênh lệch để xử lý sau."
        case .studyPlan(let why): "Hợp đồng cho vay học sinh, sinh viên: \(why)."
        case .invalidImpact(let why): "Kết quả sử dụng vốn vay: \(why)."
        case .writeOffConditions(let details):
            "Hồ sơ xóa nợ chưa đủ điều kiện (\(details.count) điểm); chưa ghi gì. "
                + details.prefix(3).map(\.message).joined(separator: " ")
        case .noWriteOffConditions(let date):
            "Chưa có danh mục điều kiện xóa nợ hiệu lực vào ngày \(date.vietnamese):"
                + " cần nhập danh mục trước."
        case .invalidWriteOffCondition(let why): "Điều kiện xóa nợ không hợp lệ: \(why)."
        case .writeOffBatchNotFound:
            "Không tìm thấy đợt xóa nợ (hoặc đợt ngoài phạm vi của bạn)."
        case .alreadyInBatch(let batch):
            "Khoản vay đã có hồ sơ trong đợt xóa nợ «\(batch)» chưa được quyết định."
        case .schoolConfirmationRequired:
            "Giải ngân cho học sinh, sinh viên cần giấy xác nhận của nhà trường (số, ngày)"
                + " cho học kỳ hoặc năm học."
        }
    }

    public var details: [ErrorDetail] {
        switch self {
        case .badCollectionLines(let details), .bookImportFailed(let details),
            .bookDiffers(let details), .writeOffConditions(let details):
            details
        default: []
        }
    }

    public var kind: FailureKind {
        switch self {
        case .unknownProgram, .applicationNotFound, .loanNotFound, .writeOffBatchNotFound:
            .notFound
        case .writeOffConditions, .noWriteOffConditions, .invalidWriteOffCondition,
            .alreadyInBatch:
            .ruleBroken
        case .futureDate, .beforeDisbursement, .beforeApproval, .principalAboveOutstanding,
            .interestAboveDue, .aboveApproved, .reasonRequired:
            .ruleBroken
        case .badCollectionLines, .cashMismatch, .bookImportFailed, .bookDiffers: .ruleBroken
        case .loanClosed, .approverIsPreparer, .notPrepared, .borrowerNotInGroup, .borrowerNotAdult, .wrongStage, .riskLimit: .ruleBroken
        case .invalidAmount: .malformed
        // Parameters in force are reference data: the request is well formed, the data refuses it.
        case .noParametersInForce, .invalidParameters, .noRateOnDate, .loanWithoutParameterSet,
             .repricingIntoClosedMonth, .unknownBeneficiaryGroup: .ruleBroken
        case .programClosed, .notEligible, .aboveLoanCap, .aboveHouseholdCap, .termTooLong, .illegalTransition: .ruleBroken
        case .aboveUnitCap, .unitsNotLent, .studyPlan, .schoolConfirmationRequired,
            .invalidImpact:
            .ruleBroken
        }
    }
}
