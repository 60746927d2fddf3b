import Foundation

/// Errors of oversight (kiểm tra, giám sát): inspections, findings and cases, loan-use check
/// plans, exemplary models, contributions, black-credit reports and directive tasks. Each has a
/// stable code and a Vietnamese message.
public enum OversightError: DomainError, Equatable {
    /// A field the user typed is missing or out of bounds; `field` names it for the API.
    case invalid(field: String, why: String)
    /// The record does not exist or lies outside the reader's scope (the same answer for both).
    case notFound(String)
    /// A finding or case cannot move from its status to the one asked.
    case transitionRefused(from: String, to: String, why: String)
    /// An uploaded file is not an image this product stores, or is too large.
    case unsupportedFile(String)

    public var code: String {
        switch self {
        case .invalid: "invalid_oversight_input"
        case .notFound: "oversight_record_not_found"
        case .transitionRefused: "case_transition_refused"
        case .unsupportedFile: "unsupported_file"
        }
    }

    public var message: String {
        switch self {
        case .invalid(_, let why): "Dữ liệu không hợp lệ: \(why)."
        case .notFound(let what): "Không tìm thấy \(what) (hoặc ngoài phạm vi của bạn)."
        case .transitionRefused(let from, let to, let why):
            "Không thể chuyển từ trạng thái \(from) sang \(to): \(why)."
        case .unsupportedFile(let why): "Tệp không được nhận: \(why)."
        }
    }

    public var details: [ErrorDetail] {
        guard case .invalid(let field, let why) = self else { return [] }
        return [ErrorDetail(field: field, code: "invalid", message: why)]
    }

    public var kind: FailureKind {
        switch self {
        case .notFound: .notFound
        case .invalid, .transitionRefused, .unsupportedFile: .ruleBroken
        }
    }
}
