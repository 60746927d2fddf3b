import Foundation

/// Errors of the capital context, each with a stable code and a Vietnamese message.
public enum CapitalError: DomainError, Equatable {
    case invalid(field: String, why: String)
    case sourceNotAtLevel(CapitalSource, CapitalLevel)
    case sourceNotForRole(CapitalSource)
    case insufficientCapital(program: String, available: Money, wanted: Money)
    case movementNotFound
    case alreadyReversed

    public var code: String {
        switch self {
        case .invalid: "invalid_capital_movement"
        case .sourceNotAtLevel: "capital_source_not_at_level"
        case .sourceNotForRole: "capital_source_not_for_role"
        case .insufficientCapital: "insufficient_capital"
        case .movementNotFound: "capital_movement_not_found"
        case .alreadyReversed: "capital_movement_already_reversed"
        }
    }

    public var message: String {
        switch self {
        case .invalid(_, let why): "Biến động vốn không hợp lệ: \(why)."
        case .sourceNotAtLevel(let source, let level):
            "\(source.label) không cấp ở \(level.label); vốn cấp xã là ngân sách xã ủy thác."
        case .sourceNotForRole(let source):
            "Vai trò của bạn không ghi \(source.label.lowercased()): Sở Tài chính ghi vốn ngân "
                + "sách địa phương, NHCSXH ghi vốn trung ương và vốn huy động."
        case .insufficientCapital(let program, let available, let wanted):
            "Chương trình \(program) chỉ còn \(available.formatted()) của nguồn này, không đủ để "
                + "điều chuyển \(wanted.formatted())."
        case .movementNotFound: "Không tìm thấy biến động vốn (hoặc ngoài phạm vi của bạn)."
        case .alreadyReversed: "Biến động vốn này đã được hủy bằng bút toán đảo."
        }
    }

    public var details: [ErrorDetail] {
        guard case .invalid(let field, let why) = self else { return [] }
        return [ErrorDetail(field: field, code: "invalid", message: why)]
    }

    public var kind: FailureKind {
        switch self {
        case .movementNotFound: .notFound
        case .sourceNotForRole: .forbidden
        case .alreadyReversed: .conflict
        case .invalid, .sourceNotAtLevel, .insufficientCapital: .ruleBroken
        }
    }
}
