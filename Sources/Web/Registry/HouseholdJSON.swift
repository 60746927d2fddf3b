import Domain
import Store
import Vapor

/// An item of `GET /api/v1/households` (fixed contract).
struct HouseholdItemJSON: Content, Equatable {
    let id: String
    let code: String
    let unitCode: Int
    let village: String
    let area: String
    let head: String
    let members: Int
    let classification: String?

    init(_ h: HouseholdSummary) {
        id = h.id
        code = h.code
        unitCode = h.unitCode
        village = h.village
        area = h.area.rawValue
        head = h.headName
        members = h.memberCount
        classification = h.classification?.rawValue
    }
}

struct HouseholdListJSON: Content { let items: [HouseholdItemJSON]; let total: Int }

struct MemberJSON: Content {
    let id: String?
    let fullName: String
    let birthDate: String
    let sex: String
    let ethnicityCode: String
    let relation: String
    let citizenId: String?
    let flags: [String]?
}

/// A household with its members; citizen IDs masked for roles that do not need them.
struct HouseholdJSON: Content {
    let id: String
    let code: String
    let unitCode: Int
    let unitName: String
    let village: String
    let area: String
    let address: String
    let phone: String
    let members: [MemberJSON]
    let classification: ClassificationJSON?
    /// Left the poor or near-poor list within the last three years (hộ mới thoát nghèo).
    let newlyEscaped: Bool

    init(_ household: Household, summary: HouseholdSummary, role: Role, status: ClassificationRecord?, newlyEscaped: Bool) {
        self.newlyEscaped = newlyEscaped
        id = household.id.rawValue
        code = household.code.value
        unitCode = summary.unitCode
        unitName = summary.unitName
        village = household.village
        area = household.area.rawValue
        address = household.address
        phone = household.phone
        members = household.members.map { m in
            MemberJSON(id: m.id.rawValue, fullName: m.fullName, birthDate: m.birthDate.iso, sex: m.sex.rawValue,
                       ethnicityCode: m.ethnicityCode, relation: m.relation.rawValue,
                       citizenId: m.citizenID.map { $0.shown(to: role) }, flags: m.flags.map(\.rawValue).sorted())
        }
        classification = status.map(ClassificationJSON.init)
    }
}

struct ClassificationJSON: Content {
    let classification: String
    let standard: String
    let validFrom: String
    let validTo: String?
    let decision: String
    let reasons: [String]

    init(_ record: ClassificationRecord) {
        classification = record.classification.rawValue
        standard = record.standardCode
        validFrom = record.validFrom.iso
        validTo = record.validTo?.iso
        decision = record.decision
        reasons = record.reasons
    }
}

/// The body of `POST /api/v1/households` and `PUT /api/v1/households/{id}`.
struct HouseholdInput: Content {
    let unitCode: Int
    let code: String
    let village: String
    let area: String
    let address: String?
    let phone: String?
    let members: [MemberJSON]
}
