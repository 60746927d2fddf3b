/// Vai trò người dùng. Each demo user is named after its role.
public enum Role: String, Sendable, Codable, CaseIterable {
    /// Quản trị hệ thống
    case admin
    /// Lãnh đạo tỉnh, các sở (UBND tỉnh, Sở Tài chính, Sở Xây dựng…)
    case province
    /// Cán bộ NHCSXH (chi nhánh, phòng giao dịch)
    case bank
    /// Cán bộ UBND xã
    case commune
    /// Cán bộ tổ chức chính trị - xã hội nhận ủy thác
    case union
    /// Tổ trưởng tổ TK&VV
    case leader
    /// Ban đại diện HĐQT, Mặt trận Tổ quốc: kiểm tra, giám sát
    case inspector
    /// Sở Tài chính: ghi kế hoạch và các lần cấp vốn ngân sách địa phương ủy thác
    case finance
    /// Sở Xây dựng: đăng ký và tổng hợp nhu cầu vay nhà ở xã hội
    case construction

    public var label: String {
        switch self {
        case .admin: "Quản trị hệ thống"
        case .province: "Lãnh đạo tỉnh / sở, ngành"
        case .bank: "Cán bộ NHCSXH"
        case .commune: "Cán bộ UBND xã"
        case .union: "Cán bộ hội, đoàn thể nhận ủy thác"
        case .leader: "Tổ trưởng tổ TK&VV"
        case .inspector: "Kiểm tra, giám sát"
        case .finance: "Sở Tài chính"
        case .construction: "Sở Xây dựng"
        }
    }

    /// Users, roles, scopes, the audit log of everyone.
    public var administersUsers: Bool { self == .admin }
    /// Dated reference data (rates, thresholds): admins only, since every later rule reads it.
    public var editsReferenceData: Bool { self == .admin }
    /// Offices, transaction points and their facilities.
    public var editsPlaces: Bool { self == .admin || self == .bank }
    /// Số CCCD in full only for the roles whose work needs it: commune officers certify
    /// borrowers, bank officers lend, administrators keep the data. Others see it masked.
    public var seesFullCitizenIDs: Bool { self == .admin || self == .commune || self == .bank }
    /// The inspector reads everything in scope and, until inspections exist, writes nothing.
    public var isReadOnly: Bool { self == .inspector }
}
