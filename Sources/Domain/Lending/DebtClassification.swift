import Foundation

/// Phân loại dư nợ cuối năm (31/12) theo Quyết định 976/QĐ-TTg: the book's balance counted along
/// each of the axes the yearly report states. One loan counts once on every axis, so each axis
/// sums to the same total.
public enum ClassificationAxis: String, Sendable, Codable, CaseIterable {
    case program, term, status, security, source, channel, area, ethnicity

    public var label: String {
        switch self {
        case .program: "Chương trình"
        case .term: "Thời hạn"
        case .status: "Trạng thái nợ"
        case .security: "Bảo đảm tiền vay"
        case .source: "Nguồn vốn"
        case .channel: "Phương thức, tổ chức nhận ủy thác"
        case .area: "Địa bàn (xã/phường)"
        case .ethnicity: "Dân tộc của chủ hộ"
        }
    }
}

/// Thời hạn cho vay: ngắn hạn (đến 12 tháng), trung hạn (trên 12 đến 60), dài hạn (trên 60).
public enum TermClass: String, Sendable, Codable, CaseIterable {
    case short, medium, long

    public init(months: Int) {
        self = months <= 12 ? .short : months <= 60 ? .medium : .long
    }

    public var label: String {
        switch self {
        case .short: "Ngắn hạn (đến 12 tháng)"
        case .medium: "Trung hạn (trên 12 đến 60 tháng)"
        case .long: "Dài hạn (trên 60 tháng)"
        }
    }
}

/// One loan as the classification reads it at the year's end.
public struct ClassifiedLoan: Sendable, Equatable {
    public var programCode: String
    public var programName: String
    public var termMonths: Int
    public var state: LoanState
    /// Có tài sản bảo đảm: the application names a collateral (a group loan is tín chấp).
    public var secured: Bool
    public var source: CapitalSource?
    /// The entrusted organisation, nil for a direct loan.
    public var organisation: Organisation?
    public var unitID: String
    public var unitName: String
    /// The head of the borrowing household's ethnic group (code, name); nil for a unit.
    public var ethnicity: (code: String, name: String)?
    public var outstanding: Money
    public var overdue: Money
    public var frozen: Money

    public init(
        programCode: String, programName: String, termMonths: Int, state: LoanState,
        secured: Bool, source: CapitalSource?, organisation: Organisation?, unitID: String,
        unitName: String, ethnicity: (code: String, name: String)?, outstanding: Money,
        overdue: Money, frozen: Money
    ) {
        self.programCode = programCode
        self.programName = programName
        self.termMonths = termMonths
        self.state = state
        self.secured = secured
        self.source = source
        self.organisation = organisation
        self.unitID = unitID
        self.unitName = unitName
        self.ethnicity = ethnicity
        self.outstanding = outstanding
        self.overdue = overdue
        self.frozen = frozen
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.programCode == b.programCode && a.termMonths == b.termMonths && a.state == b.state
            && a.secured == b.secured && a.source == b.source && a.organisation == b.organisation
            && a.unitID == b.unitID && a.ethnicity?.code == b.ethnicity?.code
            && a.outstanding == b.outstanding && a.overdue == b.overdue && a.frozen == b.frozen
    }

    /// Where the loan counts on an axis: a stable key and its label.
    public func place(on axis: ClassificationAxis) -> (key: String, label: String) {
        switch axis {
        case .program: (programCode, programName)
        case .term:
            (TermClass(months: termMonths).rawValue, TermClass(months: termMonths).label)
        case .status: (state.rawValue, state.label)
        case .security: secured ? ("secured", "Có tài sản bảo đảm") : ("unsecured", "Tín chấp")
        case .source: (source?.rawValue ?? "unknown", source?.label ?? "Chưa rõ nguồn vốn")
        case .channel:
            organisation.map { ($0.rawValue, "Ủy thác qua \($0.label)") }
                ?? ("direct", "Cho vay trực tiếp")
        case .area: (unitID, unitName)
        case .ethnicity:
            ethnicity.map { ($0.code, $0.name) } ?? ("none", "Không phải hộ gia đình")
        }
    }
}

/// A line of the classification: one place on one axis with the balance counted there.
public struct ClassificationRow: Sendable, Codable, Equatable {
    /// nil on the total line.
    public var axis: ClassificationAxis?
    public var key: String
    public var label: String
    public var loans: Int
    public var outstanding: Money
    public var current: Money
    public var overdue: Money
    public var frozen: Money
}

public enum DebtClassification {
    /// Every axis's rows (in the axes' order, each by label) and the total. A loan's current
    /// balance is what is neither overdue nor frozen.
    public static func rows(
        _ loans: [ClassifiedLoan]
    ) throws(MoneyError) -> (rows: [ClassificationRow], total: ClassificationRow) {
        var total = ClassificationRow(
            axis: nil, key: "total", label: "Tổng cộng", loans: 0, outstanding: .zero,
            current: .zero, overdue: .zero, frozen: .zero)
        var rows: [ClassificationRow] = []
        for axis in ClassificationAxis.allCases {
            var byKey: [String: ClassificationRow] = [:]
            for loan in loans {
                let (key, label) = loan.place(on: axis)
                var row =
                    byKey[key]
                    ?? ClassificationRow(
                        axis: axis, key: key, label: label, loans: 0, outstanding: .zero,
                        current: .zero, overdue: .zero, frozen: .zero)
                try add(loan, to: &row)
                byKey[key] = row
            }
            rows += byKey.values.sorted { ($0.label, $0.key) < ($1.label, $1.key) }
        }
        for loan in loans { try add(loan, to: &total) }
        return (rows, total)
    }

    static func add(_ loan: ClassifiedLoan, to row: inout ClassificationRow) throws(MoneyError) {
        row.loans += 1
        row.outstanding = try row.outstanding.adding(loan.outstanding)
        row.overdue = try row.overdue.adding(loan.overdue)
        row.frozen = try row.frozen.adding(loan.frozen)
        row.current = try row.current.adding(
            try loan.outstanding.subtracting(try loan.overdue.adding(loan.frozen)))
    }
}

extension ClassifiedLoan {
    /// A collateral named on the application makes the loan secured; blank, or the words
    /// «tín chấp» / «không», does not.
    public static func isSecured(collateral: String) -> Bool {
        let text = collateral.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        return !text.isEmpty && !text.hasPrefix("tín chấp")
            && !["không", "khong", "-"].contains(text)
    }
}
