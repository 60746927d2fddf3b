/// What a group did in a month, in plain figures (month-end fills them from lending and savings
/// once those exist; until then they are entered or imported). Percentages are whole per cent.
public struct GroupMonthFigures: Sendable, Codable, Hashable {
    /// Sinh hoạt tổ, giao dịch: meetings held and sittings attended in the month.
    public var meetingsHeld: Int
    /// Tỷ lệ nợ quá hạn, in per mille of the group's outstanding (12 = 1,2 %).
    public var overduePerMille: Int
    /// Thu nợ gốc đến hạn, % collected.
    public var principalCollectedPercent: Int
    /// Thu lãi, % of the interest due collected.
    public var interestCollectedPercent: Int
    /// Tổ viên có tiền gửi tiết kiệm, % of members.
    public var membersSavingPercent: Int
    /// Tăng trưởng tiền gửi so với tháng trước, % (may be negative).
    public var savingsGrowthPercent: Int

    public init(meetingsHeld: Int, overduePerMille: Int, principalCollectedPercent: Int, interestCollectedPercent: Int,
                membersSavingPercent: Int, savingsGrowthPercent: Int) {
        self.meetingsHeld = meetingsHeld
        self.overduePerMille = overduePerMille
        self.principalCollectedPercent = principalCollectedPercent
        self.interestCollectedPercent = interestCollectedPercent
        self.membersSavingPercent = membersSavingPercent
        self.savingsGrowthPercent = savingsGrowthPercent
    }

    func value(of metric: GroupMetric) -> Int {
        switch metric {
        case .activity: meetingsHeld
        case .overdue: overduePerMille
        case .principalCollection: principalCollectedPercent
        case .interestCollection: interestCollectedPercent
        case .membersSaving: membersSavingPercent
        case .savingsGrowth: savingsGrowthPercent
        }
    }

    public func validate() throws(NetworkError) {
        guard meetingsHeld >= 0, overduePerMille >= 0 else { throw .invalidGroup("số liệu chấm điểm không được âm") }
        for percent in [principalCollectedPercent, interestCollectedPercent, membersSavingPercent] where !(0...100).contains(percent) {
            throw .invalidGroup("tỷ lệ phần trăm phải từ 0 đến 100")
        }
        guard overduePerMille <= 1000 else { throw .invalidGroup("tỷ lệ nợ quá hạn phải từ 0 đến 1000 ‰") }
    }
}

/// Thành phần chấm điểm.
public enum GroupMetric: String, Sendable, Codable, CaseIterable {
    case activity, overdue
    case principalCollection = "principal_collection"
    case interestCollection = "interest_collection"
    case membersSaving = "members_saving"
    case savingsGrowth = "savings_growth"

    public var label: String {
        switch self {
        case .activity: "Sinh hoạt, giao dịch trong tháng"
        case .overdue: "Tỷ lệ nợ quá hạn (‰)"
        case .principalCollection: "Thu nợ gốc đến hạn (%)"
        case .interestCollection: "Thu lãi (%)"
        case .membersSaving: "Tổ viên có tiết kiệm (%)"
        case .savingsGrowth: "Tăng trưởng tiền gửi (%)"
        }
    }
}

/// One component of the scoring table: the bands are tried in order and the first one the value
/// meets gives the points (`atLeast` for "higher is better", `atMost` for overdue).
public struct ScoringComponent: Sendable, Codable, Hashable {
    public struct Band: Sendable, Codable, Hashable {
        public var atLeast: Int?
        public var atMost: Int?
        public var points: Int
        public init(atLeast: Int? = nil, atMost: Int? = nil, points: Int) {
            self.atLeast = atLeast
            self.atMost = atMost
            self.points = points
        }
        func admits(_ value: Int) -> Bool { (atLeast.map { value >= $0 } ?? true) && (atMost.map { value <= $0 } ?? true) }
    }

    public var metric: GroupMetric
    public var bands: [Band]

    public init(metric: GroupMetric, bands: [Band]) {
        self.metric = metric
        self.bands = bands
    }

    public var maxPoints: Int { bands.map(\.points).max() ?? 0 }
}

/// Bảng chấm điểm Tổ TK&VV: components and grade cut-offs, dated with their source. VBSP's weights
/// are not confirmed, so the table is data; a month is always rated with the table in force at
/// its end, which makes any past month's grade reproducible.
public struct GroupScoringTable: Sendable, Codable, Hashable {
    public var code: String
    public var name: String
    public var validFrom: BusinessDate
    public var legalSource: String
    public var components: [ScoringComponent]
    /// Minimum scores of Tốt, Khá, Trung bình; below the last, Yếu.
    public var goodFrom: Int
    public var fairFrom: Int
    public var averageFrom: Int

    public init(code: String, name: String, validFrom: BusinessDate, legalSource: String, components: [ScoringComponent],
                goodFrom: Int, fairFrom: Int, averageFrom: Int) {
        self.code = code
        self.name = name
        self.validFrom = validFrom
        self.legalSource = legalSource
        self.components = components
        self.goodFrom = goodFrom
        self.fairFrom = fairFrom
        self.averageFrom = averageFrom
    }

    public var maxScore: Int { components.map(\.maxPoints).reduce(0, +) }

    public func validate() throws(NetworkError) {
        guard !code.isEmpty, !name.isEmpty, !legalSource.isEmpty else { throw .invalidGroup("bảng chấm điểm thiếu mã, tên hoặc căn cứ") }
        guard Set(components.map(\.metric)).count == components.count, !components.isEmpty else {
            throw .invalidGroup("mỗi thành phần chấm điểm xuất hiện đúng một lần")
        }
        guard components.allSatisfy({ !$0.bands.isEmpty }) else { throw .invalidGroup("thành phần chấm điểm chưa có mức điểm") }
        guard averageFrom < fairFrom, fairFrom < goodFrom, goodFrom <= maxScore else {
            throw .invalidGroup("ngưỡng xếp loại phải tăng dần: trung bình < khá < tốt ≤ \(maxScore)")
        }
    }

    /// The table in force at the end of `month` (its first day given): the latest started by then.
    public static func inForce(for month: BusinessDate, among tables: [GroupScoringTable]) -> GroupScoringTable? {
        let end = month.firstOfMonth.adding(days: month.daysInMonth - 1)
        return tables.filter { $0.validFrom <= end }.max { ($0.validFrom, $0.code) < ($1.validFrom, $1.code) }
    }
}

/// Xếp loại tổ from the month's figures under a scoring table: the points of each component, their
/// sum, the grade, and a line per component that says why.
public enum GroupRatingRule {
    public static func rate(_ figures: GroupMonthFigures, under table: GroupScoringTable) -> (grade: GroupGrade, score: Int, reasons: [String]) {
        var score = 0
        var reasons: [String] = []
        for component in table.components {
            let value = figures.value(of: component.metric)
            let points = component.bands.first { $0.admits(value) }?.points ?? 0
            score += points
            reasons.append("\(component.metric.label): \(value) → \(points)/\(component.maxPoints) điểm")
        }
        let grade: GroupGrade = score >= table.goodFrom ? .good : score >= table.fairFrom ? .fair : score >= table.averageFrom ? .average : .weak
        reasons.append("Tổng \(score)/\(table.maxScore) điểm theo bảng \(table.code): \(grade.label)")
        return (grade, score, reasons)
    }
}

/// The first scoring table, as seed data: the components VBSP's monthly report shows, with weights
/// and cut-offs that are placeholders until the bank's table is loaded.
public enum GroupScoringCatalogue {
    public static let placeholder2025 = GroupScoringTable(
        code: "tk-vv-2025", name: "Bảng chấm điểm Tổ TK&VV (tạm tính, chưa đối chiếu)",
        validFrom: BusinessDate(fixedYear: 2025, month: 7, day: 1),
        legalSource: "Chưa có văn bản gốc: thành phần theo báo cáo «Chấm điểm Tổ TK&VV» của NHCSXH; trọng số, ngưỡng tạm tính",
        components: [
            ScoringComponent(metric: .activity, bands: [.init(atLeast: 2, points: 15), .init(atLeast: 1, points: 10), .init(points: 0)]),
            ScoringComponent(metric: .overdue, bands: [.init(atMost: 0, points: 30), .init(atMost: 10, points: 20), .init(atMost: 30, points: 10),
                                                        .init(points: 0)]),
            ScoringComponent(metric: .principalCollection, bands: [.init(atLeast: 100, points: 15), .init(atLeast: 90, points: 10),
                                                                    .init(atLeast: 70, points: 5), .init(points: 0)]),
            ScoringComponent(metric: .interestCollection, bands: [.init(atLeast: 100, points: 20), .init(atLeast: 95, points: 15),
                                                                   .init(atLeast: 85, points: 8), .init(points: 0)]),
            ScoringComponent(metric: .membersSaving, bands: [.init(atLeast: 100, points: 10), .init(atLeast: 80, points: 7),
                                                              .init(atLeast: 50, points: 3), .init(points: 0)]),
            ScoringComponent(metric: .savingsGrowth, bands: [.init(atLeast: 1, points: 10), .init(atLeast: 0, points: 5), .init(points: 0)]),
        ],
        goodFrom: 85, fairFrom: 70, averageFrom: 50)
}
