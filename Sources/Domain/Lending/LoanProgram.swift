/// Kênh cho vay: through an entrusted organisation and its group, or directly with the bank.
public enum Channel: String, Sendable, Codable, CaseIterable {
    case entrusted, direct, both

    public var label: String {
        switch self {
        case .entrusted: "Ủy thác qua tổ chức hội, đoàn thể"
        case .direct: "Cho vay trực tiếp"
        case .both: "Ủy thác hoặc trực tiếp"
        }
    }
}

/// Chương trình tín dụng chính sách. What it lends at and to whom are its dated parameter sets.
public struct LoanProgram: Sendable, Codable, Hashable {
    public let code: String
    public var name: String
    public var channel: Channel
    /// Open to new loans, or closed (balances remain).
    public var openForNewLoans: Bool
    public var legalBasis: String

    public init(code: String, name: String, channel: Channel, openForNewLoans: Bool = true, legalBasis: String) {
        self.code = code
        self.name = name
        self.channel = channel
        self.openForNewLoans = openForNewLoans
        self.legalBasis = legalBasis
    }
}

/// Lãi suất of a parameter set: a fixed rate, or a percentage of the poor-household anchor rate in
/// force (so that a change of the anchor propagates).
public enum ProgramRate: Sendable, Codable, Hashable {
    case fixed(Rate)
    case factorOfAnchor(percent: Int64)

    public func resolve(anchor: Rate) -> Rate {
        switch self {
        case .fixed(let rate): rate
        case .factorOfAnchor(let percent): anchor.scaled(byPercent: percent)
        }
    }

    public var label: String {
        switch self {
        case .fixed(let rate): "\(rate)"
        case .factorOfAnchor(let percent): "\(percent)% lãi suất cho vay hộ nghèo"
        }
    }

    /// `{"kind": "fixed", "percentPerMonth": "0.75"}` or `{"kind": "anchor_factor", "percentOfAnchor": 120}`.
    private enum CodingKeys: String, CodingKey { case kind, percentPerMonth, percentOfAnchor }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .kind) {
        case "fixed":
            let text = try c.decode(String.self, forKey: .percentPerMonth)
            do { self = .fixed(try Rate(percentPerMonth: text)) } catch {
                throw DecodingError.dataCorruptedError(forKey: .percentPerMonth, in: c, debugDescription: "lãi suất không hợp lệ: \(text)")
            }
        case "anchor_factor": self = .factorOfAnchor(percent: try c.decode(Int64.self, forKey: .percentOfAnchor))
        case let other: throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "kind phải là fixed hoặc anchor_factor, không phải \(other)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .fixed(let rate):
            try c.encode("fixed", forKey: .kind)
            try c.encode(rate.percentString, forKey: .percentPerMonth)
        case .factorOfAnchor(let percent):
            try c.encode("anchor_factor", forKey: .kind)
            try c.encode(percent, forKey: .percentOfAnchor)
        }
    }
}

/// Cách tính ngày: monthly rate / 30 per actual day, or annual rate / 365 (Circular 14/2017); which one
/// VBSP uses is not confirmed, so it is a parameter.
public enum DayCount: String, Sendable, Codable, CaseIterable {
    case monthly30 = "monthly_30"
    case annual365 = "annual_365"
}

/// When a new rate reaches loans already disbursed.
public enum Repricing: String, Sendable, Codable, CaseIterable {
    /// Only loans disbursed from the parameter set's date.
    case newLoansOnly = "new_loans_only"
    /// Existing loans too, from that date (the social-housing cut of 10/10/2025, the anchor cut of 01/12/2025).
    case existingLoans = "existing_loans"
}

/// Who may borrow under a parameter set.
public enum BorrowerRule: String, Sendable, Codable, CaseIterable {
    /// Hộ nghèo on the date.
    case poor
    /// Hộ cận nghèo on the date.
    case nearPoor = "near_poor"
    /// Left the poor or near-poor list within the last three years, and is neither now.
    case newlyEscaped = "newly_escaped"
    /// Poor, near-poor or of average living standard (students' households); other cases by certification.
    case studentHousehold = "student_household"
    /// Any household of the register (job creation, water and sanitation: further checks by the officer).
    case anyHousehold = "any_household"
    /// Rural households only (water and sanitation).
    case ruralHousehold = "rural_household"
    /// Not poor, near-poor nor newly escaped (production in difficult areas).
    case notPoorNorNearPoor = "not_poor_nor_near_poor"
    /// Decided outside the register (housing, post-prison, units): checked by the officer on documents.
    case documents
}

/// Bộ tham số của chương trình: in force from a date, with its legal document.
public struct ProgramParameters: Sendable, Codable, Hashable, DatedValidity {
    public var programCode: String
    public var validFrom: BusinessDate
    public var validTo: BusinessDate?
    public var legalSource: String
    public var rate: ProgramRate
    /// Lãi suất nợ quá hạn as a percentage of the loan's rate (130).
    public var overduePercent: Int64
    public var maxPerLoan: Money?
    public var maxPerHousehold: Money?
    public var maxTermMonths: Int
    /// Loans above this need collateral; nil when none is required.
    public var collateralFrom: Money?
    public var borrowers: BorrowerRule
    public var dayCount: DayCount
    public var repricing: Repricing
    /// Anything the source does not confirm, said plainly.
    public var note: String
    /// Nhóm đối tượng with their own rate; nil or empty for most sets.
    public var beneficiaryGroups: [BeneficiaryGroup]?
    /// Mức cho vay đơn vị: what a unit (co-operative, household business) may borrow; nil when
    /// the set lends to people only.
    public var unitCaps: UnitCaps?
    /// Cho vay theo khóa học: set for student programs, whose cap is per month of study and whose
    /// contract covers the course (`StudentLoans`); nil for the others.
    public var study: StudyRules?

    public init(programCode: String, validFrom: BusinessDate, validTo: BusinessDate? = nil, legalSource: String, rate: ProgramRate,
                overduePercent: Int64 = 130, maxPerLoan: Money?, maxPerHousehold: Money?, maxTermMonths: Int, collateralFrom: Money? = nil,
                borrowers: BorrowerRule, dayCount: DayCount = .monthly30, repricing: Repricing = .newLoansOnly, note: String = "",
                beneficiaryGroups: [BeneficiaryGroup]? = nil, unitCaps: UnitCaps? = nil,
                study: StudyRules? = nil) {
        self.study = study
        self.programCode = programCode
        self.validFrom = validFrom
        self.validTo = validTo
        self.legalSource = legalSource
        self.rate = rate
        self.overduePercent = overduePercent
        self.maxPerLoan = maxPerLoan
        self.maxPerHousehold = maxPerHousehold
        self.maxTermMonths = maxTermMonths
        self.collateralFrom = collateralFrom
        self.borrowers = borrowers
        self.dayCount = dayCount
        self.repricing = repricing
        self.note = note
        self.beneficiaryGroups = beneficiaryGroups
        self.unitCaps = unitCaps
    }

    /// The set in force on `date` for a program: the latest started by then.
    public static func inForce(_ code: String, on date: BusinessDate, among sets: [ProgramParameters]) -> ProgramParameters? {
        sets.filter { $0.programCode == code && $0.isInForce(on: date) }.max { $0.validFrom < $1.validFrom }
    }

    public func validate() throws(LendingError) {
        guard !legalSource.trimmingCharacters(in: .whitespaces).isEmpty else { throw .invalidParameters("thiếu căn cứ pháp lý") }
        guard maxTermMonths > 0 else { throw .invalidParameters("thời hạn tối đa phải lớn hơn 0") }
        guard (100...300).contains(overduePercent) else { throw .invalidParameters("lãi suất quá hạn phải từ 100% đến 300% lãi suất cho vay") }
        if let validTo, validTo < validFrom { throw .invalidParameters("ngày hết hiệu lực trước ngày có hiệu lực") }
        for cap in [maxPerLoan, maxPerHousehold].compactMap({ $0 }) where cap.dong <= 0 { throw .invalidParameters("mức cho vay tối đa phải dương") }
        if let caps = unitCaps, caps.perProject.dong <= 0 || caps.perJob.dong <= 0 {
            throw .invalidParameters("mức cho vay đơn vị (một dự án, mỗi lao động) phải dương")
        }
        if let study, study.amount.dong <= 0 || study.perMonths <= 0 || study.maxGraceMonths < 0
            || study.maxIntervalMonths <= 0 {
            throw .invalidParameters("mức cho vay theo tháng học và các kỳ hạn phải dương")
        }
        try validateGroups()
    }
}
