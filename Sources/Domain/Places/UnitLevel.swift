import Foundation

/// Cấp hành chính. Districts (cấp huyện) were abolished on 1 July 2025; they are kept so that
/// the history of the map and records kept before then still make sense.
public enum UnitLevel: String, Sendable, Codable, CaseIterable {
    case province
    case district
    case commune

    public var label: String {
        switch self {
        case .province: "Cấp tỉnh"
        case .district: "Cấp huyện (trước 01/07/2025)"
        case .commune: "Cấp xã"
        }
    }
}

/// Loại đơn vị hành chính.
public enum UnitType: String, Sendable, Codable, CaseIterable {
    case province
    case centralCity = "central_city"
    case ruralDistrict = "rural_district"
    case urbanDistrict = "urban_district"
    case districtTown = "district_town"
    case provincialCity = "provincial_city"
    case commune
    case ward
    case township
    case specialZone = "special_zone"

    public var level: UnitLevel {
        switch self {
        case .province, .centralCity: .province
        case .ruralDistrict, .urbanDistrict, .districtTown, .provincialCity: .district
        case .commune, .ward, .township, .specialZone: .commune
        }
    }

    public var label: String {
        switch self {
        case .province: "Tỉnh"
        case .centralCity: "Thành phố trực thuộc trung ương"
        case .ruralDistrict: "Huyện"
        case .urbanDistrict: "Quận"
        case .districtTown: "Thị xã"
        case .provincialCity: "Thành phố thuộc tỉnh"
        case .commune: "Xã"
        case .ward: "Phường"
        case .township: "Thị trấn"
        case .specialZone: "Đặc khu"
        }
    }

    /// Reads the type as the official lists write it ("phường", "Thị trấn", "đặc khu",
    /// "thành phố trung ương") or as the API writes it (`special_zone`).
    public init(label text: String) throws(PlacesError) {
        let folded = TextFolding.fold(text)
        if let direct = UnitType(rawValue: folded.replacingOccurrences(of: " ", with: "_")) {
            self = direct
            return
        }
        switch folded {
        case "xa": self = .commune
        case "phuong": self = .ward
        case "thi tran": self = .township
        case "dac khu": self = .specialZone
        case "tinh": self = .province
        case "thanh pho trung uong", "thanh pho truc thuoc trung uong": self = .centralCity
        case "huyen": self = .ruralDistrict
        case "quan": self = .urbanDistrict
        case "thi xa": self = .districtTown
        case "thanh pho", "thanh pho thuoc tinh": self = .provincialCity
        default: throw .invalidUnitType(text)
        }
    }

    /// The type a unit's own name announces ("Phường Phố Hiến", "Huyện Kim Động"), for lists
    /// that leave the type column empty.
    public static func fromName(_ name: String, level: UnitLevel) -> UnitType? {
        let folded = TextFolding.fold(name)
        let prefixes: [(String, UnitType)] = switch level {
        case .commune: [("xa ", .commune), ("phuong ", .ward), ("thi tran ", .township), ("dac khu ", .specialZone)]
        case .district: [("huyen ", .ruralDistrict), ("quan ", .urbanDistrict), ("thi xa ", .districtTown), ("thanh pho ", .provincialCity)]
        case .province: [("tinh ", .province), ("thanh pho ", .centralCity)]
        }
        return prefixes.first { folded.hasPrefix($0.0) }?.1
    }
}
