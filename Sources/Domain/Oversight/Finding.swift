import Foundation

/// Nguồn của phát hiện: an inspection, a loan-use check, a black-credit report.
public enum FindingSource: String, Sendable, Codable, CaseIterable {
    case inspection
    case useCheck = "use_check"
    case blackCredit = "black_credit"

    public var label: String {
        switch self {
        case .inspection: "Kiểm tra, giám sát"
        case .useCheck: "Kiểm tra sử dụng vốn vay"
        case .blackCredit: "Tín dụng đen"
        }
    }
}

/// Loại phát hiện.
public enum FindingCategory: String, Sendable, Codable, CaseIterable {
    case wrongPurpose = "wrong_purpose"
    case overdueDebt = "overdue_debt"
    case groupOperations = "group_operations"
    case records
    case misappropriation
    case eligibility
    case transactionPoint = "transaction_point"
    case blackCredit = "black_credit"
    case other

    public var label: String {
        switch self {
        case .wrongPurpose: "Sử dụng vốn sai mục đích"
        case .overdueDebt: "Nợ quá hạn, nợ lãi tồn đọng"
        case .groupOperations: "Hoạt động của Tổ TK&VV"
        case .records: "Hồ sơ, sổ sách, chứng từ"
        case .misappropriation: "Xâm tiêu, chiếm dụng"
        case .eligibility: "Cho vay sai đối tượng"
        case .transactionPoint: "Điểm giao dịch xã"
        case .blackCredit: "Tín dụng đen"
        case .other: "Khác"
        }
    }
}

/// Đối tượng của phát hiện: the loans or groups it concerns.
public struct FindingSubject: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable, CaseIterable { case loan, group }
    public var kind: Kind
    public var id: String

    public init(kind: Kind, id: String) {
        self.kind = kind
        self.id = id
    }
}

/// A finding as typed: what was found, what must be done, by whom, by when.
public struct NewFinding: Sendable, Equatable {
    public var category: FindingCategory
    public var description: String
    /// Biện pháp, yêu cầu khắc phục.
    public var requiredAction: String
    /// Người, đơn vị chịu trách nhiệm khắc phục.
    public var responsible: String
    public var dueOn: BusinessDate?
    public var priority: CasePriority
    public var subjects: [FindingSubject]

    public init(
        category: FindingCategory, description: String, requiredAction: String,
        responsible: String, dueOn: BusinessDate?, priority: CasePriority,
        subjects: [FindingSubject]
    ) {
        self.category = category
        self.description = description
        self.requiredAction = requiredAction
        self.responsible = responsible
        self.dueOn = dueOn
        self.priority = priority
        self.subjects = subjects
    }

    public static let textLimit = 2_000
    public static let nameLimit = 200
    public static let subjectLimit = 200

    /// Trimmed and bounded, the subjects distinct, the due date not before the day found.
    public func checked(foundOn: BusinessDate) throws(OversightError) -> NewFinding {
        var f = self
        f.description = description.trimmingCharacters(in: .whitespacesAndNewlines)
        f.requiredAction = requiredAction.trimmingCharacters(in: .whitespacesAndNewlines)
        f.responsible = responsible.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...Self.textLimit).contains(f.description.count) else {
            throw .invalid(field: "description", why: "ghi nội dung phát hiện (tối đa 2.000 ký tự)")
        }
        guard f.requiredAction.count <= Self.textLimit else {
            throw .invalid(field: "action", why: "yêu cầu khắc phục tối đa 2.000 ký tự")
        }
        guard (1...Self.nameLimit).contains(f.responsible.count) else {
            throw .invalid(field: "responsible", why: "ghi người hoặc đơn vị chịu trách nhiệm")
        }
        if let dueOn = f.dueOn, dueOn < foundOn {
            throw .invalid(field: "dueOn", why: "hạn khắc phục trước ngày phát hiện")
        }
        var seen = Set<FindingSubject>()
        f.subjects = subjects.filter { !$0.id.isEmpty && seen.insert($0).inserted }
        guard f.subjects.count <= Self.subjectLimit else {
            throw .invalid(field: "subjects", why: "tối đa \(Self.subjectLimit) khoản vay, tổ")
        }
        return f
    }
}
