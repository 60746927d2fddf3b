import Foundation

/// Errors of lending, each with a stable code and a Vietnamese message.
public enum LendingError: DomainError, Equatable {
    case unknownProgram(String)
    case noParametersInForce(String, BusinessDate)
    case invalidParameters(String)
    case programClosed(String)
    case notEligible(String)
    case invalidAmount
    case aboveLoanCap(Money)
    case aboveHouseholdCap(cap: Money, outstanding: Money)
    case termTooLong(Int)
    case illegalTransition(from: String, to: String)

    public var code: String {
        switch self {
        case .unknownProgram: "unknown_program"
        case .noParametersInForce: "no_parameters_in_force"
        case .invalidParameters: "invalid_program_parameters"
        case .programClosed: "program_closed"
        case .notEligible: "not_eligible"
        case .invalidAmount: "invalid_amount"
        case .aboveLoanCap: "above_loan_cap"
        case .aboveHouseholdCap: "above_household_cap"
        case .termTooLong: "term_too_long"
        case .illegalTransition: "illegal_transition"
        }
    }

    public var message: String {
        switch self {
        case .unknownProgram(let code): "Không có chương trình cho vay mã «\(code)»."
        case .noParametersInForce(let code, let date): "Chương trình \(code) không có tham số hiệu lực vào ngày \(date.vietnamese)."
        case .invalidParameters(let why): "Tham số chương trình không hợp lệ: \(why)."
        case .programClosed(let name): "Chương trình «\(name)» đã dừng cho vay mới."
        case .notEligible(let why): "Không đủ điều kiện vay: \(why)."
        case .invalidAmount: "Số tiền vay phải lớn hơn 0."
        case .aboveLoanCap(let cap): "Số tiền vay vượt mức tối đa \(cap) một khoản vay."
        case .aboveHouseholdCap(let cap, let outstanding): "Tổng dư nợ của hộ (đang nợ \(outstanding)) sẽ vượt mức tối đa \(cap) một hộ."
        case .termTooLong(let months): "Thời hạn vay phải từ 1 đến \(months) tháng."
        case .illegalTransition(let from, let to): "Không thể chuyển từ «\(from)» sang «\(to)»."
        }
    }

    public var kind: FailureKind {
        switch self {
        case .unknownProgram: .notFound
        case .noParametersInForce, .invalidParameters, .invalidAmount: .malformed
        case .programClosed, .notEligible, .aboveLoanCap, .aboveHouseholdCap, .termTooLong, .illegalTransition: .ruleBroken
        }
    }
}
