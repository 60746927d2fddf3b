import Foundation

/// Giới tính
public enum Sex: String, Sendable, Codable, CaseIterable {
    case male, female

    public var label: String { self == .male ? "Nam" : "Nữ" }

    /// "Nam", "nữ", "nu", "male", "F"… as commune spreadsheets write it.
    public init(label text: String) throws(RegistryError) {
        switch TextFolding.fold(text) {
        case "nam", "male", "m": self = .male
        case "nu", "female", "f": self = .female
        default: throw .invalidSex(text)
        }
    }
}

/// Quan hệ với chủ hộ
public enum Relation: String, Sendable, Codable, CaseIterable {
    case head, spouse, child, parent, grandchild, sibling, other

    public var label: String {
        switch self {
        case .head: "Chủ hộ"
        case .spouse: "Vợ/chồng"
        case .child: "Con"
        case .parent: "Bố/mẹ"
        case .grandchild: "Cháu"
        case .sibling: "Anh/chị/em"
        case .other: "Khác"
        }
    }

    /// Synonyms found in commune spreadsheets, matched without diacritics or case.
    public static let synonyms: [String: Relation] = [
        "chu ho": .head, "head": .head,
        "vo": .spouse, "chong": .spouse, "vo/chong": .spouse, "vo chong": .spouse, "spouse": .spouse,
        "con": .child, "con trai": .child, "con gai": .child, "con de": .child, "con nuoi": .child, "con dau": .child,
        "con re": .child, "child": .child,
        "bo": .parent, "me": .parent, "cha": .parent, "bo/me": .parent, "bo me": .parent, "cha me": .parent,
        "bo de": .parent, "me de": .parent, "parent": .parent,
        "chau": .grandchild, "chau noi": .grandchild, "chau ngoai": .grandchild, "grandchild": .grandchild,
        "anh": .sibling, "chi": .sibling, "em": .sibling, "anh/chi/em": .sibling, "anh chi em": .sibling, "sibling": .sibling,
        "khac": .other, "other": .other, "ong": .other, "ba": .other, "ong noi": .other, "ba noi": .other,
        "ong ngoai": .other, "ba ngoai": .other,
    ]

    public init(label text: String) throws(RegistryError) {
        guard let relation = Self.synonyms[TextFolding.fold(text)] else { throw .invalidRelation(text) }
        self = relation
    }
}

/// Đặc điểm của nhân khẩu mà các chương trình cho vay cần.
public enum MemberFlag: String, Sendable, Codable, CaseIterable {
    case disability, student, worker, elderlyAlone = "elderly_alone", militaryFamily = "military_family"

    public var label: String {
        switch self {
        case .disability: "Người khuyết tật"
        case .student: "Học sinh, sinh viên"
        case .worker: "Người lao động"
        case .elderlyAlone: "Người cao tuổi cô đơn"
        case .militaryFamily: "Gia đình chính sách"
        }
    }
}

/// Nhân khẩu
public struct Member: Hashable, Sendable, Codable {
    public typealias ID = Identifier<Member>

    public let id: ID
    public var fullName: String
    public var birthDate: BusinessDate
    public var sex: Sex
    /// Code of the ethnic group (01 Kinh … 54), from the `ethnic_groups` reference table.
    public var ethnicityCode: String
    public var relation: Relation
    public var citizenID: CitizenID?
    public var flags: Set<MemberFlag>

    public init(id: ID, fullName: String, birthDate: BusinessDate, sex: Sex, ethnicityCode: String, relation: Relation,
                citizenID: CitizenID?, flags: Set<MemberFlag> = []) {
        self.id = id
        self.fullName = fullName
        self.birthDate = birthDate
        self.sex = sex
        self.ethnicityCode = ethnicityCode
        self.relation = relation
        self.citizenID = citizenID
        self.flags = flags
    }

    /// Whole years of age on `date`.
    public func age(on date: BusinessDate) -> Int { birthDate.fullYears(until: date) }

    /// Children under 14 have no citizen ID card yet (Law on Identification 2023 issues cards
    /// to citizens from 14; younger ones may have one, it is not required).
    public static let citizenIDRequiredFromAge = 14
}
