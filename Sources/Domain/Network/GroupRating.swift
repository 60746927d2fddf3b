/// Xếp loại tổ: the grade of a group for a month. API values are the fixed contract's.
public enum GroupGrade: String, Sendable, Codable, CaseIterable, Comparable {
    case good, fair, average, weak

    public var label: String {
        switch self {
        case .good: "Tốt"
        case .fair: "Khá"
        case .average: "Trung bình"
        case .weak: "Yếu"
        }
    }

    /// Accepts the API value or the Vietnamese word, with or without diacritics.
    public init(text: String) throws(NetworkError) {
        let folded = TextFolding.fold(text)
        if let grade = GroupGrade(rawValue: folded) { self = grade; return }
        switch folded {
        case "tot": self = .good
        case "kha": self = .fair
        case "trung binh", "tb": self = .average
        case "yeu": self = .weak
        default: throw .invalidGroup("xếp loại «\(text)» không hợp lệ (Tốt, Khá, Trung bình, Yếu)")
        }
    }

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    /// Better grades sort first.
    public static func < (a: GroupGrade, b: GroupGrade) -> Bool { a.rank < b.rank }
}

/// A group's grade for one month: computed by month-end from the scoring table, or imported from
/// the bank's monthly file, which wins (stored as given).
public struct GroupRating: Sendable, Codable, Equatable {
    public enum Source: String, Sendable, Codable {
        case computed, imported

        public var label: String { self == .computed ? "Tính theo bảng điểm" : "Theo tệp của ngân hàng" }
    }

    public let groupID: String
    /// yyyy-mm
    public let month: String
    public let grade: GroupGrade
    public let score: Int?
    public let source: Source
    /// How the score was reached (the components and the table used), or the file it came from.
    public let detail: String

    public init(groupID: String, month: String, grade: GroupGrade, score: Int?, source: Source, detail: String) {
        self.groupID = groupID
        self.month = month
        self.grade = grade
        self.score = score
        self.source = source
        self.detail = detail
    }
}
