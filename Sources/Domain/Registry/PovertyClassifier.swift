/// What the survey (Phiếu B) found for one household: its area, the estimated income per person
/// per month, and the codes of the indicators it is deprived in.
public struct SurveyAnswers: Sendable, Equatable {
    public var area: Area
    public var incomePerPersonMonthly: Money
    /// Codes of `DeprivationIndicator`s of the standard used, e.g. `health_insurance`.
    public var deprivations: Set<String>

    public init(area: Area, incomePerPersonMonthly: Money, deprivations: Set<String>) {
        self.area = area
        self.incomePerPersonMonthly = incomePerPersonMonthly
        self.deprivations = deprivations
    }
}

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
public enum PovertyClassifier {
    public static func classify(_ answers: SurveyAnswers,
                                under standard: PovertyStandard) throws(RegistryError) -> ClassificationResult {
        let income = answers.incomePerPersonMonthly
        guard !income.isNegative else { throw .negativeIncome }
        let known = Set(standard.indicators.map(\.code))
        // Sorted, so the same answers always report the same unknown code.
        if let unknown = answers.deprivations.subtracting(known).sorted().first {
            throw .unknownIndicator(unknown, standard: standard.code)
        }
        guard let line = standard.povertyLines[answers.area] else {
            throw .povertyLineMissing(standard: standard.code, area: answers.area)
        }
        let deprived = standard.indicators.filter { answers.deprivations.contains($0.code) }
        let upperBound = standard.averageUpperBounds?[answers.area]

        let classification: Classification
        if income <= line {
            classification = deprived.count >= standard.poorMinDeprivations ? .poor : .nearPoor
        } else if let upperBound, income <= upperBound {
            classification = .average
        } else {
            classification = .none
        }

        let area = answers.area.label.lowercased()
        let perPerson = "Thu nhập bình quân \(income)/người/tháng"
        var reasons = ["\(perPerson) \(income <= line ? "≤" : ">") chuẩn nghèo \(area) \(line)"]
        if income > line {
            if let upperBound {
                let sign = income <= upperBound ? "≤" : ">"
                reasons.append("\(perPerson) \(sign) ngưỡng hộ có mức sống trung bình \(area) \(upperBound)")
            } else {
                reasons.append("Chuẩn nghèo \(standard.code) chưa xác định ngưỡng hộ có mức sống trung bình \(area)")
            }
        }
        reasons.append(deprivationReason(deprived, of: standard, incomeAtOrBelowLine: income <= line))

        return ClassificationResult(classification: classification, standardCode: standard.code,
                                    deprivedIndicators: deprived.map(\.code), reasons: reasons)
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
