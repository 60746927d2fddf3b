import Foundation

/// Errors of social-housing demand, each with a stable code and a Vietnamese message.
public enum HousingError: DomainError, Equatable {
    case invalid(String)
    case conditionsNotMet(HousingAssessment)
    case noRules(BusinessDate)
    case demandNotFound

    public var code: String {
        switch self {
        case .invalid: "invalid_housing_demand"
        case .conditionsNotMet: "housing_conditions_not_met"
        case .noRules: "no_housing_rules"
        case .demandNotFound: "housing_demand_not_found"
        }
    }

    public var message: String {
        switch self {
        case .invalid(let why): "Nhu cầu vay nhà ở xã hội không hợp lệ: \(why)."
        case .conditionsNotMet(let a): a.summary + " Chưa ghi nhu cầu."
        case .noRules(let date):
            "Chưa có mức trần thu nhập nhà ở xã hội hiệu lực vào ngày \(date.vietnamese)."
        case .demandNotFound: "Không tìm thấy nhu cầu vay (hoặc ngoài phạm vi của bạn)."
        }
    }

    public var details: [ErrorDetail] {
        guard case .conditionsNotMet(let a) = self else { return [] }
        return a.findings.filter { !$0.met }.map {
            ErrorDetail(field: $0.condition, code: "condition_not_met", message: $0.message)
        }
    }

    public var kind: FailureKind {
        switch self {
        case .demandNotFound: .notFound
        case .invalid, .conditionsNotMet, .noRules: .ruleBroken
        }
    }
}
