/// Lỗi điều chỉnh lãi suất, each with a stable code and a Vietnamese message.
public enum RateAdjustmentError: DomainError, Equatable {
    case invalidID(String)
    case duplicate(String)
    case nameRequired
    case datesOutOfOrder
    case legalSourceRequired
    case invalidChange(String)
    case overlappingFactor(String)
    case unknownProgram(String)
    case notFound
    case alreadySettled(String)
    case refundNotFound
    case refundNotOwed(BusinessDate?)
    case payoutBeforeRefund(String)

    public var code: String {
        switch self {
        case .invalidID: "invalid_adjustment_id"
        case .duplicate: "duplicate_adjustment"
        case .nameRequired: "adjustment_name_required"
        case .datesOutOfOrder: "adjustment_dates_out_of_order"
        case .legalSourceRequired: "legal_source_required"
        case .invalidChange: "invalid_rate_change"
        case .overlappingFactor: "overlapping_factor"
        case .unknownProgram: "unknown_program"
        case .notFound: "adjustment_not_found"
        case .alreadySettled: "adjustment_settled"
        case .refundNotFound: "refund_not_found"
        case .refundNotOwed: "refund_not_owed"
        case .payoutBeforeRefund: "payout_before_refund"
        }
    }

    public var message: String {
        switch self {
        case .invalidID(let id):
            "Mã điều chỉnh «\(id.prefix(40))» không hợp lệ"
                + " (chữ, số, «-», «_», «.», tối đa 40 ký tự)."
        case .duplicate(let id): "Đã có điều chỉnh lãi suất mã «\(id.prefix(40))»."
        case .nameRequired: "Cần ghi tên điều chỉnh (tối đa 200 ký tự)."
        case .datesOutOfOrder: "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc."
        case .legalSourceRequired: "Cần ghi căn cứ pháp lý (số, ngày văn bản; tối đa 300 ký tự)."
        case .invalidChange(let text):
            "Mức điều chỉnh «\(text.prefix(40))» không hợp lệ: số điểm %/năm khác 0, tối đa ±20"
                + " (vd: -2), hoặc tỷ lệ từ 0 đến 200 % lãi suất."
        case .overlappingFactor(let id):
            "Điều chỉnh theo tỷ lệ trùng thời gian và phạm vi với «\(id.prefix(40))»."
        case .unknownProgram(let code): "Không có chương trình cho vay mã «\(code.prefix(40))»."
        case .notFound: "Không tìm thấy điều chỉnh lãi suất."
        case .refundNotFound: "Không tìm thấy khoản hoàn lãi (hoặc ngoài phạm vi của bạn)."
        case .refundNotOwed(let paid):
            paid.map { "Khoản hoàn lãi đã chi trả ngày \($0.vietnamese)." }
                ?? "Khoản hoàn lãi đã trừ hết vào lãi phải thu; không còn tiền phải chi trả."
        case .payoutBeforeRefund(let month):
            "Ngày chi trả phải từ ngày cuối tháng \(month) (ngày ghi hoàn lãi) trở đi."
        case .alreadySettled(let month):
            "Điều chỉnh đã được ghi sổ khi khóa sổ tháng \(month); không rút được, hãy lập điều"
                + " chỉnh ngược lại."
        }
    }

    public var kind: FailureKind {
        switch self {
        case .notFound, .refundNotFound: .notFound
        case .refundNotOwed, .payoutBeforeRefund: .ruleBroken
        case .duplicate, .overlappingFactor, .alreadySettled: .conflict
        case .unknownProgram, .datesOutOfOrder: .ruleBroken
        default: .malformed
        }
    }
}
