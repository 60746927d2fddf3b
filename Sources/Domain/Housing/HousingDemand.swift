import Foundation

/// Mục đích vay nhà ở xã hội (Nghị định 100/2024/NĐ-CP, Điều 48).
public enum HousingPurpose: String, Sendable, Codable, CaseIterable {
    case buy
    case hirePurchase = "hire_purchase"
    case build
    case renovate

    public var label: String {
        switch self {
        case .buy: "Mua nhà ở xã hội"
        case .hirePurchase: "Thuê mua nhà ở xã hội"
        case .build: "Xây dựng nhà ở"
        case .renovate: "Cải tạo, sửa chữa nhà ở"
        }
    }
}

/// Nhóm đối tượng được hỗ trợ nhà ở xã hội (Luật Nhà ở 27/2023/QH15, Điều 76), as a 2025 VBSP
/// office summary lists them.
public enum HousingBeneficiary: String, Sendable, Codable, CaseIterable {
    case meritorious
    case poorRural = "poor_rural"
    case poorUrban = "poor_urban"
    case lowIncomeUrban = "low_income_urban"
    case worker
    case armedForces = "armed_forces"
    case civilServant = "civil_servant"

    public var label: String {
        switch self {
        case .meritorious: "Người có công với cách mạng, thân nhân liệt sĩ"
        case .poorRural: "Hộ nghèo, cận nghèo tại nông thôn"
        case .poorUrban: "Hộ nghèo, cận nghèo tại đô thị"
        case .lowIncomeUrban: "Người thu nhập thấp tại đô thị"
        case .worker: "Công nhân, người lao động trong doanh nghiệp, hợp tác xã"
        case .armedForces: "Sĩ quan, quân nhân chuyên nghiệp, công an, công nhân quốc phòng"
        case .civilServant: "Cán bộ, công chức, viên chức"
        }
    }

    /// The groups whose income is tested against the ceiling (Decree 100/2024 Art. 30).
    public var incomeTested: Bool {
        [.lowIncomeUrban, .worker, .civilServant, .armedForces].contains(self)
    }
}

/// Tình trạng hôn nhân for the income ceiling: the ceiling is per person, per couple, or for a
/// single parent raising a minor child.
public enum HousingMarital: String, Sendable, Codable, CaseIterable {
    case single
    case married
    case singleParent = "single_parent"

    public var label: String {
        switch self {
        case .single: "Độc thân"
        case .married: "Đã kết hôn (thu nhập của hai vợ chồng)"
        case .singleParent: "Độc thân nuôi con chưa thành niên"
        }
    }
}

/// What a person or household declares when registering demand.
public struct HousingApplicant: Sendable, Codable, Equatable {
    public var beneficiary: HousingBeneficiary
    public var marital: HousingMarital
    /// Thu nhập thực nhận bình quân tháng trong 12 tháng trước khi xác nhận.
    public var monthlyIncome: Money
    /// Đã có nhà ở thuộc sở hữu tại tỉnh có dự án.
    public var ownsHouse: Bool
    /// Diện tích nhà ở bình quân đầu người (m²) when a house is owned.
    public var areaPerPerson: Int

    public init(
        beneficiary: HousingBeneficiary, marital: HousingMarital, monthlyIncome: Money,
        ownsHouse: Bool, areaPerPerson: Int
    ) {
        self.beneficiary = beneficiary
        self.marital = marital
        self.monthlyIncome = monthlyIncome
        self.ownsHouse = ownsHouse
        self.areaPerPerson = areaPerPerson
    }
}

/// The dated rules in force on a date: income ceilings per marital status (nil where the act
/// sets none) and the floor area per person below which an owned house still counts as none.
public struct HousingRules: Sendable, Equatable {
    public var single: Money
    public var married: Money
    public var singleParent: Money?
    public var minAreaPerPerson: Int
    /// Căn cứ of the ceilings, quoted in every income finding.
    public var source: String

    public init(
        single: Money, married: Money, singleParent: Money?, minAreaPerPerson: Int, source: String
    ) {
        self.single = single
        self.married = married
        self.singleParent = singleParent
        self.minAreaPerPerson = minAreaPerPerson
        self.source = source
    }

    public func ceiling(_ m: HousingMarital) -> Money? {
        switch m {
        case .single: single
        case .married: married
        // Before a ceiling for single parents existed, such a parent was a single person.
        case .singleParent: singleParent ?? single
        }
    }
}
