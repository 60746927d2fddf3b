import Foundation

/// Kết quả kiểm tra điều kiện vay nhà ở xã hội: one finding per condition the system can check
/// (group, housing, income), each with why. It never says "eligible" alone: the bank still
/// appraises repayment capacity, own funds and collateral.
public struct HousingAssessment: Sendable, Codable, Equatable {
    public struct Finding: Sendable, Codable, Equatable {
        public var condition: String
        public var met: Bool
        public var message: String
    }

    public var findings: [Finding]
    /// Nil when the group's income is not tested.
    public var withinIncomeCeiling: Bool?

    public var met: Bool { findings.allSatisfy(\.met) }

    /// What a page or a letter says of the result.
    public var summary: String {
        met
            ? "Đáp ứng các điều kiện đã kiểm tra (đối tượng, nhà ở"
                + (withinIncomeCeiling == nil ? "" : ", thu nhập trong mức trần")
                + "); khả năng trả nợ, vốn đối ứng và tài sản bảo đảm do ngân hàng thẩm định."
            : "Chưa đáp ứng: "
                + findings.filter { !$0.met }.map(\.message).joined(separator: " ")
    }
}

/// Điều kiện vay nhà ở xã hội, checked: pure, on the rules in force.
public enum HousingConditions {
    public static func assess(_ a: HousingApplicant, rules: HousingRules) -> HousingAssessment {
        var findings: [HousingAssessment.Finding] = [
            .init(
                condition: "beneficiary", met: true,
                message: "Thuộc nhóm «\(a.beneficiary.label)».")
        ]
        let housed = a.ownsHouse && a.areaPerPerson >= rules.minAreaPerPerson
        findings.append(
            .init(
                condition: "housing", met: !housed,
                message: !a.ownsHouse
                    ? "Chưa có nhà ở thuộc sở hữu tại tỉnh."
                    : housed
                        ? "Đã có nhà ở \(a.areaPerPerson) m²/người, không dưới mức"
                            + " \(rules.minAreaPerPerson) m²/người."
                        : "Có nhà ở nhưng bình quân \(a.areaPerPerson) m²/người, dưới mức"
                            + " \(rules.minAreaPerPerson) m²/người."))
        var within: Bool?
        if a.beneficiary.incomeTested, let ceiling = rules.ceiling(a.marital) {
            let ok = a.monthlyIncome <= ceiling
            within = ok
            findings.append(
                .init(
                    condition: "income", met: ok,
                    message: "Thu nhập bình quân \(a.monthlyIncome)/tháng "
                        + (ok ? "trong" : "vượt") + " mức trần \(ceiling)"
                        + " (\(a.marital.label.lowercased()); \(rules.source))."))
        }
        return HousingAssessment(findings: findings, withinIncomeCeiling: within)
    }

    /// Bounds of what a person declares, checked once at the edge.
    public static func check(_ a: HousingApplicant) throws(HousingError) {
        guard (0...Money.inputMaximum.dong).contains(a.monthlyIncome.dong) else {
            throw .invalid("thu nhập bình quân phải từ 0 đồng")
        }
        guard (0...10_000).contains(a.areaPerPerson) else {
            throw .invalid("diện tích bình quân đầu người từ 0 đến 10.000 m²")
        }
    }
}

/// Từ nhu cầu đến hồ sơ vay: a registered demand becomes a loan file in Lending only when it
/// met every condition checked and the social-housing capital not yet lent covers its amount.
public enum HousingDemandConversion {
    /// Vốn nhà ở xã hội còn có thể cho vay: capital received less what is outstanding.
    public static func available(capital: Money, outstanding: Money) -> Money {
        let left = capital.dong.subtractingReportingOverflow(outstanding.dong)
        return Money(dong: left.overflow ? 0 : max(0, left.partialValue))
    }

    public static func mayApply(_ assessment: HousingAssessment, amount: Money, available: Money)
        -> Bool
    {
        assessment.met && amount.dong > 0 && amount.dong <= available.dong
    }
}
