/// Errors of the Places context, each with a stable code and a Vietnamese message.
public enum PlacesError: DomainError, Equatable {
    case invalidUnitCode(String)
    case invalidUnitType(String)
    case unitNotFound(String)
    case officeNotFound(String)
    case pointNotFound(String)
    case invalidFacility(String)
    case importFailed([ErrorDetail])

    public var code: String {
        switch self {
        case .invalidUnitCode: "invalid_unit_code"
        case .invalidUnitType: "invalid_unit_type"
        case .unitNotFound: "unit_not_found"
        case .officeNotFound: "office_not_found"
        case .pointNotFound: "transaction_point_not_found"
        case .invalidFacility: "invalid_facility"
        case .importFailed: "import_failed"
        }
    }

    public var message: String {
        switch self {
        case .invalidUnitCode(let text): "Mã đơn vị hành chính không hợp lệ: «\(text)» (phải là số từ 1 đến 99999)."
        case .invalidUnitType(let text): "Loại đơn vị hành chính không hợp lệ: «\(text)»."
        case .unitNotFound(let code): "Không tìm thấy đơn vị hành chính có mã \(code)."
        case .officeNotFound: "Không tìm thấy phòng giao dịch."
        case .pointNotFound: "Không tìm thấy điểm giao dịch."
        case .invalidFacility(let why): "Thông tin cơ sở vật chất không hợp lệ: \(why)."
        case .importFailed(let details): "Tệp nhập có \(details.count) lỗi; không có dòng nào được ghi."
        }
    }

    public var kind: FailureKind {
        switch self {
        case .invalidUnitCode, .invalidUnitType: .malformed
        case .unitNotFound, .officeNotFound, .pointNotFound: .notFound
        case .invalidFacility, .importFailed: .ruleBroken
        }
    }

    public var details: [ErrorDetail] {
        if case .importFailed(let details) = self { return details }
        return []
    }
}
