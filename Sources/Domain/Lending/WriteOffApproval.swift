import Foundation

/// Cấp phê duyệt xóa nợ, lowest first. Which level decides which amount is dated data
/// (`WriteOffApprovalLimits`): the delegation is VBSP's and `lending.md` does not confirm it.
public enum WriteOffLevel: String, Sendable, Codable, CaseIterable, Comparable {
    /// Giám đốc chi nhánh NHCSXH tỉnh.
    case branch
    /// Tổng Giám đốc NHCSXH.
    case headOffice = "head_office"
    /// Hội đồng quản trị NHCSXH.
    case board

    public var label: String {
        switch self {
        case .branch: "Giám đốc chi nhánh NHCSXH tỉnh"
        case .headOffice: "Tổng Giám đốc NHCSXH"
        case .board: "Hội đồng quản trị NHCSXH"
        }
    }

    var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
}

/// Mức phân cấp phê duyệt: the largest amount of one file each level may write off, in force
/// on a date; above the head office's limit the board decides.
public struct WriteOffApprovalLimits: Sendable, Equatable {
    public var branchMax: Money
    public var headOfficeMax: Money

    public init(branchMax: Money, headOfficeMax: Money) {
        self.branchMax = branchMax
        self.headOfficeMax = headOfficeMax
    }

    /// The lowest level that may decide a file of this amount (principal and interest written
    /// off).
    public func level(for amount: Money) -> WriteOffLevel {
        if amount <= branchMax { return .branch }
        if amount <= headOfficeMax { return .headOffice }
        return .board
    }
}
