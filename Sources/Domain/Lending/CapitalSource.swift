/// Nguồn vốn a disbursement draws on, so that what the local budget financed stays traceable.
public enum CapitalSource: String, Sendable, Codable, CaseIterable {
    /// Nguồn vốn trung ương
    case central
    /// Ngân sách địa phương cấp tỉnh ủy thác qua NHCSXH
    case province
    /// Ngân sách cấp xã ủy thác
    case commune
    /// Vốn huy động
    case mobilised

    public var label: String {
        switch self {
        case .central: "Nguồn vốn trung ương"
        case .province: "Ngân sách tỉnh ủy thác"
        case .commune: "Ngân sách xã ủy thác"
        case .mobilised: "Vốn huy động"
        }
    }

    public var account: Account {
        switch self {
        case .central: ChartOfAccounts.capitalCentral
        case .province: ChartOfAccounts.capitalProvince
        case .commune: ChartOfAccounts.capitalCommune
        case .mobilised: ChartOfAccounts.capitalMobilised
        }
    }
}

/// Tiền mặt or chuyển khoản: which account the money leaves or enters by.
public enum PaymentMethod: String, Sendable, Codable, CaseIterable {
    case cash, transfer

    public var label: String { self == .cash ? "Tiền mặt" : "Chuyển khoản" }
    public var account: Account { self == .cash ? ChartOfAccounts.cash : ChartOfAccounts.transfers }
}
