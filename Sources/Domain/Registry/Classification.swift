/// Kết quả phân loại hộ theo chuẩn nghèo đa chiều (Decree 07/2021/NĐ-CP Art. 3 and 4; Decree
/// 351/2025/NĐ-CP). Every classification is made under a named `PovertyStandard`.
public enum Classification: String, Sendable, Codable, CaseIterable {
    /// Hộ nghèo: income at or below the line and deprived in at least the standard's minimum.
    case poor
    /// Hộ cận nghèo: income at or below the line, fewer deprivations.
    case nearPoor = "near_poor"
    /// Hộ có mức sống trung bình: income above the line, within the standard's upper bound.
    case average
    /// Không thuộc diện: none of the above.
    case none

    public var label: String {
        switch self {
        case .poor: "Hộ nghèo"
        case .nearPoor: "Hộ cận nghèo"
        case .average: "Hộ có mức sống trung bình"
        case .none: "Không thuộc diện"
        }
    }
}
