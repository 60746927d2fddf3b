/// Hợp đồng ủy thác between the bank and one organisation unit: number, date, scope, the six
/// entrusted tasks and validity. A renewal (after the 2025 reorganisation, say) is a new contract
/// naming the one it replaces, which ends the day before: history is kept, never overwritten.
public struct EntrustmentContract: DatedValidity, Sendable, Codable, Hashable {
    public typealias ID = Identifier<EntrustmentContract>
    public let id: ID
    public var organisationUnitID: OrganisationUnit.ID
    public var number: String
    public var signedOn: BusinessDate
    public var validFrom: BusinessDate
    public var validTo: BusinessDate?
    /// Phạm vi ủy thác: the programmes or area the contract covers, as written.
    public var scope: String
    public var tasks: [EntrustedTask]
    public var replaces: ID?

    public init(id: ID, organisationUnitID: OrganisationUnit.ID, number: String, signedOn: BusinessDate, validFrom: BusinessDate,
                validTo: BusinessDate?, scope: String, tasks: [EntrustedTask], replaces: ID?) {
        self.id = id
        self.organisationUnitID = organisationUnitID
        self.number = number
        self.signedOn = signedOn
        self.validFrom = validFrom
        self.validTo = validTo
        self.scope = scope
        self.tasks = tasks
        self.replaces = replaces
    }


    /// The contract this one replaces among a unit's `existing` contracts (nil for a first or an
    /// additional one): a renewal starts after the one it replaces, and no other contract of the
    /// unit may overlap it.
    public func replacing(among existing: [EntrustmentContract]) throws(NetworkError) -> EntrustmentContract? {
        let replaced = replaces.flatMap { id in existing.first { $0.id == id } }
        if replaces != nil, replaced == nil { throw .invalidContract("hợp đồng được thay thế không thuộc tổ chức này") }
        if let replaced, validFrom <= replaced.validFrom {
            throw .invalidContract("hợp đồng mới phải có hiệu lực sau ngày \(replaced.validFrom.vietnamese)")
        }
        let open = BusinessDate(dayNumber: Int.max / 2)
        for other in existing where other.id != replaced?.id {
            if other.validFrom <= (validTo ?? open), validFrom <= (other.validTo ?? open) { throw .contractOverlaps(other.number) }
        }
        return replaced
    }

    /// What a contract must hold before it is stored.
    public func validate() throws(NetworkError) {
        guard !number.trimmingCharacters(in: .whitespaces).isEmpty else { throw .invalidContract("thiếu số hợp đồng") }
        guard signedOn <= validFrom else { throw .invalidContract("ngày hiệu lực trước ngày ký") }
        if let validTo, validTo < validFrom { throw .invalidContract("ngày hết hạn trước ngày hiệu lực") }
        guard !tasks.isEmpty else { throw .invalidContract("chưa chọn công đoạn ủy thác nào") }
        guard Set(tasks).count == tasks.count else { throw .invalidContract("công đoạn ủy thác bị trùng") }
    }
}

/// Sáu công đoạn ủy thác (wording unconfirmed; content stable in VBSP practice).
public enum EntrustedTask: String, Sendable, Codable, CaseIterable, Hashable {
    case dissemination
    case groups
    case vetting
    case notification
    case supervision
    case collection

    public var label: String {
        switch self {
        case .dissemination: "1. Tuyên truyền chính sách, phát hiện hộ có nhu cầu và đủ điều kiện vay"
        case .groups: "2. Thành lập, củng cố, chỉ đạo Tổ TK&VV"
        case .vetting: "3. Tham gia họp bình xét, giám sát công khai danh sách"
        case .notification: "4. Thông báo kết quả phê duyệt (04/TD), chứng kiến giải ngân"
        case .supervision: "5. Kiểm tra sử dụng vốn, đôn đốc trả nợ, xử lý nợ quá hạn, nợ rủi ro"
        case .collection: "6. Chỉ đạo tổ thu lãi, tiết kiệm; dự giao dịch xã và giao ban"
        }
    }
}
