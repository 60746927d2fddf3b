/// Loại tài khoản: which side a balance normally sits on.
public enum AccountKind: String, Sendable, Codable, CaseIterable {
    case asset, liability, capital, income, expense

    public var label: String {
        switch self {
        case .asset: "Tài sản"
        case .liability: "Nợ phải trả"
        case .capital: "Nguồn vốn"
        case .income: "Thu nhập"
        case .expense: "Chi phí"
        }
    }
}

/// Tài khoản kế toán of the policy-credit book. Codes follow the bank's habit of four digits; the
/// list is the product's own (the bank's chart maps onto it in reports).
public struct Account: Sendable, Codable, Hashable {
    public let code: String
    public let name: String
    public let kind: AccountKind

    public init(code: String, name: String, kind: AccountKind) {
        self.code = code
        self.name = name
        self.kind = kind
    }
}

/// Hệ thống tài khoản: loans by status, interest, cash, members' savings, fees and commissions, and
/// the capital sources a disbursement draws on.
public enum ChartOfAccounts {
    public static let cash = Account(code: "1011", name: "Tiền mặt tại điểm giao dịch, phòng giao dịch", kind: .asset)
    public static let transfers = Account(code: "1113", name: "Tiền gửi thanh toán (chuyển khoản)", kind: .asset)
    public static let loansCurrent = Account(code: "2111", name: "Cho vay trong hạn", kind: .asset)
    public static let loansOverdue = Account(code: "2112", name: "Cho vay quá hạn", kind: .asset)
    public static let loansFrozen = Account(code: "2113", name: "Nợ khoanh", kind: .asset)
    public static let interestReceivable = Account(code: "3941", name: "Lãi phải thu", kind: .asset)
    public static let interestArrears = Account(code: "3942", name: "Lãi tồn (lãi chưa thu được đến hạn)", kind: .asset)
    public static let memberSavings = Account(code: "4211", name: "Tiền gửi của tổ viên tổ TK&VV", kind: .liability)
    public static let feesPayable = Account(code: "4591", name: "Phí ủy thác, hoa hồng phải trả", kind: .liability)
    /// Lãi hoàn trả người vay: interest a retroactive rate cut gives back beyond what the
    /// borrower still owed, paid out at the sitting.
    public static let interestRefundPayable = Account(
        code: "4592", name: "Lãi phải hoàn trả người vay do điều chỉnh lãi suất", kind: .liability)
    /// Lãi tiền gửi tổ viên phải trả: what members' savings earned each month, credited to
    /// their accounts on 30/6 and 31/12.
    public static let savingsInterestPayable = Account(
        code: "4913", name: "Lãi tiền gửi tổ viên phải trả", kind: .liability)
    public static let capitalCentral = Account(code: "4811", name: "Nguồn vốn trung ương", kind: .capital)
    public static let capitalProvince = Account(code: "4812", name: "Nguồn vốn ngân sách địa phương cấp tỉnh ủy thác", kind: .capital)
    public static let capitalCommune = Account(code: "4813", name: "Nguồn vốn ngân sách cấp xã ủy thác", kind: .capital)
    public static let capitalMobilised = Account(code: "4814", name: "Nguồn vốn huy động", kind: .capital)
    /// Vốn đã nhận theo nguồn: what each source has put at the bank's disposal in the province
    /// (allocations, less transfers out), by program on the line. 481x above count the same
    /// sources as drawn into loans at disbursement; the capital context reads these.
    public static let capitalReceivedCentral = Account(
        code: "4821", name: "Vốn trung ương đã nhận, theo chương trình", kind: .capital)
    public static let capitalReceivedProvince = Account(
        code: "4822", name: "Vốn ngân sách tỉnh ủy thác đã nhận, theo chương trình", kind: .capital)
    public static let capitalReceivedCommune = Account(
        code: "4823", name: "Vốn ngân sách cấp xã ủy thác đã nhận, theo chương trình",
        kind: .capital)
    public static let capitalReceivedMobilised = Account(
        code: "4824", name: "Vốn huy động đã nhận, theo chương trình", kind: .capital)
    /// Tài khoản trung gian chuyển sổ: the old book's balances come in against it and its
    /// control totals go out of it, so it comes to zero when the two agree.
    public static let bookMigration = Account(
        code: "1999", name: "Trung gian chuyển sổ cho vay từ hệ thống cũ", kind: .asset)
    public static let interestIncome = Account(code: "7021", name: "Thu lãi cho vay", kind: .income)
    public static let feesExpense = Account(code: "8011", name: "Chi phí ủy thác, hoa hồng", kind: .expense)
    public static let savingsInterestExpense = Account(code: "8012", name: "Chi trả lãi tiền gửi tổ viên", kind: .expense)
    public static let writeOffExpense = Account(code: "8821", name: "Xử lý nợ bị rủi ro (xóa nợ)", kind: .expense)

    public static let all: [Account] = [cash, transfers, loansCurrent, loansOverdue, loansFrozen, interestReceivable, interestArrears, bookMigration,
                                        memberSavings, feesPayable, interestRefundPayable, savingsInterestPayable,
                                        capitalCentral, capitalProvince, capitalCommune, capitalMobilised,
                                        capitalReceivedCentral, capitalReceivedProvince,
                                        capitalReceivedCommune, capitalReceivedMobilised,
                                        interestIncome, feesExpense, savingsInterestExpense, writeOffExpense]

    public static func account(_ code: String) -> Account? { all.first { $0.code == code } }

    /// Dư nợ gốc: the accounts a loan's outstanding principal sits on, by status.
    public static let principal: [Account] = [loansCurrent, loansOverdue, loansFrozen]

    /// Nguồn vốn: the accounts a disbursement draws its capital from, one per source.
    public static let capital: [Account] = [capitalCentral, capitalProvince, capitalCommune,
                                            capitalMobilised]
}
