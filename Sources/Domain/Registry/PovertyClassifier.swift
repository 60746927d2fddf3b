/// What the survey (Phiếu B) found for one household: its area, its income (declared, or scored
/// on the Phiếu B1 scorecard), and the codes of the indicators it is deprived in.
public struct SurveyAnswers: Sendable, Equatable {
    public var area: Area
    public var income: IncomeEvidence
    /// Codes of `DeprivationIndicator`s of the standard used, e.g. `health_insurance`.
    public var deprivations: Set<String>

    public init(area: Area, income: IncomeEvidence, deprivations: Set<String>) {
        self.area = area
        self.income = income
        self.deprivations = deprivations
    }

    public init(area: Area, incomePerPersonMonthly: Money, deprivations: Set<String>) {
        self.init(area: area, income: .declared(incomePerPersonMonthly), deprivations: deprivations)
    }
}

/// How the survey knows the household's income.
public enum IncomeEvidence: Sendable, Equatable {
    /// Thu nhập bình quân đầu người/tháng as estimated with the household.
    case declared(Money)
    /// Tổng điểm Phiếu B1 on the scorecard named.
    case scored(Int, IncomeScorecard)
}

/// What a surveyor entered for income, before a scorecard is applied: the estimate itself, or
/// the option chosen for each Phiếu B1 item (item code → option code).
public enum IncomeAnswer: Sendable, Equatable {
    case declared(Money)
    case scorecard([String: String])
}

/// Where the income stands against the standard: at or below the poverty line, within the
/// average band above it, or above both.
enum IncomeBand { case atOrBelowLine, averageBand, above }

/// A classification with the standard it was made under and the reasons, in Vietnamese, that a
/// reviewer reads to the village meeting.
public struct ClassificationResult: Sendable, Equatable, Codable {
    public var classification: Classification
    public var standardCode: String
    /// Codes of the indicators the household is deprived in, in the standard's order.
    public var deprivedIndicators: [String]
    public var reasons: [String]

    public init(classification: Classification, standardCode: String, deprivedIndicators: [String], reasons: [String]) {
        self.classification = classification
        self.standardCode = standardCode
        self.deprivedIndicators = deprivedIndicators
        self.reasons = reasons
    }
}

/// Phân loại hộ (Decree 07/2021/NĐ-CP Art. 3(2); Decree 351/2025/NĐ-CP):
/// - income ≤ line and deprivations ≥ the standard's minimum (3): poor;
/// - income ≤ line, fewer deprivations: near-poor;
/// - line < income ≤ the average band's upper bound: average (only where the band is defined);
/// - otherwise: none. Above the line, deprivations do not count.
/// A scored survey reads "income" as the Phiếu B1 total against the scorecard's cut-offs.
public enum PovertyClassifier {
    public static func classify(_ answers: SurveyAnswers,
                                under standard: PovertyStandard) throws(RegistryError) -> ClassificationResult {
        let known = Set(standard.indicators.map(\.code))
        // Sorted, so the same answers always report the same unknown code.
        if let unknown = answers.deprivations.subtracting(known).sorted().first {
            throw .unknownIndicator(unknown, standard: standard.code)
        }
        guard let line = standard.povertyLines[answers.area] else {
            throw .povertyLineMissing(standard: standard.code, area: answers.area)
        }
        let deprived = standard.indicators.filter { answers.deprivations.contains($0.code) }
        var (band, reasons) = try incomeBand(answers.income, area: answers.area, line: line, standard: standard)

        let classification: Classification = switch band {
        case .atOrBelowLine: deprived.count >= standard.poorMinDeprivations ? .poor : .nearPoor
        case .averageBand: .average
        case .above: .none
        }
        reasons.append(deprivationReason(deprived, of: standard, incomeAtOrBelowLine: band == .atOrBelowLine))

        return ClassificationResult(classification: classification, standardCode: standard.code,
                                    deprivedIndicators: deprived.map(\.code), reasons: reasons)
    }

    /// The income's band with the reasons that show it: money against the lines, or the
    /// scorecard's total against its cut-offs.
    private static func incomeBand(_ income: IncomeEvidence, area: Area, line: Money,
                                   standard: PovertyStandard) throws(RegistryError) -> (IncomeBand, [String]) {
        let areaName = area.label.lowercased()
        let missingBand = "Chuẩn nghèo \(standard.code) chưa xác định ngưỡng hộ có mức sống trung bình \(areaName)"
        switch income {
        case .declared(let money):
            guard !money.isNegative else { throw .negativeIncome }
            let perPerson = "Thu nhập bình quân \(money)/người/tháng"
            var reasons = ["\(perPerson) \(money <= line ? "≤" : ">") chuẩn nghèo \(areaName) \(line)"]
            if money <= line { return (.atOrBelowLine, reasons) }
            guard let upper = standard.averageUpperBounds?[area] else { return (.above, reasons + [missingBand]) }
            reasons.append("\(perPerson) \(money <= upper ? "≤" : ">") ngưỡng hộ có mức sống trung bình \(areaName) \(upper)")
            return (money <= upper ? .averageBand : .above, reasons)
        case .scored(let score, let scorecard):
            guard scorecard.standardCode == standard.code else {
                throw .scorecardMismatch(scorecard: scorecard.code, standard: standard.code)
            }
            guard let cut = scorecard.cutoffs[area] else { throw .scoreCutoffMissing(scorecard: scorecard.code, area: area) }
            let total = "Điểm thu nhập Phiếu B1 (\(scorecard.code)): \(score)"
            var reasons = ["\(total) \(score <= cut.povertyLine ? "≤" : ">") ngưỡng nghèo \(areaName) \(cut.povertyLine) điểm (chuẩn nghèo \(line))"]
            if score <= cut.povertyLine { return (.atOrBelowLine, reasons) }
            guard standard.averageUpperBounds?[area] != nil, let upper = cut.averageUpperBound else {
                return (.above, reasons + [missingBand])
            }
            reasons.append("\(total) \(score <= upper ? "≤" : ">") ngưỡng hộ có mức sống trung bình \(areaName) \(upper) điểm")
            return (score <= upper ? .averageBand : .above, reasons)
        }
    }

    /// "Thiếu hụt 3/12 chỉ số: Bảo hiểm y tế, Nhà tiêu hợp vệ sinh, Sử dụng dịch vụ viễn thông (≥ 3)".
    private static func deprivationReason(_ deprived: [DeprivationIndicator], of standard: PovertyStandard,
                                          incomeAtOrBelowLine: Bool) -> String {
        var text = "Thiếu hụt \(deprived.count)/\(standard.indicators.count) chỉ số"
        if !deprived.isEmpty { text += ": " + deprived.map(\.name).joined(separator: ", ") }
        let minimum = standard.poorMinDeprivations
        if !incomeAtOrBelowLine {
            text += " (không xét do thu nhập trên chuẩn nghèo)"
        } else {
            text += deprived.count >= minimum ? " (≥ \(minimum))" : " (< \(minimum))"
        }
        return text
    }
}
