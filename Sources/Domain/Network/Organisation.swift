/// Tổ chức chính trị - xã hội nhận ủy thác: the four organisations VBSP entrusts lending tasks to.
/// The raw values are the API's organisation codes (fixed contract).
public enum Organisation: String, Sendable, Codable, CaseIterable, Hashable {
    /// Hội Liên hiệp Phụ nữ
    case womensUnion = "womens_union"
    /// Hội Nông dân
    case farmersUnion = "farmers_union"
    /// Hội Cựu chiến binh
    case veteransAssociation = "veterans_association"
    /// Đoàn Thanh niên Cộng sản Hồ Chí Minh
    case youthUnion = "youth_union"

    public var label: String {
        switch self {
        case .womensUnion: "Hội Liên hiệp Phụ nữ"
        case .farmersUnion: "Hội Nông dân"
        case .veteransAssociation: "Hội Cựu chiến binh"
        case .youthUnion: "Đoàn Thanh niên"
        }
    }

    /// The short form used on the bank's forms and in group names: "Hội PN", "Hội ND", "Hội CCB", "Đoàn TN".
    public var shortLabel: String {
        switch self {
        case .womensUnion: "Hội PN"
        case .farmersUnion: "Hội ND"
        case .veteransAssociation: "Hội CCB"
        case .youthUnion: "Đoàn TN"
        }
    }

    /// Accepts the code, the full or short Vietnamese name, with or without diacritics.
    public init(text: String) throws(NetworkError) {
        let folded = TextFolding.fold(text).replacingOccurrences(of: " ", with: "")
        if let code = Organisation(rawValue: text.trimmingCharacters(in: .whitespaces).lowercased()) { self = code; return }
        for candidate in Organisation.allCases
        where [candidate.label, candidate.shortLabel].map({ TextFolding.fold($0).replacingOccurrences(of: " ", with: "") }).contains(folded) {
            self = candidate
            return
        }
        switch folded {
        case "hoilhpn", "phunu", "hoiphunu", "hpn": self = .womensUnion
        case "nongdan", "hnd": self = .farmersUnion
        case "cuuchienbinh", "ccb": self = .veteransAssociation
        case "doanthanhnien", "thanhnien", "dtn": self = .youthUnion
        default: throw .unknownOrganisation(text)
        }
    }
}

/// The level an organisation's unit works at. District level existed until 30/06/2025 and is kept
/// for history only.
public enum OrganisationLevel: String, Sendable, Codable, CaseIterable {
    case province, district, commune

    public var label: String {
        switch self {
        case .province: "Cấp tỉnh"
        case .district: "Cấp huyện (đến 30/06/2025)"
        case .commune: "Cấp xã"
        }
    }
}

/// One organisation at one place: the Women's Union of Phường Phố Hiến, the Farmers' Union of the
/// province. Entrustment contracts and groups hang from it.
public struct OrganisationUnit: Sendable, Codable, Hashable {
    public typealias ID = Identifier<OrganisationUnit>
    public let id: ID
    public var organisation: Organisation
    public var level: OrganisationLevel
    public var unitID: AdministrativeUnit.ID
    public var name: String
    public var validFrom: BusinessDate
    public var validTo: BusinessDate?

    public init(id: ID, organisation: Organisation, level: OrganisationLevel, unitID: AdministrativeUnit.ID, name: String,
                validFrom: BusinessDate, validTo: BusinessDate?) {
        self.id = id
        self.organisation = organisation
        self.level = level
        self.unitID = unitID
        self.name = name
        self.validFrom = validFrom
        self.validTo = validTo
    }
}
