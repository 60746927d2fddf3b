/// Tổ tiết kiệm và vay vốn (Tổ TK&VV): a group of borrowing households of one village or
/// residential group, run by one entrusted organisation, with an authorisation contract
/// (hợp đồng ủy nhiệm) with the bank.
public struct SavingsGroup: Sendable, Codable, Hashable {
    public typealias ID = Identifier<SavingsGroup>
    public enum Status: String, Sendable, Codable {
        case active
        /// Giải thể, or merged into another group (`mergedInto`).
        case dissolved

        public var label: String { self == .active ? "Đang hoạt động" : "Đã giải thể" }
    }

    public let id: ID
    public var name: String
    public var organisation: Organisation
    /// The commune (2025 unit version) the group's village belongs to.
    public var unitID: AdministrativeUnit.ID
    /// Thôn / tổ dân phố, as the commune's village list names it.
    public var village: String
    public var foundedOn: BusinessDate
    /// Hợp đồng ủy nhiệm: number and date.
    public var authorisationNumber: String
    public var authorisationDate: BusinessDate?
    /// Biên bản thành lập tổ: reference or summary of the founding minutes.
    public var foundingMinutes: String
    public var status: Status
    public var dissolvedOn: BusinessDate?
    public var mergedInto: ID?

    public init(id: ID, name: String, organisation: Organisation, unitID: AdministrativeUnit.ID, village: String,
                foundedOn: BusinessDate, authorisationNumber: String, authorisationDate: BusinessDate?, foundingMinutes: String,
                status: Status = .active, dissolvedOn: BusinessDate? = nil, mergedInto: ID? = nil) {
        self.id = id
        self.name = name
        self.organisation = organisation
        self.unitID = unitID
        self.village = village
        self.foundedOn = foundedOn
        self.authorisationNumber = authorisationNumber
        self.authorisationDate = authorisationDate
        self.foundingMinutes = foundingMinutes
        self.status = status
        self.dissolvedOn = dissolvedOn
        self.mergedInto = mergedInto
    }

    /// What a new group must hold.
    public func validate() throws(NetworkError) {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty, name.count <= 120 else { throw .invalidGroup("tên tổ phải có từ 1 đến 120 ký tự") }
        guard !village.trimmingCharacters(in: .whitespaces).isEmpty else { throw .invalidGroup("thiếu thôn / tổ dân phố") }
        if let date = authorisationDate, date < foundedOn { throw .invalidGroup("hợp đồng ủy nhiệm ký trước ngày thành lập tổ") }
    }
}

/// Ban quản lý tổ: the two posts.
public enum BoardPost: String, Sendable, Codable, CaseIterable {
    /// Tổ trưởng
    case leader
    /// Tổ phó
    case deputy

    public var label: String { self == .leader ? "Tổ trưởng" : "Tổ phó" }
}

/// Loại cuộc họp tổ.
public enum MeetingKind: String, Sendable, Codable, CaseIterable {
    case founding
    case regular
    /// Họp bình xét cho vay: the votes on applications land here once lending exists.
    case vetting
    case election

    public var label: String {
        switch self {
        case .founding: "Họp thành lập tổ"
        case .regular: "Sinh hoạt định kỳ"
        case .vetting: "Họp bình xét cho vay"
        case .election: "Bầu ban quản lý tổ"
        }
    }
}

/// Biên bản họp tổ.
public struct GroupMeeting: Sendable, Codable, Hashable {
    public let id: String
    public var groupID: SavingsGroup.ID
    public var heldOn: BusinessDate
    public var kind: MeetingKind
    public var attendees: Int
    public var minutes: String

    public init(id: String, groupID: SavingsGroup.ID, heldOn: BusinessDate, kind: MeetingKind, attendees: Int, minutes: String) {
        self.id = id
        self.groupID = groupID
        self.heldOn = heldOn
        self.kind = kind
        self.attendees = attendees
        self.minutes = minutes
    }

    public func validate(membersOnDate: Int) throws(NetworkError) {
        guard attendees >= 0 else { throw .invalidMeeting("số người dự không được âm") }
        guard attendees <= membersOnDate else { throw .invalidMeeting("số người dự (\(attendees)) nhiều hơn số tổ viên (\(membersOnDate))") }
        guard !minutes.trimmingCharacters(in: .whitespaces).isEmpty else { throw .invalidMeeting("thiếu nội dung biên bản") }
    }
}
