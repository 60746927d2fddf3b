import Foundation

/// Cấp ngân sách: the province's own capital, or a commune's (the districts' legacy budgets
/// were taken over by the communes on 01/07/2025).
public enum CapitalLevel: String, Sendable, Codable, CaseIterable {
    case province, commune

    public var label: String { self == .province ? "cấp tỉnh" : "cấp xã" }

    /// The sources a unit of the level puts capital from: a commune only its own budget.
    public var sources: [CapitalSource] {
        self == .commune ? [.commune] : [.central, .province, .mobilised]
    }
}

extension CapitalSource {
    /// Vốn ngân sách địa phương ủy thác: the numerator of the 15 % share.
    public var isLocalBudget: Bool { self == .province || self == .commune }

    /// Where capital received from the source is credited (by program, on the line).
    public var receivedAccount: Account {
        switch self {
        case .central: ChartOfAccounts.capitalReceivedCentral
        case .province: ChartOfAccounts.capitalReceivedProvince
        case .commune: ChartOfAccounts.capitalReceivedCommune
        case .mobilised: ChartOfAccounts.capitalReceivedMobilised
        }
    }

    /// The Department of Finance records the local budget's capital, the bank the central and
    /// mobilised capital it receives; an administrator either.
    public func mayBeRecorded(by role: Role) -> Bool {
        switch role {
        case .admin: true
        case .finance: isLocalBudget
        case .bank: !isLocalBudget
        default: false
        }
    }
}

/// Quyết định cấp vốn: the act that puts capital at the bank's disposal (a People's Council
/// resolution, a Department of Finance decision, the head office's quota letter).
public struct CapitalDecision: Sendable, Codable, Equatable {
    public var number: String
    public var date: BusinessDate

    public init(number: String, date: BusinessDate) {
        self.number = number
        self.date = date
    }
}

/// Một lần cấp vốn: capital from a source, for a program, in the province or one commune.
public struct CapitalAllocation: Sendable, Codable, Equatable {
    public var source: CapitalSource
    public var level: CapitalLevel
    /// The province's or the commune's unit id.
    public var unitID: String
    public var programCode: String
    public var amount: Money
    /// Ngày vốn về: the business date the money is received.
    public var receivedOn: BusinessDate
    public var decision: CapitalDecision
    public var note: String

    public init(
        source: CapitalSource, level: CapitalLevel, unitID: String, programCode: String,
        amount: Money, receivedOn: BusinessDate, decision: CapitalDecision, note: String = ""
    ) {
        self.source = source
        self.level = level
        self.unitID = unitID
        self.programCode = programCode
        self.amount = amount
        self.receivedOn = receivedOn
        self.decision = decision
        self.note = note
    }
}

/// Điều chuyển vốn giữa chương trình: capital of one source, in one unit, moved from one
/// program to another by a decision.
public struct CapitalTransfer: Sendable, Codable, Equatable {
    public var source: CapitalSource
    public var unitID: String
    public var fromProgram: String
    public var toProgram: String
    public var amount: Money
    public var on: BusinessDate
    public var decision: CapitalDecision
    public var note: String

    public init(
        source: CapitalSource, unitID: String, fromProgram: String, toProgram: String,
        amount: Money, on: BusinessDate, decision: CapitalDecision, note: String = ""
    ) {
        self.source = source
        self.unitID = unitID
        self.fromProgram = fromProgram
        self.toProgram = toProgram
        self.amount = amount
        self.on = on
        self.decision = decision
        self.note = note
    }
}
