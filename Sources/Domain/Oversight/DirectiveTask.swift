import Foundation

/// Ngày ban hành của văn bản: a day, or only a month when the copy at hand leaves the day blank
/// (the seed letter reads "ngày   tháng 11 năm 2024": it was not yet numbered nor dated).
public enum DocumentDate: Hashable, Sendable, Codable {
    case day(BusinessDate)
    case month(year: Int, month: Int)

    /// `yyyy-mm-dd` or `yyyy-mm`, within the dates people may give.
    public init(text: String) throws(OversightError) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.utf8.count == 7, let first = try? BusinessDate(isoInput: t + "-01") {
            self = .month(year: first.year, month: first.month)
        } else if let day = try? BusinessDate(vietnamese: t) {
            self = .day(day)
        } else {
            throw .invalid(
                field: "issued",
                why: "ngày ban hành có dạng yyyy-mm-dd (hoặc yyyy-mm nếu chưa ghi ngày)")
        }
    }

    /// The stored and API form.
    public var text: String {
        switch self {
        case .day(let d): d.iso
        case .month(let y, let m):
            String(BusinessDate(fixedYear: y, month: m, day: 1).iso.prefix(7))
        }
    }

    public var vietnamese: String {
        switch self {
        case .day(let d): "ngày \(d.vietnamese)"
        case .month(let y, let m): "tháng \(m)/\(y)"
        }
    }

    /// The earliest day it may stand for, for ordering and for a task's assignment date.
    public var firstDay: BusinessDate {
        switch self {
        case .day(let d): d
        case .month(let y, let m): BusinessDate(fixedYear: y, month: m, day: 1)
        }
    }
}

/// Văn bản chỉ đạo: the directive, letter or plan that assigns tasks (số, ngày, cơ quan ban
/// hành, trích yếu).
public struct SourceDocument: Hashable, Sendable, Codable {
    public typealias ID = Identifier<SourceDocument>

    public let id: ID
    /// Số ký hiệu, e.g. "/UBND-TH" (the seed copy's number is left blank before the slash).
    public let number: String
    public let issued: DocumentDate
    public let issuer: String
    /// Trích yếu ("V/v tiếp tục triển khai thực hiện Chỉ thị số 40-CT/TW…").
    public let title: String

    /// A document whose fields are this code's own constants, already within the bounds.
    private init(
        constant id: ID, number: String, issued: DocumentDate, issuer: String, title: String
    ) {
        self.id = id
        self.number = number
        self.issued = issued
        self.issuer = issuer
        self.title = title
    }

    public init(
        id: ID, number: String, issued: DocumentDate, issuer: String, title: String
    ) throws(OversightError) {
        let number = number.trimmingCharacters(in: .whitespacesAndNewlines)
        let issuer = issuer.trimmingCharacters(in: .whitespacesAndNewlines)
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(number.count) else {
            throw .invalid(field: "number", why: "ghi số ký hiệu văn bản (tối đa 100 ký tự)")
        }
        guard (1...200).contains(issuer.count) else {
            throw .invalid(field: "issuer", why: "ghi cơ quan ban hành (tối đa 200 ký tự)")
        }
        guard (1...500).contains(title.count) else {
            throw .invalid(field: "title", why: "ghi trích yếu văn bản (tối đa 500 ký tự)")
        }
        self.id = id
        self.number = number
        self.issued = issued
        self.issuer = issuer
        self.title = title
    }

    /// "Số /UBND-TH tháng 11/2024 của UBND tỉnh Hưng Yên".
    public var citation: String { "Số \(number) \(issued.vietnamese) của \(issuer)" }

    /// The seed letter: UBND tỉnh Hưng Yên, November 2024, on Directive 40-CT/TW of 22/11/2014.
    public static let seedLetter = SourceDocument(
        constant: "33-ubnd-th-2024-11", number: "/UBND-TH", issued: .month(year: 2024, month: 11),
        issuer: "UBND tỉnh Hưng Yên",
        title:
            "V/v tiếp tục triển khai thực hiện Chỉ thị số 40-CT/TW ngày 22/11/2014 của Ban Bí thư"
            + " về tăng cường sự lãnh đạo của Đảng đối với tín dụng chính sách xã hội")
}

/// Kỳ báo cáo của nhiệm vụ: a task done once by a date, or reported on every quarter or year.
/// A due date exists exactly when the task is done once, so no task has both or neither.
public enum TaskRecurrence: Hashable, Sendable, Codable {
    case once(dueOn: BusinessDate)
    case quarterly
    case yearly

    /// `once`, `quarterly`, `yearly`: the stored and API word.
    public var kind: String {
        switch self {
        case .once: "once"
        case .quarterly: "quarterly"
        case .yearly: "yearly"
        }
    }

    public var dueOn: BusinessDate? {
        if case .once(let due) = self { return due }
        return nil
    }

    public var label: String {
        switch self {
        case .once(let due): "Một lần, hạn \(due.vietnamese)"
        case .quarterly: "Báo cáo hằng quý"
        case .yearly: "Báo cáo hằng năm"
        }
    }

    /// From the API word and, for `once`, its due date.
    public init(kind: String, dueOn: BusinessDate?) throws(OversightError) {
        switch (kind, dueOn) {
        case ("once", let due?): self = .once(dueOn: due)
        case ("once", nil):
            throw .invalid(field: "dueOn", why: "nhiệm vụ một lần phải có hạn hoàn thành")
        case ("quarterly", nil): self = .quarterly
        case ("yearly", nil): self = .yearly
        case ("quarterly", _?), ("yearly", _?):
            throw .invalid(field: "dueOn", why: "nhiệm vụ báo cáo định kỳ không ghi hạn riêng")
        default:
            throw .invalid(field: "recurrence", why: "kỳ báo cáo là once, quarterly hoặc yearly")
        }
    }
}

/// Nhiệm vụ theo chỉ thị: one item of a source document assigned to one agency of a province,
/// with how it is reported. Checked when made: a task that is done once is due on or after
/// the day it was assigned.
public struct DirectiveTask: Hashable, Sendable, Codable {
    public typealias ID = Identifier<DirectiveTask>

    public let id: ID
    public let provinceCode: Int
    public let documentID: SourceDocument.ID
    public let agencyID: Agency.ID
    /// Số mục trong văn bản (1–999).
    public let item: Int
    /// Nội dung nhiệm vụ, a short summary of the item.
    public let text: String
    public let recurrence: TaskRecurrence
    /// Ngày giao: no report is owed for a period that ended before it.
    public let assignedOn: BusinessDate

    public init(
        id: ID, provinceCode: Int, documentID: SourceDocument.ID, agencyID: Agency.ID, item: Int,
        text: String, recurrence: TaskRecurrence, assignedOn: BusinessDate
    ) throws(OversightError) {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...999).contains(item) else {
            throw .invalid(field: "item", why: "số mục từ 1 đến 999")
        }
        guard (1...2_000).contains(text.count) else {
            throw .invalid(field: "text", why: "ghi nội dung nhiệm vụ (tối đa 2.000 ký tự)")
        }
        if let due = recurrence.dueOn, due < assignedOn {
            throw .invalid(field: "dueOn", why: "hạn hoàn thành không được trước ngày giao")
        }
        self.id = id
        self.provinceCode = provinceCode
        self.documentID = documentID
        self.agencyID = agencyID
        self.item = item
        self.text = text
        self.recurrence = recurrence
        self.assignedOn = assignedOn
    }
}

/// Báo cáo tiến độ: what an agency reports on a task for one period.
public struct ProgressReport: Hashable, Sendable, Codable {
    public typealias ID = Identifier<ProgressReport>

    /// Tình trạng thực hiện as the agency reports it.
    public enum Status: String, Sendable, Codable, CaseIterable {
        case notStarted = "not_started"
        case onTrack = "on_track"
        case late
        case done

        public var label: String {
            switch self {
            case .notStarted: "Chưa triển khai"
            case .onTrack: "Đang thực hiện đúng tiến độ"
            case .late: "Chậm tiến độ"
            case .done: "Hoàn thành"
            }
        }
    }

    public let id: ID
    public let taskID: DirectiveTask.ID
    public let period: ReportingPeriod
    public let reportedOn: BusinessDate
    public let status: Status
    public let text: String
    /// The username of the officer who reported.
    public let reportedBy: String

    /// A report is for a period of the task's own kind that has begun by the day it is made and
    /// that the task owes (it did not end before the task was assigned).
    public init(
        id: ID, task: DirectiveTask, period: ReportingPeriod, reportedOn: BusinessDate,
        status: Status, text: String, reportedBy: String
    ) throws(OversightError) {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...4_000).contains(text.count) else {
            throw .invalid(field: "text", why: "ghi nội dung báo cáo (tối đa 4.000 ký tự)")
        }
        guard period.fits(task.recurrence) else {
            throw .invalid(
                field: "period",
                why: "kỳ «\(period.label)» không phải kỳ của nhiệm vụ (\(task.recurrence.label))")
        }
        guard period.start <= reportedOn else {
            throw .invalid(field: "period", why: "kỳ «\(period.label)» chưa bắt đầu")
        }
        guard period.end >= task.assignedOn else {
            throw .invalid(field: "period", why: "kỳ «\(period.label)» kết thúc trước ngày giao")
        }
        self.id = id
        self.taskID = task.id
        self.period = period
        self.reportedOn = reportedOn
        self.status = status
        self.text = text
        self.reportedBy = reportedBy
    }
}
