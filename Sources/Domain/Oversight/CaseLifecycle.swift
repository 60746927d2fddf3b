import Foundation

/// Trạng thái của phát hiện hoặc vụ việc: tiếp nhận → mở → đang xử lý → đã khắc phục → đã đóng,
/// and back to open when a closed case is reopened within the window.
public enum CaseStatus: String, Sendable, Codable, CaseIterable {
    case received
    case open
    case inProgress = "in_progress"
    case resolved
    case closed

    public var label: String {
        switch self {
        case .received: "Đã tiếp nhận"
        case .open: "Đang mở"
        case .inProgress: "Đang xử lý"
        case .resolved: "Đã khắc phục"
        case .closed: "Đã đóng"
        }
    }

    /// Still owed: a due date passed while the case is in one of these is overdue.
    public var isPending: Bool { self != .resolved && self != .closed }

    /// Where a case may go from here (reopening a closed case is also dated: see
    /// `CaseLifecycle.step`).
    public var next: [CaseStatus] {
        switch self {
        case .received: [.open, .closed]
        case .open: [.inProgress, .resolved]
        case .inProgress: [.resolved]
        case .resolved: [.closed, .inProgress]
        case .closed: [.open]
        }
    }
}

/// Mức độ ưu tiên.
public enum CasePriority: String, Sendable, Codable, CaseIterable {
    case low, normal, high, urgent

    public var label: String {
        switch self {
        case .low: "Thấp"
        case .normal: "Bình thường"
        case .high: "Cao"
        case .urgent: "Khẩn"
        }
    }
}

/// Where a case stands, as its steps left it.
public struct CaseStanding: Sendable, Equatable {
    public var status: CaseStatus
    /// The date of the last step (or of the record): a step is never dated before it.
    public var lastStepOn: BusinessDate
    /// When it was last closed: reopening is allowed within `CaseRules.reopenWindowDays`.
    public var closedOn: BusinessDate?

    public init(status: CaseStatus, lastStepOn: BusinessDate, closedOn: BusinessDate?) {
        self.status = status
        self.lastStepOn = lastStepOn
        self.closedOn = closedOn
    }
}

/// The dated rules of follow-up, read from reference data (`case_reopen_days`).
public struct CaseRules: Sendable, Equatable {
    /// Days after closing during which a case may be reopened. The product's own default (30)
    /// is unconfirmed: it lives in the reference table, with its source.
    public var reopenWindowDays: Int

    public static let standard = CaseRules(reopenWindowDays: 30)

    public init(reopenWindowDays: Int) { self.reopenWindowDays = reopenWindowDays }
}

/// One step of follow-up, as it will be stored and audited.
public struct CaseStep: Sendable, Codable, Equatable {
    public var from: CaseStatus
    public var to: CaseStatus
    public var on: BusinessDate
    public var note: String

    public init(from: CaseStatus, to: CaseStatus, on: BusinessDate, note: String) {
        self.from = from
        self.to = to
        self.on = on
        self.note = note
    }
}

/// Theo dõi xử lý: the one rule of which step a case may take.
public enum CaseLifecycle {
    public static let noteLimit = 2_000

    /// The step from the standing to `to` on `date`, or the reason it is refused: only the
    /// moves `CaseStatus.next` lists; never in the future nor before the last step; a note
    /// (what was done, or why) for resolving, closing and reopening; reopening only within the
    /// window after closing.
    public static func step(
        _ standing: CaseStanding, to: CaseStatus, on date: BusinessDate, note: String,
        rules: CaseRules, today: BusinessDate
    ) throws(OversightError) -> CaseStep {
        let text = note.trimmingCharacters(in: .whitespacesAndNewlines)
        func refuse(_ why: String) -> OversightError {
            .transitionRefused(from: standing.status.label, to: to.label, why: why)
        }
        guard text.count <= noteLimit else {
            throw .invalid(field: "note", why: "ghi chú tối đa \(noteLimit) ký tự")
        }
        guard date <= today else { throw .invalid(field: "date", why: "ngày ở tương lai") }
        guard date >= standing.lastStepOn else {
            throw .invalid(
                field: "date",
                why: "ngày trước bước xử lý gần nhất (\(standing.lastStepOn.vietnamese))")
        }
        guard standing.status.next.contains(to) else {
            throw refuse(
                "chỉ được chuyển sang "
                    + standing.status.next.map(\.label).joined(separator: ", "))
        }
        if [.resolved, .closed].contains(to) || standing.status == .closed, text.isEmpty {
            throw .invalid(field: "note", why: "ghi rõ việc đã làm hoặc lý do")
        }
        if standing.status == .closed {
            let closed = standing.closedOn ?? standing.lastStepOn
            guard date <= closed.adding(days: rules.reopenWindowDays) else {
                throw refuse(
                    "quá \(rules.reopenWindowDays) ngày kể từ ngày đóng (\(closed.vietnamese))")
            }
        }
        return CaseStep(from: standing.status, to: to, on: date, note: text)
    }

    /// Quá hạn: a due date passed and the case still pending.
    public static func isOverdue(
        status: CaseStatus, dueOn: BusinessDate?, on date: BusinessDate
    ) -> Bool {
        guard let dueOn else { return false }
        return status.isPending && dueOn < date
    }
}
