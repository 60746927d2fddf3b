import Foundation

/// Trường chủ mô hình đồng ý công khai: what the owner of an exemplary model agrees, field by
/// field, may be shown to the public. The title, commune, description (which the officer writes
/// without personal data), activity, jobs created and recognition are always public once the
/// model is published; these five are shown only with consent.
public enum ModelConsentField: String, Sendable, Codable, CaseIterable, Hashable, Comparable {
    case name, village, photos, income, loans

    public var label: String {
        switch self {
        case .name: "Tên chủ mô hình"
        case .village: "Thôn, tổ dân phố"
        case .photos: "Hình ảnh"
        case .income: "Thu nhập trước và sau"
        case .loans: "Các khoản vay (số tiền)"
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }

    /// The stored form: the field names in their fixed order, comma separated ("" for none).
    public static func text(_ fields: Set<ModelConsentField>) -> String {
        fields.sorted().map(\.rawValue).joined(separator: ",")
    }

    /// The stored form read back; an unknown word is dropped (never widens consent).
    public static func set(_ text: String) -> Set<ModelConsentField> {
        Set(text.split(separator: ",").compactMap { ModelConsentField(rawValue: String($0)) })
    }
}

/// A policy loan the model used, as the model shows it.
public struct ModelLoan: Sendable, Codable, Equatable, Hashable {
    public var id: String
    public var programCode: String
    /// Tên chương trình, as the public page shows it (empty when not read).
    public var programName: String
    public var amount: Money

    public init(id: String, programCode: String, amount: Money, programName: String = "") {
        self.id = id
        self.programCode = programCode
        self.programName = programName
        self.amount = amount
    }
}

/// A stored photo of a model (its bytes are read only by the route that serves it).
public struct ModelPhoto: Sendable, Codable, Equatable, Hashable {
    public var id: String
    public var caption: String
    public var contentType: String
    public var byteCount: Int

    public init(id: String, caption: String, contentType: String, byteCount: Int) {
        self.id = id
        self.caption = caption
        self.contentType = contentType
        self.byteCount = byteCount
    }
}

/// What an officer types to record a model: who, where, which loans, what, and its result.
public struct ExemplaryModelDraft: Sendable, Equatable {
    public var ownerName: String
    public var householdID: String?
    public var unitCode: Int
    public var village: String
    public var loanIDs: [String]
    public var title: String
    public var description: String
    /// Chương trình, hoạt động: the line of business or the program the loans served.
    public var activity: String
    /// Thu nhập bình quân năm trước và sau khi vay.
    public var incomeBeforePerYear: Money
    public var incomeAfterPerYear: Money
    public var jobsCreated: Int
    public var recognisedOn: BusinessDate?
    /// Cấp công nhận: "UBND xã", "Hội LHPN tỉnh"…
    public var recognisedBy: String

    public init(
        ownerName: String, householdID: String?, unitCode: Int, village: String, loanIDs: [String],
        title: String, description: String, activity: String, incomeBeforePerYear: Money,
        incomeAfterPerYear: Money, jobsCreated: Int, recognisedOn: BusinessDate?,
        recognisedBy: String
    ) {
        self.ownerName = ownerName
        self.householdID = householdID
        self.unitCode = unitCode
        self.village = village
        self.loanIDs = loanIDs
        self.title = title
        self.description = description
        self.activity = activity
        self.incomeBeforePerYear = incomeBeforePerYear
        self.incomeAfterPerYear = incomeAfterPerYear
        self.jobsCreated = jobsCreated
        self.recognisedOn = recognisedOn
        self.recognisedBy = recognisedBy
    }
}

/// Mô hình sản xuất kinh doanh tiêu biểu: a household's business that used policy loans well,
/// recorded by the commune or an entrusted organisation and, with the owner's consent, shown to
/// the public (issue 17).
public struct ExemplaryModel: Sendable, Codable, Equatable {
    public var id: String
    public var unitCode: Int
    public var unitName: String
    public var ownerName: String
    public var householdID: String?
    public var village: String
    public var loans: [ModelLoan]
    public var title: String
    public var description: String
    public var activity: String
    public var incomeBeforePerYear: Money
    public var incomeAfterPerYear: Money
    public var jobsCreated: Int
    public var recognisedOn: BusinessDate?
    public var recognisedBy: String
    public var photos: [ModelPhoto]
    public var consent: Set<ModelConsentField>
    public var published: Bool
    public var createdBy: String

    public init(
        id: String, unitCode: Int, unitName: String, ownerName: String, householdID: String?,
        village: String, loans: [ModelLoan], title: String, description: String,
        activity: String, incomeBeforePerYear: Money, incomeAfterPerYear: Money,
        jobsCreated: Int, recognisedOn: BusinessDate?, recognisedBy: String,
        photos: [ModelPhoto], consent: Set<ModelConsentField>, published: Bool, createdBy: String
    ) {
        self.id = id
        self.unitCode = unitCode
        self.unitName = unitName
        self.ownerName = ownerName
        self.householdID = householdID
        self.village = village
        self.loans = loans
        self.title = title
        self.description = description
        self.activity = activity
        self.incomeBeforePerYear = incomeBeforePerYear
        self.incomeAfterPerYear = incomeAfterPerYear
        self.jobsCreated = jobsCreated
        self.recognisedOn = recognisedOn
        self.recognisedBy = recognisedBy
        self.photos = photos
        self.consent = consent
        self.published = published
        self.createdBy = createdBy
    }
}

/// The rules of a model record: bounds checked once at the edge, and what publishing needs.
public enum ExemplaryModelRules {
    /// At most this many loans are named on one model.
    public static let maxLoans = 20
    public static let maxJobs = 100_000

    /// The draft's bounds: names and title present, texts within their columns, amounts within
    /// 0…`Money.inputMaximum`, at least one loan, recognition not in the future.
    public static func check(
        _ d: ExemplaryModelDraft, asOf today: BusinessDate
    )
        throws(OversightError)
    {
        func text(
            _ value: String, _ field: String, _ range: ClosedRange<Int>, _ why: String
        )
            throws(OversightError)
        {
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            guard range.contains(trimmed.count) else { throw .invalid(field: field, why: why) }
            guard !trimmed.unicodeScalars.contains(where: { Self.isControl($0) }) else {
                throw .invalid(field: field, why: "«\(field)» chứa ký tự điều khiển")
            }
        }
        try text(d.ownerName, "ownerName", 1...200, "ghi tên chủ mô hình (tối đa 200 ký tự)")
        try text(d.title, "title", 1...200, "ghi tên mô hình (tối đa 200 ký tự)")
        try text(d.description, "description", 0...4000, "mô tả tối đa 4.000 ký tự")
        try text(d.village, "village", 0...500, "thôn, tổ dân phố tối đa 500 ký tự")
        try text(d.activity, "activity", 0...200, "chương trình, hoạt động tối đa 200 ký tự")
        try text(d.recognisedBy, "recognisedBy", 0...200, "cấp công nhận tối đa 200 ký tự")
        try text(d.householdID ?? "", "household", 0...200, "mã hộ tối đa 200 ký tự")
        guard (1...maxLoans).contains(d.loanIDs.count) else {
            throw .invalid(field: "loans", why: "chọn từ 1 đến \(maxLoans) khoản vay của mô hình")
        }
        guard Set(d.loanIDs).count == d.loanIDs.count else {
            throw .invalid(field: "loans", why: "một khoản vay được ghi hai lần")
        }
        for money in [d.incomeBeforePerYear, d.incomeAfterPerYear]
        where !(0...Money.inputMaximum.dong).contains(money.dong) {
            throw .invalid(field: "income", why: "thu nhập phải từ 0 đồng")
        }
        guard (0...maxJobs).contains(d.jobsCreated) else {
            throw .invalid(field: "jobsCreated", why: "số việc làm tạo ra từ 0 đến 100.000")
        }
        if let on = d.recognisedOn, on > today {
            throw .invalid(field: "recognisedOn", why: "ngày công nhận ở tương lai")
        }
    }

    /// Công khai: only a model with a title and a description (written without personal data)
    /// may be published.
    public static func checkPublishable(_ m: ExemplaryModel) throws(OversightError) {
        guard !m.title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .invalid(field: "title", why: "chưa có tên mô hình, chưa thể công khai")
        }
        guard !m.description.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .invalid(field: "description", why: "chưa có mô tả mô hình, chưa thể công khai")
        }
    }

    static func isControl(_ s: Unicode.Scalar) -> Bool {
        (s.value < 32 && ![9, 10, 13].contains(s.value)) || (0x7F...0x9F).contains(s.value)
    }
}
