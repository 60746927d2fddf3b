/// Phiếu B1, phần ước tính thu nhập bằng chấm điểm: the proxy-means scorecard a surveyor fills in
/// instead of asking a household its income. Each item (household size, the head's schooling, the
/// house, assets …) has options worth points; the total is compared with cut-offs per area that
/// stand for the standard's income lines. The circular's items, points and cut-offs are not
/// confirmed, so a scorecard is data (dated, with its legal source, per standard, optionally a
/// province's own), never code: an administrator loads the annex's figures when they are known.
public struct IncomeScorecard: DatedValidity, Hashable, Sendable, Codable {
    /// Stable key, e.g. `b1-2022-2026`; a survey scored with it keeps the code.
    public var code: String
    public var name: String
    /// The poverty standard whose income lines the cut-offs stand for.
    public var standardCode: String
    public var validFrom: BusinessDate
    public var validTo: BusinessDate?
    public var legalSource: String
    /// nil for the national scorecard; a province's code for its own.
    public var provinceCode: Int?
    /// Câu hỏi chấm điểm, in the form's order.
    public var items: [ScorecardItem]
    /// Ngưỡng điểm per area. A higher score means a better-off household.
    public var cutoffs: [Area: ScoreCutoffs]

    public init(code: String, name: String, standardCode: String, validFrom: BusinessDate, validTo: BusinessDate?,
                legalSource: String, provinceCode: Int? = nil, items: [ScorecardItem], cutoffs: [Area: ScoreCutoffs]) {
        self.code = code
        self.name = name
        self.standardCode = standardCode
        self.validFrom = validFrom
        self.validTo = validTo
        self.legalSource = legalSource
        self.provinceCode = provinceCode
        self.items = items
        self.cutoffs = cutoffs
    }


    /// The score of a household's answers: one option code per item, every item answered.
    public func score(_ choices: [String: String]) throws(RegistryError) -> Int {
        let known = Set(items.map(\.code))
        if let stray = choices.keys.filter({ !known.contains($0) }).sorted().first {
            throw .unknownScoreItem(stray, scorecard: code)
        }
        var total = 0
        for item in items {
            guard let chosen = choices[item.code], !chosen.isEmpty else { throw .scoreItemUnanswered(item.question) }
            guard let option = item.options.first(where: { $0.code == chosen }) else {
                throw .unknownScoreOption(chosen, item: item.question)
            }
            total += option.points
        }
        return total
    }

    /// The scorecard that applies on `date` for `standard`: the province's own if it has one in
    /// force, else the national one; nil when none is loaded (the survey then takes income as declared).
    public static func applicable(on date: BusinessDate, standardCode: String, provinceCode: Int?,
                                  among scorecards: [IncomeScorecard]) -> IncomeScorecard? {
        let candidates = scorecards.filter { $0.standardCode == standardCode && $0.isInForce(on: date) }
        let local = candidates.filter { $0.provinceCode != nil && $0.provinceCode == provinceCode }
        let chosen = local.isEmpty ? candidates.filter { $0.provinceCode == nil } : local
        return chosen.max { ($0.validFrom, $0.code) < ($1.validFrom, $1.code) }
    }
}

/// One question of the scorecard with its options.
public struct ScorecardItem: Hashable, Sendable, Codable {
    public var code: String
    public var question: String
    public var options: [ScorecardOption]

    public init(code: String, question: String, options: [ScorecardOption]) {
        self.code = code
        self.question = question
        self.options = options
    }
}

public struct ScorecardOption: Hashable, Sendable, Codable {
    public var code: String
    public var label: String
    public var points: Int

    public init(code: String, label: String, points: Int) {
        self.code = code
        self.label = label
        self.points = points
    }
}

/// Ngưỡng điểm of one area: at or below `povertyLine` the household's income counts as at or
/// below the standard's poverty line; up to `averageUpperBound` (where the standard has the band)
/// as within the average-living-standard band.
public struct ScoreCutoffs: Hashable, Sendable, Codable {
    public var povertyLine: Int
    public var averageUpperBound: Int?

    public init(povertyLine: Int, averageUpperBound: Int?) {
        self.povertyLine = povertyLine
        self.averageUpperBound = averageUpperBound
    }
}

extension IncomeScorecard {
    /// What a new scorecard must hold: a code, a standard, items with unique codes and options,
    /// cut-offs for both areas in order.
    public func validate(against standard: PovertyStandard) throws(RegistryError) {
        let allowed = code.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        guard (3...40).contains(code.count), allowed else { throw .invalidScorecard("mã phải có 3–40 ký tự chữ, số, - hoặc _") }
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw .invalidScorecard("thiếu tên") }
        guard !legalSource.trimmingCharacters(in: .whitespaces).isEmpty else { throw .invalidScorecard("thiếu căn cứ pháp lý") }
        if let validTo, validTo < validFrom { throw .invalidScorecard("ngày hết hiệu lực trước ngày có hiệu lực") }
        guard standard.code == standardCode else { throw .invalidScorecard("không khớp chuẩn nghèo \(standard.code)") }
        guard standard.provinceCode == nil || standard.provinceCode == provinceCode else {
            throw .invalidScorecard("chuẩn nghèo riêng của tỉnh \(standard.provinceCode ?? 0) chỉ dùng cho tỉnh đó")
        }
        guard !items.isEmpty else { throw .invalidScorecard("chưa có câu hỏi nào") }
        guard Set(items.map(\.code)).count == items.count else { throw .invalidScorecard("mã câu hỏi bị trùng") }
        for item in items {
            guard !item.code.isEmpty, !item.question.isEmpty else { throw .invalidScorecard("câu hỏi thiếu mã hoặc nội dung") }
            guard !item.options.isEmpty else { throw .invalidScorecard("câu «\(item.question)» chưa có phương án") }
            guard Set(item.options.map(\.code)).count == item.options.count else {
                throw .invalidScorecard("câu «\(item.question)» có mã phương án bị trùng")
            }
        }
        for area in Area.allCases {
            guard let cut = cutoffs[area] else { throw .invalidScorecard("thiếu ngưỡng điểm khu vực \(area.label.lowercased())") }
            if standard.averageUpperBounds != nil {
                guard let upper = cut.averageUpperBound, upper > cut.povertyLine else {
                    throw .invalidScorecard("ngưỡng điểm hộ có mức sống trung bình phải lớn hơn ngưỡng nghèo (\(area.label.lowercased()))")
                }
            }
        }
    }
}
