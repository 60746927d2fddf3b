/// Chuẩn nghèo đa chiều: one version of the multidimensional poverty standard. Standards are
/// data (loaded into the database, one row per version), and every classification names the
/// standard it was made under. A standard with a `provinceCode` is a province's local standard,
/// run beside the national one (the draft of Decree 351/2025/NĐ-CP allowed provinces a higher one).
public struct PovertyStandard: DatedValidity, Hashable, Sendable, Codable {
    /// Stable key, e.g. `vn-2022-2026`; classifications store it.
    public var code: String
    public var name: String
    public var validFrom: BusinessDate
    /// Last day in force; nil while no end is decided.
    public var validTo: BusinessDate?
    /// Văn bản pháp lý: the decree(s) the figures come from.
    public var legalSource: String
    /// nil for the national standard; a province's code for its local standard.
    public var provinceCode: Int?
    /// Chuẩn nghèo: income per person per month at or below which a household is poor or near-poor.
    public var povertyLines: [Area: Money]
    /// Upper bound of the average-living-standard band (mức sống trung bình), per area; nil while
    /// the standard has none confirmed, and then no household is classified `average`.
    public var averageUpperBounds: [Area: Money]?
    /// A household at or below the line is poor from this many deprivations (3 in both decrees).
    public var poorMinDeprivations: Int
    /// Chỉ số thiếu hụt dịch vụ xã hội cơ bản, in the decree's order.
    public var indicators: [DeprivationIndicator]

    public init(code: String, name: String, validFrom: BusinessDate, validTo: BusinessDate?, legalSource: String,
                provinceCode: Int? = nil, povertyLines: [Area: Money], averageUpperBounds: [Area: Money]?,
                poorMinDeprivations: Int = 3, indicators: [DeprivationIndicator]) {
        self.code = code
        self.name = name
        self.validFrom = validFrom
        self.validTo = validTo
        self.legalSource = legalSource
        self.provinceCode = provinceCode
        self.povertyLines = povertyLines
        self.averageUpperBounds = averageUpperBounds
        self.poorMinDeprivations = poorMinDeprivations
        self.indicators = indicators
    }


    /// The national standard in force on `date`; if periods overlap, the one that started last.
    public static func nationalInForce(on date: BusinessDate, among standards: [PovertyStandard]) -> PovertyStandard? {
        latest(standards.filter { $0.provinceCode == nil && $0.isInForce(on: date) })
    }

    /// The local standard of `provinceCode` in force on `date`, if the province has one.
    public static func localInForce(on date: BusinessDate, among standards: [PovertyStandard],
                                    provinceCode: Int) -> PovertyStandard? {
        latest(standards.filter { $0.provinceCode == provinceCode && $0.isInForce(on: date) })
    }

    /// Latest `validFrom` wins; the code breaks a tie so the choice never depends on list order.
    private static func latest(_ candidates: [PovertyStandard]) -> PovertyStandard? {
        candidates.max { ($0.validFrom, $0.code) < ($1.validFrom, $1.code) }
    }
}

/// Chỉ số thiếu hụt: one deprivation indicator of a standard, with its dimension (chiều thiếu hụt).
public struct DeprivationIndicator: Hashable, Sendable, Codable {
    /// Stable snake_case key, e.g. `health_insurance`; survey answers name indicators by it.
    public var code: String
    /// Vietnamese name, e.g. "Bảo hiểm y tế".
    public var name: String
    /// Vietnamese dimension, e.g. "Y tế".
    public var dimension: String

    public init(code: String, name: String, dimension: String) {
        self.code = code
        self.name = name
        self.dimension = dimension
    }
}

/// The standards the law has set, as seed data: a migration loads them into the database and the
/// rules read them from there, so these are starting values, not constants the rules consult.
public enum PovertyStandardCatalogue {
    /// Decree 07/2021/NĐ-CP, Art. 3: 2022–2025; Decree 351/2025/NĐ-CP keeps it through 31/12/2026.
    public static let decree07_2021 = PovertyStandard(
        code: "vn-2022-2026",
        name: "Chuẩn nghèo đa chiều giai đoạn 2022–2025 (áp dụng đến hết năm 2026)",
        validFrom: day(2022, 1, 1), validTo: day(2026, 12, 31),
        legalSource: "Nghị định 07/2021/NĐ-CP ngày 27/01/2021; Nghị định 351/2025/NĐ-CP (áp dụng đến hết 2026)",
        povertyLines: [.rural: Money(dong: 1_500_000), .urban: Money(dong: 2_000_000)],
        averageUpperBounds: [.rural: Money(dong: 2_250_000), .urban: Money(dong: 3_000_000)],
        poorMinDeprivations: 3,
        indicators: indicators2022)

    /// Decree 351/2025/NĐ-CP of 30/12/2025: 2027–2030. The average-living-standard band is not
    /// confirmed, and the indicator list follows the poverty office's summary (drops information
    /// devices, adds digital services and household waste): check against the decree's text.
    public static let decree351_2025 = PovertyStandard(
        code: "vn-2027-2030",
        name: "Chuẩn nghèo đa chiều giai đoạn 2027–2030",
        validFrom: day(2027, 1, 1), validTo: day(2030, 12, 31),
        legalSource: "Nghị định 351/2025/NĐ-CP ngày 30/12/2025",
        povertyLines: [.rural: Money(dong: 2_200_000), .urban: Money(dong: 2_800_000)],
        averageUpperBounds: nil,
        poorMinDeprivations: 3,
        indicators: indicators2027)

    public static let all: [PovertyStandard] = [decree07_2021, decree351_2025]

    /// 6 dimensions, 12 indicators (Decree 07/2021/NĐ-CP, Art. 3(1)(b)).
    private static let indicators2022: [DeprivationIndicator] = [
        .init(code: "employment", name: "Việc làm", dimension: "Việc làm"),
        .init(code: "dependants", name: "Người phụ thuộc trong hộ", dimension: "Việc làm"),
        .init(code: "nutrition", name: "Dinh dưỡng", dimension: "Y tế"),
        .init(code: "health_insurance", name: "Bảo hiểm y tế", dimension: "Y tế"),
        .init(code: "adult_education", name: "Trình độ giáo dục của người lớn", dimension: "Giáo dục"),
        .init(code: "child_schooling", name: "Tình trạng đi học của trẻ em", dimension: "Giáo dục"),
        .init(code: "housing_quality", name: "Chất lượng nhà ở", dimension: "Nhà ở"),
        .init(code: "floor_area", name: "Diện tích nhà ở bình quân đầu người", dimension: "Nhà ở"),
        .init(code: "water", name: "Nguồn nước sinh hoạt", dimension: "Nước sinh hoạt và vệ sinh"),
        .init(code: "latrine", name: "Nhà tiêu hợp vệ sinh", dimension: "Nước sinh hoạt và vệ sinh"),
        .init(code: "telecom", name: "Sử dụng dịch vụ viễn thông", dimension: "Thông tin"),
        .init(code: "information_devices", name: "Phương tiện tiếp cận thông tin", dimension: "Thông tin"),
    ]

    /// The 2022 list in the same order, without information devices, with digital services
    /// beside telecom and household waste in the water, sanitation and environment dimension.
    private static let indicators2027: [DeprivationIndicator] = [
        .init(code: "employment", name: "Việc làm", dimension: "Việc làm"),
        .init(code: "dependants", name: "Người phụ thuộc trong hộ", dimension: "Việc làm"),
        .init(code: "nutrition", name: "Dinh dưỡng", dimension: "Y tế"),
        .init(code: "health_insurance", name: "Bảo hiểm y tế", dimension: "Y tế"),
        .init(code: "adult_education", name: "Trình độ giáo dục của người lớn", dimension: "Giáo dục"),
        .init(code: "child_schooling", name: "Tình trạng đi học của trẻ em", dimension: "Giáo dục"),
        .init(code: "housing_quality", name: "Chất lượng nhà ở", dimension: "Nhà ở"),
        .init(code: "floor_area", name: "Diện tích nhà ở bình quân đầu người", dimension: "Nhà ở"),
        .init(code: "water", name: "Nguồn nước sinh hoạt", dimension: "Nước sinh hoạt, vệ sinh và môi trường"),
        .init(code: "latrine", name: "Nhà tiêu hợp vệ sinh", dimension: "Nước sinh hoạt, vệ sinh và môi trường"),
        .init(code: "household_waste", name: "Thu gom, xử lý rác thải sinh hoạt",
              dimension: "Nước sinh hoạt, vệ sinh và môi trường"),
        .init(code: "telecom", name: "Sử dụng dịch vụ viễn thông", dimension: "Thông tin"),
        .init(code: "digital_services", name: "Sử dụng dịch vụ số", dimension: "Thông tin"),
    ]

    /// The seed dates are literals checked by the tests.
    private static func day(_ year: Int, _ month: Int, _ day: Int) -> BusinessDate {
        BusinessDate(fixedYear: year, month: month, day: day)
    }
}
