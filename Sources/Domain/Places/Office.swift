/// A VBSP office in a province: the provincial branch (Chi nhánh NHCSXH tỉnh) or one of its
/// transaction offices (Phòng giao dịch), each serving a set of communes.
public struct Office: Hashable, Sendable, Codable {
    public typealias ID = Identifier<Office>

    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Chi nhánh NHCSXH tỉnh
        case branch
        /// Phòng giao dịch
        case transactionOffice = "transaction_office"

        public var label: String {
            switch self {
            case .branch: "Chi nhánh NHCSXH tỉnh"
            case .transactionOffice: "Phòng giao dịch"
            }
        }
    }

    public let id: ID
    public var kind: Kind
    public var name: String
    public let provinceCode: UnitCode
    public var address: String
    public var parentID: ID?
    /// The communes (codes of units in force) this office serves.
    public var communes: [UnitCode]

    public init(id: ID, kind: Kind, name: String, provinceCode: UnitCode, address: String,
                parentID: ID? = nil, communes: [UnitCode] = []) {
        self.id = id
        self.kind = kind
        self.name = name
        self.provinceCode = provinceCode
        self.address = address
        self.parentID = parentID
        self.communes = communes
    }
}

/// Điểm giao dịch xã: where the bank's mobile team sits on the commune's fixed monthly day.
public struct CommuneTransactionPoint: Hashable, Sendable, Codable {
    public typealias ID = Identifier<CommuneTransactionPoint>

    public let id: ID
    public var name: String
    public var unitID: AdministrativeUnit.ID
    public var officeID: Office.ID
    public var address: String
    public var facilities: [Facility]

    public init(id: ID, name: String, unitID: AdministrativeUnit.ID, officeID: Office.ID,
                address: String, facilities: [Facility] = []) {
        self.id = id
        self.name = name
        self.unitID = unitID
        self.officeID = officeID
        self.address = address
        self.facilities = facilities
    }
}

/// Cơ sở vật chất của điểm giao dịch: one item of security or equipment and its state when last
/// checked. The Board's representatives follow these (directive item 7).
public struct Facility: Hashable, Sendable, Codable {
    public typealias ID = Identifier<Facility>

    public enum Category: String, Sendable, Codable, CaseIterable {
        case security, equipment
        /// Bảng thông tin: what the point must post (policies, rates, borrower and overdue lists,
        /// the calendar, hotline and suggestion box).
        case notice

        public var label: String {
            switch self {
            case .security: "An ninh, an toàn"
            case .equipment: "Trang thiết bị"
            case .notice: "Niêm yết công khai"
            }
        }
    }

    public enum State: String, Sendable, Codable, CaseIterable {
        case good
        case needsRepair = "needs_repair"
        case broken
        case missing

        public var label: String {
            switch self {
            case .good: "Tốt"
            case .needsRepair: "Cần sửa chữa"
            case .broken: "Hỏng"
            case .missing: "Chưa có"
            }
        }

        /// Items the province must act on (directive item 7: invest in security and equipment).
        public var needsAction: Bool { self != .good }
    }

    public let id: ID
    public var category: Category
    public var item: String
    public var state: State
    public var checkedOn: BusinessDate

    public init(id: ID, category: Category, item: String, state: State, checkedOn: BusinessDate) {
        self.id = id
        self.category = category
        self.item = item
        self.state = state
        self.checkedOn = checkedOn
    }
}
