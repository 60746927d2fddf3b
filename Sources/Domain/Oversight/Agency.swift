import Foundation

/// Cơ quan, đơn vị được giao nhiệm vụ: a recipient of a directive or a letter of the People's
/// Committee, to which tasks are assigned and which reports on them. Agencies are kept per
/// province; `id` is a short code stable across provinces (`finance`, `vbsp`…).
public struct Agency: Hashable, Sendable, Codable {
    public typealias ID = Identifier<Agency>

    /// What kind of recipient it is: decides which role speaks for it (`Agency.speaks`).
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Các cơ quan, tổ chức, đơn vị (every agency and organisation).
        case allAgencies = "all_agencies"
        /// Sở Tài chính (with Planning & Investment, merged into Finance in 2025).
        case finance
        /// Sở Xây dựng.
        case construction
        /// Chi nhánh NHCSXH tỉnh.
        case bankBranch = "bank_branch"
        /// UBND các xã, phường (the districts of the letter were abolished on 01/07/2025).
        case communes
        /// Ủy ban MTTQ và các tổ chức chính trị - xã hội.
        case front
        /// Ban đại diện HĐQT NHCSXH tỉnh.
        case board
        /// Any other recipient a later document names.
        case other

        public var label: String {
            switch self {
            case .allAgencies: "Các cơ quan, tổ chức, đơn vị"
            case .finance: "Sở Tài chính"
            case .construction: "Sở Xây dựng"
            case .bankBranch: "Chi nhánh NHCSXH tỉnh"
            case .communes: "UBND các xã, phường"
            case .front: "MTTQ và các tổ chức chính trị - xã hội"
            case .board: "Ban đại diện HĐQT NHCSXH tỉnh"
            case .other: "Cơ quan khác"
            }
        }
    }

    public let id: ID
    public let name: String
    public let kind: Kind

    public init(id: ID, name: String, kind: Kind) {
        self.id = id
        self.name = name
        self.kind = kind
    }

    /// The seven recipients of the seed letter (UBND tỉnh Hưng Yên, 11/2024, on Directive
    /// 40-CT/TW), in the order of its items 1–7.
    public static let seedLetter: [Agency] = [
        Agency(id: "agencies", name: "Các cơ quan, tổ chức, đơn vị", kind: .allAgencies),
        Agency(
            id: "finance",
            name: "Sở Tài chính (gồm Sở Kế hoạch và Đầu tư, hợp nhất năm 2025)", kind: .finance),
        Agency(id: "construction", name: "Sở Xây dựng", kind: .construction),
        Agency(id: "vbsp", name: "Chi nhánh Ngân hàng Chính sách xã hội tỉnh", kind: .bankBranch),
        Agency(id: "communes", name: "UBND các xã, phường", kind: .communes),
        Agency(
            id: "front", name: "Ủy ban MTTQ Việt Nam tỉnh và các tổ chức chính trị - xã hội",
            kind: .front),
        Agency(
            id: "vbsp-board", name: "Ban đại diện Hội đồng quản trị NHCSXH tỉnh", kind: .board),
    ]

    /// The kind of agency a role reports for; nil for the roles that report for any agency
    /// (administrators, the province) and for those that report for none (group leaders).
    public static func kind(reportedBy role: Role) -> Kind? {
        switch role {
        case .finance: .finance
        case .construction: .construction
        case .bank: .bankBranch
        case .commune: .communes
        case .union: .front
        case .inspector: .board
        case .admin, .province, .leader: nil
        }
    }

    /// Whether an officer of `role` may report progress on this agency's tasks: each speaks for
    /// its own agency; the province and administrators for any; a group leader for none.
    public static func speaks(_ role: Role, for agency: Agency) -> Bool {
        switch role {
        case .admin, .province: true
        case .leader: false
        default: kind(reportedBy: role) == agency.kind
        }
    }
}
