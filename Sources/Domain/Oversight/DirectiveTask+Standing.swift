import Foundation

/// Kỳ báo cáo: a quarter ("2026-Q4"), a year ("2026"), or the one period of a task done once
/// (labelled by its due date, "2026-12-31").
public enum ReportingPeriod: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    case quarter(year: Int, quarter: Int)
    case year(Int)
    case once(dueOn: BusinessDate)

    public var label: String {
        switch self {
        case .quarter(let y, let q): "\(Self.year4(y))-Q\(q)"
        case .year(let y): Self.year4(y)
        case .once(let due): due.iso
        }
    }

    public var description: String { label }

    /// "Quý IV/2026", "Năm 2026", "Hạn 31/12/2026".
    public var vietnamese: String {
        switch self {
        case .quarter(let y, let q): "Quý \(["I", "II", "III", "IV"][min(max(q, 1), 4) - 1])/\(y)"
        case .year(let y): "Năm \(y)"
        case .once(let due): "Hạn \(due.vietnamese)"
        }
    }

    /// Reads a label as `label` writes it; the years people may give (1900–2100).
    public init(label text: String) throws(OversightError) {
        let t = text.trimmingCharacters(in: .whitespaces)
        let bad = OversightError.invalid(
            field: "period",
            why: "kỳ báo cáo có dạng 2026-Q4 (quý), 2026 (năm) hoặc ngày hạn yyyy-mm-dd")
        let u = Array(t.utf8)
        func digits(_ part: ArraySlice<UInt8>) -> Int? {
            guard !part.isEmpty, part.allSatisfy({ (48...57).contains($0) }) else { return nil }
            return part.reduce(0) { $0 * 10 + Int($1 - 48) }
        }
        switch u.count {
        case 4:
            guard let y = digits(u[0..<4]), (1900...2100).contains(y) else { throw bad }
            self = .year(y)
        case 7:
            guard let y = digits(u[0..<4]), (1900...2100).contains(y), u[4] == 45, u[5] == 81,
                let q = digits(u[6..<7]), (1...4).contains(q)
            else { throw bad }
            self = .quarter(year: y, quarter: q)
        case 10:
            guard let d = try? BusinessDate(isoInput: t) else { throw bad }
            self = .once(dueOn: d)
        default: throw bad
        }
    }

    public var start: BusinessDate {
        switch self {
        case .quarter(let y, let q): BusinessDate(fixedYear: y, month: 3 * q - 2, day: 1)
        case .year(let y): BusinessDate(fixedYear: y, month: 1, day: 1)
        // A task done once may be reported on from the start; its period opens with 1900.
        case .once: BusinessDate.inputRange.lowerBound
        }
    }

    public var end: BusinessDate {
        switch self {
        case .quarter(let y, let q): BusinessDate(fixedYear: y, month: 3 * q, day: 1).lastOfMonth
        case .year(let y): BusinessDate(fixedYear: y, month: 12, day: 31)
        case .once(let due): due
        }
    }

    /// The period after this one (a task done once has only one).
    public var next: ReportingPeriod {
        switch self {
        case .quarter(let y, let q):
            q == 4 ? .quarter(year: y + 1, quarter: 1) : .quarter(year: y, quarter: q + 1)
        case .year(let y): .year(y + 1)
        case .once: self
        }
    }

    public var previous: ReportingPeriod {
        switch self {
        case .quarter(let y, let q):
            q == 1 ? .quarter(year: y - 1, quarter: 4) : .quarter(year: y, quarter: q - 1)
        case .year(let y): .year(y - 1)
        case .once: self
        }
    }

    /// Hạn nộp báo cáo của kỳ under `rules`.
    public func deadline(_ rules: ReportingRules) -> BusinessDate {
        switch self {
        case .quarter: end.adding(days: rules.quarterlyGraceDays)
        case .year(let y):
            BusinessDate(fixedYear: y, month: rules.yearlyDueMonth, day: rules.yearlyDueDay)
        case .once(let due): due
        }
    }

    /// Whether this is a period of a task with `recurrence`.
    public func fits(_ recurrence: TaskRecurrence) -> Bool {
        switch (self, recurrence) {
        case (.quarter, .quarterly), (.year, .yearly): true
        case (.once(let a), .once(let b)): a == b
        default: false
        }
    }

    public static func < (lhs: ReportingPeriod, rhs: ReportingPeriod) -> Bool {
        (lhs.end, lhs.label) < (rhs.end, rhs.label)
    }

    public init(from decoder: any Decoder) throws {
        self = try ReportingPeriod(label: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(label)
    }

    private static func year4(_ y: Int) -> String {
        let t = String(y)
        return String(repeating: "0", count: max(0, 4 - t.count)) + t
    }
}

/// Hạn báo cáo nhiệm vụ: a quarterly report is due a number of days after its quarter ends, a
/// yearly one on a day of its own year. The defaults (10 days; 15 December) are this product's
/// own and **unconfirmed** by any document: the Store reads the reference data keys
/// `directive_quarterly_grace_days` and `directive_yearly_due` ("MM-DD") when present.
public struct ReportingRules: Hashable, Sendable, Codable {
    public let quarterlyGraceDays: Int
    public let yearlyDueMonth: Int
    public let yearlyDueDay: Int

    /// 0–60 grace days keep a quarter's deadline before the next quarter ends; the yearly day
    /// is a real day of every year (so not 29 February).
    public init(
        quarterlyGraceDays: Int, yearlyDueMonth: Int, yearlyDueDay: Int
    ) throws(OversightError) {
        guard (0...60).contains(quarterlyGraceDays) else {
            throw .invalid(field: "directive_quarterly_grace_days", why: "số ngày từ 0 đến 60")
        }
        guard (1...12).contains(yearlyDueMonth),
            (1...BusinessDate.daysIn(month: yearlyDueMonth, year: 2001)).contains(yearlyDueDay)
        else {
            throw .invalid(field: "directive_yearly_due", why: "hạn năm có dạng MM-DD, ví dụ 12-15")
        }
        self.quarterlyGraceDays = quarterlyGraceDays
        self.yearlyDueMonth = yearlyDueMonth
        self.yearlyDueDay = yearlyDueDay
    }

    /// Rules whose values are this code's own constants, already within the bounds.
    private init(constant grace: Int, month: Int, day: Int) {
        quarterlyGraceDays = grace
        yearlyDueMonth = month
        yearlyDueDay = day
    }

    /// Reads `MM-DD` for the yearly due day.
    public init(quarterlyGraceDays: Int, yearlyDue text: String) throws(OversightError) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "-")
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let m = Int(parts[0]),
            let d = Int(parts[1])
        else {
            throw .invalid(field: "directive_yearly_due", why: "hạn năm có dạng MM-DD, ví dụ 12-15")
        }
        try self.init(quarterlyGraceDays: quarterlyGraceDays, yearlyDueMonth: m, yearlyDueDay: d)
    }

    /// 10 days after a quarter; 15 December for a year (unconfirmed, see above).
    public static let standard = ReportingRules(constant: 10, month: 12, day: 15)
}

/// Tình hình báo cáo của nhiệm vụ on a date, for its current period.
public enum TaskStanding: Hashable, Sendable {
    /// Phải báo cáo: the current period's report is not in yet, and its deadline has not passed.
    case owed(ReportingPeriod, dueOn: BusinessDate)
    /// Đã báo cáo: the current period has a report (the latest one is given).
    case reported(ReportingPeriod, on: BusinessDate)
    /// Quá hạn: the last period whose deadline has passed has no report, nor has the current one.
    case overdue(ReportingPeriod, dueOn: BusinessDate)

    /// `owed`, `reported`, `overdue`: the API word.
    public var kind: String {
        switch self {
        case .owed: "owed"
        case .reported: "reported"
        case .overdue: "overdue"
        }
    }

    public var label: String {
        switch self {
        case .owed(let p, let due): "Phải báo cáo kỳ \(p.vietnamese) trước \(due.vietnamese)"
        case .reported(let p, let on): "Đã báo cáo kỳ \(p.vietnamese) ngày \(on.vietnamese)"
        case .overdue(let p, let due): "Quá hạn báo cáo kỳ \(p.vietnamese) (hạn \(due.vietnamese))"
        }
    }

    public var period: ReportingPeriod {
        switch self {
        case .owed(let p, _), .reported(let p, _), .overdue(let p, _): p
        }
    }

    public static let kinds = ["owed", "reported", "overdue"]
}

extension DirectiveTask {
    /// The period of `recurrence` that contains `date`: its quarter, its year, or the one period
    /// of a task done once.
    public static func period(
        of date: BusinessDate, _ recurrence: TaskRecurrence
    ) -> ReportingPeriod {
        switch recurrence {
        case .once(let due): .once(dueOn: due)
        case .quarterly: .quarter(year: date.year, quarter: (date.month - 1) / 3 + 1)
        case .yearly: .year(date.year)
        }
    }

    /// The periods that decide the standing on `date`: `current`, the first owed period whose
    /// deadline is on or after the date (nil for a task done once past its due date), and
    /// `last`, the owed period before it whose deadline has passed (nil when there is none).
    /// A period is owed when it did not end before the task was assigned.
    public func periods(
        asOf date: BusinessDate, rules: ReportingRules = .standard
    )
        -> (current: ReportingPeriod?, last: ReportingPeriod?)
    {
        if case .once(let due) = recurrence {
            let p = ReportingPeriod.once(dueOn: due)
            return date <= due ? (p, nil) : (nil, p)
        }
        let here = Self.period(of: date, recurrence)
        // A quarter's deadline falls before the next quarter ends (grace ≤ 60 days) and a
        // year's inside the year, so the current period is one of these three.
        var current =
            [here.previous, here, here.next].first { $0.deadline(rules) >= date } ?? here.next
        while current.end < assignedOn { current = current.next }
        let last = current.previous
        return (current, last.end >= assignedOn ? last : nil)
    }

    /// The next deadline on or after `date` whatever has been reported; nil for a task done once
    /// whose due date has passed.
    public func nextDue(asOf date: BusinessDate, rules: ReportingRules = .standard) -> BusinessDate?
    {
        periods(asOf: date, rules: rules).current?.deadline(rules)
    }

    /// Owed, reported or overdue on `date`, from the task's own reports (others are ignored, and
    /// so are reports made after `date`). A report late or early counts as filed: the standing
    /// is about the duty to report; the status inside says how the work goes.
    public func standing(
        reports: [ProgressReport], asOf date: BusinessDate, rules: ReportingRules = .standard
    ) -> TaskStanding {
        let mine = reports.filter { $0.taskID == id && $0.reportedOn <= date }
        func latest(_ p: ReportingPeriod) -> BusinessDate? {
            mine.filter { $0.period == p }.map(\.reportedOn).max()
        }
        let (current, last) = periods(asOf: date, rules: rules)
        if let current, let on = latest(current) { return .reported(current, on: on) }
        if let last {
            if let on = latest(last), current == nil { return .reported(last, on: on) }
            if latest(last) == nil { return .overdue(last, dueOn: last.deadline(rules)) }
        }
        guard let current else {
            // Unreachable: without a current period the task is done once and past due, and
            // `last` is that period, handled above.
            return .overdue(ReportingPeriod.once(dueOn: date), dueOn: date)
        }
        return .owed(current, dueOn: current.deadline(rules))
    }
}
