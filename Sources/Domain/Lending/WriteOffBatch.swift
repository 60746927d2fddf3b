import Foundation

/// Trạng thái đợt xóa nợ: compiled (open to files), submitted with its tờ trình, then decided.
public enum WriteOffBatchStatus: String, Sendable, Codable, CaseIterable {
    case open, submitted, approved, rejected

    public var label: String {
        switch self {
        case .open: "Đang lập hồ sơ"
        case .submitted: "Đã trình"
        case .approved: "Đã phê duyệt"
        case .rejected: "Không phê duyệt"
        }
    }
}

/// One file of a batch as it stands: the measure, the amounts at filing and the level they need.
public struct WriteOffFileFigures: Sendable, Equatable {
    public var measure: WriteOffMeasure
    public var interest: Money
    public var principal: Money

    public init(measure: WriteOffMeasure, interest: Money, principal: Money) {
        self.measure = measure
        self.interest = interest
        self.principal = principal
    }

    /// Both written off together; a sum past `Int64` (only a corrupt stored value could give
    /// one) is the largest amount, which the highest level decides.
    public var amount: Money {
        (try? interest.adding(principal)) ?? Money(dong: .max)
    }
}

/// Quyết định của cấp có thẩm quyền on a submitted batch.
public struct WriteOffDecision: Sendable, Codable, Equatable {
    public var approved: Bool
    public var number: String
    public var date: BusinessDate
    public var level: WriteOffLevel
    public var note: String

    public init(
        approved: Bool, number: String, date: BusinessDate, level: WriteOffLevel, note: String
    ) {
        self.approved = approved
        self.number = number
        self.date = date
        self.level = level
        self.note = note
    }
}

/// Đợt xóa nợ: the rules of a batch's life, pure.
public enum WriteOffBatches {
    /// The level a batch needs: the highest any of its files needs.
    public static func level(
        _ files: [WriteOffFileFigures], limits: WriteOffApprovalLimits
    ) -> WriteOffLevel {
        files.map { limits.level(for: $0.amount) }.max() ?? .branch
    }

    /// Files are added and withdrawn only while the batch is being compiled.
    public static func checkOpen(_ status: WriteOffBatchStatus) throws(LendingError) {
        guard status == .open else { throw .wrongStage(status.label) }
    }

    /// Trình: an open batch with at least one file.
    public static func checkSubmit(
        _ status: WriteOffBatchStatus, files: Int
    )
        throws(LendingError)
    {
        try checkOpen(status)
        guard files > 0 else { throw .riskLimit("đợt chưa có hồ sơ nào") }
    }

    /// A decision on a submitted batch, numbered, dated between submission and today, by a
    /// level no lower than the batch needs; approving with every file set aside is a refusal.
    public static func checkDecision(
        _ d: WriteOffDecision, status: WriteOffBatchStatus, submittedOn: BusinessDate?,
        required: WriteOffLevel, files: Int, setAside: Int, today: BusinessDate
    ) throws(LendingError) {
        guard status == .submitted else { throw .wrongStage(status.label) }
        let number = d.number.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !number.isEmpty, number.count <= 100 else {
            throw .riskLimit("ghi số quyết định (tối đa 100 ký tự)")
        }
        guard d.date <= today else { throw .futureDate(d.date) }
        if let submittedOn, d.date < submittedOn {
            throw .riskLimit("ngày quyết định trước ngày trình \(submittedOn.vietnamese)")
        }
        guard d.level >= required else {
            throw .riskLimit("đợt này phải do \(required.label) phê duyệt")
        }
        guard !d.approved || setAside < files else {
            throw .riskLimit("phê duyệt mà loại hết hồ sơ: ghi là không phê duyệt")
        }
    }
}
