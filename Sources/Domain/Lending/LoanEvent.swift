/// Something that happened to a loan: disbursed, repaid, adjusted, extended, frozen, written off,
/// reversed.
public struct LoanEvent: Sendable, Codable, Equatable {
    public typealias ID = Identifier<LoanEvent>

    public var id: ID
    public var kind: LoanEventKind
    public var on: BusinessDate
    /// Signed change of the outstanding principal.
    public var principal: Money
    /// Interest paid (repayment, + ; its reversal, −) or written off.
    public var interest: Money
    public var method: PaymentMethod?
    public var capitalSource: CapitalSource?
    public var entryID: EntryID?
    /// The event a reversal undoes.
    public var reverses: ID?
    public var reversed: Bool
    public var details: String
    public var actor: String

    public init(
        id: ID, kind: LoanEventKind, on: BusinessDate, principal: Money, interest: Money,
        method: PaymentMethod? = nil, capitalSource: CapitalSource? = nil, entryID: EntryID? = nil,
        reverses: ID? = nil, reversed: Bool = false, details: String = "", actor: String = ""
    ) {
        self.id = id
        self.kind = kind
        self.on = on
        self.principal = principal
        self.interest = interest
        self.method = method
        self.capitalSource = capitalSource
        self.entryID = entryID
        self.reverses = reverses
        self.reversed = reversed
        self.details = details
        self.actor = actor
    }
}

public enum LoanEventKind: String, Sendable, Codable, CaseIterable {
    case disbursement, repayment, reversal
    case termAdjustment = "term_adjustment"
    case `extension`, freeze
    case freezeEnd = "freeze_end"
    /// Khoanh nợ bổ sung: the freeze runs longer (its details carry the window after).
    case freezeExtension = "freeze_extension"
    case interestWriteOff = "interest_write_off"
    case writeOff = "write_off"
    case recall
    /// The instalments' due date followed a sitting moved for a holiday.
    case dueMoved = "due_moved"
    /// Hoàn lãi: a retroactive rate cut gave back interest of closed months (the interest is
    /// minus what the borrower is owed back).
    case interestRefund = "interest_refund"

    public var label: String {
        switch self {
        case .disbursement: "Giải ngân"
        case .repayment: "Thu nợ"
        case .reversal: "Đảo bút toán"
        case .termAdjustment: "Điều chỉnh kỳ hạn nợ"
        case .extension: "Gia hạn nợ"
        case .freeze: "Khoanh nợ"
        case .freezeEnd: "Hết khoanh nợ"
        case .freezeExtension: "Khoanh nợ bổ sung"
        case .interestWriteOff: "Xóa nợ lãi"
        case .writeOff: "Xóa nợ gốc và lãi"
        case .recall: "Thu hồi nợ trước hạn"
        case .dueMoved: "Dời hạn trả theo phiên giao dịch dời ngày"
        case .interestRefund: "Hoàn lãi do điều chỉnh lãi suất"
        }
    }
}
