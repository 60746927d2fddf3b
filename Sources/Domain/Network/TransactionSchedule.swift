/// Lịch giao dịch cố định: a commune transaction point sits on the same day of every month, at
/// fixed hours, from a date. A new schedule from a later date replaces the old one from then.
public struct TransactionSchedule: DatedValidity, Sendable, Codable, Hashable {
    public let id: String
    public var pointID: String
    /// Ngày trong tháng; in a shorter month the sitting is on its last day.
    public var dayOfMonth: Int
    /// "07:30"
    public var startsAt: String
    public var endsAt: String
    public var validFrom: BusinessDate
    public var validTo: BusinessDate?

    public init(id: String, pointID: String, dayOfMonth: Int, startsAt: String, endsAt: String, validFrom: BusinessDate, validTo: BusinessDate?) {
        self.id = id
        self.pointID = pointID
        self.dayOfMonth = dayOfMonth
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.validFrom = validFrom
        self.validTo = validTo
    }

    public var hours: String { "\(startsAt)–\(endsAt)" }

    public func validate() throws(NetworkError) {
        guard (1...31).contains(dayOfMonth) else { throw .invalidSchedule("ngày giao dịch phải từ 1 đến 31") }
        guard let start = Self.minutes(startsAt), let end = Self.minutes(endsAt) else {
            throw .invalidSchedule("giờ phải có dạng HH:MM, ví dụ 07:30")
        }
        guard start < end else { throw .invalidSchedule("giờ kết thúc phải sau giờ bắt đầu") }
        if let validTo, validTo < validFrom { throw .invalidSchedule("ngày hết hiệu lực trước ngày có hiệu lực") }
    }

    /// Minutes after midnight of "HH:MM", or nil.
    static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m) else { return nil }
        return h * 60 + m
    }

    /// The sitting of `month` (its first day), or nil when the schedule is not in force that day.
    public func sitting(in month: BusinessDate) -> BusinessDate? {
        let day = min(dayOfMonth, month.daysInMonth)
        guard let date = try? BusinessDate(year: month.year, month: month.month, day: day) else { return nil }
        guard isInForce(on: date) else { return nil }
        return date
    }
}

/// Trạng thái ngày giao dịch.
public enum TransactionDayStatus: String, Sendable, Codable, CaseIterable {
    case planned, held, rescheduled, cancelled

    public var label: String {
        switch self {
        case .planned: "Theo lịch"
        case .held: "Đã giao dịch"
        case .rescheduled: "Đã đổi ngày"
        case .cancelled: "Đã hủy"
        }
    }
}

/// Biên bản một phiên giao dịch: who came, what was done (the lending context adds its own lines),
/// problems raised at the briefing (giao ban) with commune leaders and organisations.
public struct TransactionDayRecord: Sendable, Codable, Hashable {
    public var bankStaff: String
    public var attendees: String
    public var business: String
    public var briefing: String

    public init(bankStaff: String, attendees: String, business: String, briefing: String) {
        self.bankStaff = bankStaff
        self.attendees = attendees
        self.business = business
        self.briefing = briefing
    }
}

/// One sitting of a point: planned from the schedule, or a new date a planned one was moved to.
public struct TransactionDay: Sendable, Codable, Hashable {
    public let id: String
    public var pointID: String
    /// The sitting's slot: the month it belongs to ("2026-12"), with a suffix for a moved sitting.
    public var slot: String
    public var date: BusinessDate
    public var hours: String
    public var status: TransactionDayStatus
    public var rescheduledTo: String?
    public var rescheduledFrom: String?
    public var reason: String
    public var record: TransactionDayRecord?

    public init(id: String, pointID: String, slot: String, date: BusinessDate, hours: String, status: TransactionDayStatus,
                rescheduledTo: String? = nil, rescheduledFrom: String? = nil, reason: String = "", record: TransactionDayRecord? = nil) {
        self.id = id
        self.pointID = pointID
        self.slot = slot
        self.date = date
        self.hours = hours
        self.status = status
        self.rescheduledTo = rescheduledTo
        self.rescheduledFrom = rescheduledFrom
        self.reason = reason
        self.record = record
    }

    /// Saturday or Sunday: the office usually moves such a sitting (the rule is not confirmed, so
    /// it is flagged, not moved).
    public var fallsOnWeekend: Bool { date.weekday >= 6 }
}

/// The rules of the transaction calendar.
public enum TransactionCalendar {
    /// The sittings the schedules give for each month from `from` through `through` (first days
    /// of months), one per month: the schedule in force on the sitting's day, the latest if two are.
    public static func sittings(_ schedules: [TransactionSchedule], from: BusinessDate, through: BusinessDate) -> [(slot: String, date: BusinessDate, hours: String)] {
        var result: [(String, BusinessDate, String)] = []
        var month = from.firstOfMonth
        while month <= through.firstOfMonth {
            let candidates = schedules.compactMap { s in s.sitting(in: month).map { (s, $0) } }
            if let (schedule, date) = candidates.max(by: { $0.0.validFrom < $1.0.validFrom }) {
                result.append((String(month.iso.prefix(7)), date, schedule.hours))
            }
            month = month.adding(days: month.daysInMonth)
        }
        return result
    }

    /// Why a day cannot change as asked, if it cannot: only a planned day moves, is held or is
    /// cancelled; a day is held on or after its date; a move goes to another day not in the past.
    public static func problem(changing day: TransactionDay, to status: TransactionDayStatus, newDate: BusinessDate?,
                               reason: String, today: BusinessDate) -> NetworkError? {
        guard day.status == .planned else { return .dayNotPlanned(day.status.label) }
        switch status {
        case .planned: return .dayNotPlanned(day.status.label)
        case .held: return day.date > today ? .dayInFuture(day.date.vietnamese) : nil
        case .rescheduled:
            guard let newDate else { return .invalidSchedule("thiếu ngày giao dịch mới") }
            if newDate == day.date { return .invalidSchedule("ngày mới trùng ngày cũ") }
            if newDate < today { return .invalidSchedule("ngày mới đã qua") }
            return reason.trimmingCharacters(in: .whitespaces).isEmpty ? .invalidSchedule("cần ghi lý do đổi ngày") : nil
        case .cancelled:
            return reason.trimmingCharacters(in: .whitespaces).isEmpty ? .invalidSchedule("cần ghi lý do hủy phiên giao dịch") : nil
        }
    }
}
