/// Trạng thái hồ sơ vay: from the form 01/TD to the bank's decision. API values are the raw values.
public enum ApplicationState: String, Sendable, Codable, CaseIterable {
    /// Nộp cho tổ trưởng (01/TD)
    case submitted
    /// Tổ đã bình xét, đưa vào danh sách 03/TD (biên bản 10C/TD)
    case voted
    /// Tổ không đồng ý
    case notVoted = "not_voted"
    /// UBND xã đã xác nhận danh sách
    case certified
    /// Xã không xác nhận (không cư trú, không đúng đối tượng)
    case notCertified = "not_certified"
    /// NHCSXH phê duyệt (04/TD)
    case approved
    /// NHCSXH từ chối, có lý do
    case rejected
    /// Người vay rút hồ sơ
    case withdrawn
    /// Đã giải ngân: hồ sơ trở thành khoản vay
    case disbursed

    public var label: String {
        switch self {
        case .submitted: "Đã nộp tổ"
        case .voted: "Tổ đã bình xét"
        case .notVoted: "Tổ không bình xét"
        case .certified: "Xã đã xác nhận"
        case .notCertified: "Xã không xác nhận"
        case .approved: "Ngân hàng đã phê duyệt"
        case .rejected: "Ngân hàng từ chối"
        case .withdrawn: "Đã rút hồ sơ"
        case .disbursed: "Đã giải ngân"
        }
    }

    /// Where an application may go next.
    public var next: Set<ApplicationState> {
        switch self {
        case .submitted: [.voted, .notVoted, .withdrawn]
        case .voted: [.certified, .notCertified, .withdrawn]
        case .certified: [.approved, .rejected, .withdrawn]
        case .approved: [.disbursed, .withdrawn]
        case .notVoted, .notCertified, .rejected, .withdrawn, .disbursed: []
        }
    }
}

/// Trạng thái khoản vay (lending.md, state machine). Partly repaid loans stay current.
public enum LoanState: String, Sendable, Codable, CaseIterable {
    case current
    /// Có kỳ hạn được điều chỉnh (điều chỉnh kỳ hạn nợ)
    case termAdjusted = "term_adjusted"
    case overdue
    /// Gia hạn nợ
    case extended
    /// Khoanh nợ: no interest during the freeze
    case frozen
    /// Xóa nợ
    case writtenOff = "written_off"
    /// Đã trả hết
    case repaid

    public var label: String {
        switch self {
        case .current: "Trong hạn"
        case .termAdjusted: "Đã điều chỉnh kỳ hạn"
        case .overdue: "Quá hạn"
        case .extended: "Đã gia hạn"
        case .frozen: "Khoanh nợ"
        case .writtenOff: "Đã xóa nợ"
        case .repaid: "Đã tất toán"
        }
    }

    public var next: Set<LoanState> {
        switch self {
        case .current: [.termAdjusted, .overdue, .extended, .frozen, .repaid]
        case .termAdjusted: [.current, .overdue, .extended, .frozen, .repaid]
        case .overdue: [.current, .extended, .frozen, .writtenOff, .repaid]
        case .extended: [.current, .overdue, .frozen, .writtenOff, .repaid]
        case .frozen: [.current, .overdue, .writtenOff, .repaid]
        case .writtenOff, .repaid: []
        }
    }
}

/// The one check every state change goes through.
public enum Transitions {
    public static func check(application from: ApplicationState, to: ApplicationState) throws(LendingError) {
        guard from.next.contains(to) else { throw .illegalTransition(from: from.label, to: to.label) }
    }

    public static func check(loan from: LoanState, to: LoanState) throws(LendingError) {
        guard from.next.contains(to) else { throw .illegalTransition(from: from.label, to: to.label) }
    }
}
