import Foundation

extension PovertyStandard {
    /// What a new standard must hold before it is stored: a code, a line for both areas, a band
    /// above the line where one is given, dates in order, indicators with unique codes.
    public func validate() throws(RegistryError) {
        let allowed = code.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        guard (3...40).contains(code.count), allowed else { throw .invalidStandard("mã phải có 3–40 ký tự chữ, số, - hoặc _") }
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw .invalidStandard("thiếu tên") }
        guard !legalSource.trimmingCharacters(in: .whitespaces).isEmpty else { throw .invalidStandard("thiếu căn cứ pháp lý") }
        if let validTo, validTo < validFrom { throw .invalidStandard("ngày hết hiệu lực trước ngày có hiệu lực") }
        for area in Area.allCases {
            guard let line = povertyLines[area], line.dong > 0 else { throw .invalidStandard("thiếu chuẩn thu nhập khu vực \(area.label.lowercased())") }
            if let bounds = averageUpperBounds {
                guard let upper = bounds[area], upper > line else {
                    throw .invalidStandard("mức trên của hộ có mức sống trung bình phải lớn hơn chuẩn nghèo (\(area.label.lowercased()))")
                }
            }
        }
        guard !indicators.isEmpty else { throw .invalidStandard("chưa có chỉ số thiếu hụt nào") }
        guard Set(indicators.map(\.code)).count == indicators.count else { throw .invalidStandard("mã chỉ số thiếu hụt bị trùng") }
        guard indicators.allSatisfy({ !$0.code.isEmpty && !$0.name.isEmpty }) else { throw .invalidStandard("chỉ số thiếu mã hoặc tên") }
        guard (1...indicators.count).contains(poorMinDeprivations) else {
            throw .invalidStandard("số chỉ số thiếu hụt để là hộ nghèo phải từ 1 đến \(indicators.count)")
        }
    }
}
