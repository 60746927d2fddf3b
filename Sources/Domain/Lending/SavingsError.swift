/// Lỗi tiền gửi tiết kiệm của tổ viên, each with a stable code and a Vietnamese message.
public enum SavingsError: DomainError, Equatable {
    case accountNotFound
    case alreadyClosed(BusinessDate)
    case closeBeforeLastMovement(BusinessDate)
    case futureDate(BusinessDate)

    public var code: String {
        switch self {
        case .accountNotFound: "savings_account_not_found"
        case .alreadyClosed: "savings_account_closed"
        case .closeBeforeLastMovement: "close_before_last_movement"
        case .futureDate: "future_date"
        }
    }

    public var message: String {
        switch self {
        case .accountNotFound:
            "Không tìm thấy sổ tiết kiệm của hộ ở tổ này (hoặc ngoài phạm vi của bạn)."
        case .alreadyClosed(let on): "Sổ tiết kiệm đã tất toán ngày \(on.vietnamese)."
        case .closeBeforeLastMovement(let on):
            "Ngày tất toán phải từ ngày giao dịch cuối của sổ (\(on.vietnamese)) trở đi."
        case .futureDate(let on): "Ngày \(on.vietnamese) ở tương lai."
        }
    }

    public var kind: FailureKind {
        switch self {
        case .accountNotFound: .notFound
        case .alreadyClosed: .conflict
        case .closeBeforeLastMovement, .futureDate: .ruleBroken
        }
    }
}
