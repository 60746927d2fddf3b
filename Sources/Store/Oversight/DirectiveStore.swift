import Domain
import FluentKit
import Foundation
import SQLKit

/// A new source document, as typed beside the task it assigns.
public struct NewSourceDocument: Sendable, Equatable {
    public var number: String
    public var issued: DocumentDate
    public var issuer: String
    public var title: String

    public init(number: String, issued: DocumentDate, issuer: String, title: String) {
        self.number = number
        self.issued = issued
        self.issuer = issuer
        self.title = title
    }
}

/// A task as typed: its province (nil: the one province of the scope), its agency, and either
/// a stored document or a new one.
public struct NewDirectiveTask: Sendable, Equatable {
    public var provinceCode: Int?
    public var agencyID: String
    public var documentID: String?
    public var document: NewSourceDocument?
    public var item: Int
    public var text: String
    public var recurrence: TaskRecurrence
    /// Nil: today.
    public var assignedOn: BusinessDate?

    public init(
        provinceCode: Int?, agencyID: String, documentID: String?, document: NewSourceDocument?,
        item: Int, text: String, recurrence: TaskRecurrence, assignedOn: BusinessDate?
    ) {
        self.provinceCode = provinceCode
        self.agencyID = agencyID
        self.documentID = documentID
        self.document = document
        self.item = item
        self.text = text
        self.recurrence = recurrence
        self.assignedOn = assignedOn
    }
}

/// A progress report as typed.
public struct NewProgressReport: Sendable, Equatable {
    public var period: ReportingPeriod
    public var status: ProgressReport.Status
    public var text: String
    /// Nil: today.
    public var reportedOn: BusinessDate?

    public init(
        period: ReportingPeriod, status: ProgressReport.Status, text: String,
        reportedOn: BusinessDate?
    ) {
        self.period = period
        self.status = status
        self.text = text
        self.reportedOn = reportedOn
    }
}

/// A task with its document, its agency and its standing on the asked date.
public struct DirectiveTaskRecord: Sendable, Equatable {
    public var task: DirectiveTask
    public var document: SourceDocument
    public var agency: Agency
    public var standing: TaskStanding
    public var nextDue: BusinessDate?
}

/// Nhiệm vụ theo chỉ thị: the tasks documents assign to agencies, their standing, and the
/// agencies' progress reports. Province-level records: a reader reaches the provinces of the
/// scope (all for `everything`, none for an empty scope).
public struct DirectiveStore: Sendable {
    let database: any Database
    let world: World
    var sql: any SQLDatabase { get throws { try database.sqlDatabase() } }

    public init(database: any Database, world: World) {
        self.database = database
        self.world = world
    }

    /// The reporting deadlines in force: reference data when present, else the product's
    /// unconfirmed defaults (`ReportingRules.standard`). A stored value that does not read as a
    /// rule falls back to the default rather than stop every page.
    public func rules(on date: BusinessDate) async throws -> ReportingRules {
        let reference = ReferenceDataStore(database: database, world: world)
        let standard = ReportingRules.standard
        let grace =
            try await reference.value(key: "directive_quarterly_grace_days", on: date)
            .flatMap { Int($0.value) } ?? standard.quarterlyGraceDays
        let yearly = try await reference.value(key: "directive_yearly_due", on: date)?.value
        if let yearly, let rules = try? ReportingRules(quarterlyGraceDays: grace, yearlyDue: yearly)
        {
            return rules
        }
        return
            (try? ReportingRules(
                quarterlyGraceDays: grace, yearlyDueMonth: standard.yearlyDueMonth,
                yearlyDueDay: standard.yearlyDueDay)) ?? standard
    }

    /// Giao nhiệm vụ (administrators, the province): the province must be in scope and hold the
    /// agency; a new document is stored with the task; audited.
    public func addTask(
        _ n: NewDirectiveTask, actor: Actor, scope: AccessScope
    ) async throws -> DirectiveTaskRecord {
        // Without a province: the one province of the scope that has this agency (a province's
        // scope also reaches the provinces merged into it, which have no agencies of their own).
        let holders = try await sql.raw(
            """
            SELECT province_code FROM directive_agencies WHERE id = \(bind: n.agencyID)
            AND \(scope.provinceCondition("province_code"))
            """
        ).all(decodingColumn: "province_code", as: Int.self)
        guard let province = n.provinceCode ?? (holders.count == 1 ? holders.first : nil) else {
            throw OversightError.invalid(field: "province", why: "ghi mã tỉnh được giao nhiệm vụ")
        }
        guard scope.admits(province: province) else {
            throw OversightError.notFound("tỉnh \(province)")
        }
        guard let agency = try await self.agency(id: n.agencyID, province: province) else {
            throw OversightError.invalid(
                field: "agency",
                why: "không có cơ quan «\(n.agencyID.prefix(40))» ở tỉnh \(province)")
        }
        let today = world.today
        let assignedOn = n.assignedOn ?? today
        guard assignedOn <= today else {
            throw OversightError.invalid(field: "assignedOn", why: "ngày giao ở tương lai")
        }
        var newDocument: SourceDocument?
        let document: SourceDocument
        if let id = n.documentID, !id.isEmpty {
            guard let stored = try await self.document(id: id, province: province) else {
                throw OversightError.notFound("văn bản «\(id.prefix(40))»")
            }
            document = stored
        } else if let d = n.document {
            document = try SourceDocument(
                id: SourceDocument.ID(world.newID()), number: d.number, issued: d.issued,
                issuer: d.issuer, title: d.title)
            guard document.issued.firstDay <= today else {
                throw OversightError.invalid(field: "issued", why: "ngày ban hành ở tương lai")
            }
            newDocument = document
        } else {
            throw OversightError.invalid(field: "document", why: "ghi văn bản giao nhiệm vụ")
        }
        let task = try DirectiveTask(
            id: DirectiveTask.ID(world.newID()), provinceCode: province, documentID: document.id,
            agencyID: agency.id, item: n.item, text: n.text, recurrence: n.recurrence,
            assignedOn: assignedOn)
        let rules = try await self.rules(on: today)
        let record = DirectiveTaskRecord(
            task: task, document: document, agency: agency,
            standing: task.standing(reports: [], asOf: today, rules: rules),
            nextDue: task.nextDue(asOf: today, rules: rules))
        let world = world
        let documentRow = newDocument
        try await WriteTransaction.run(database) { sql in
            if let d = documentRow {
                try await sql.insertBatches(
                    into: "directive_documents", columns: Self.documentColumns,
                    rows: [
                        [
                            d.id.rawValue, province, d.number, d.issued.text, d.issuer, d.title,
                            actor.username, world.nowMillis,
                        ]
                    ])
            }
            try await sql.insertBatches(
                into: "directive_tasks", columns: Self.taskColumns,
                rows: [
                    [
                        task.id.rawValue, province, document.id.rawValue, agency.id.rawValue,
                        task.item, task.text, Self.folded(task.text, agency: agency.name),
                        task.recurrence.kind, task.recurrence.dueOn?.iso, task.assignedOn.iso,
                        actor.username, world.nowMillis,
                    ]
                ])
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "directive_task.create", recordType: "directive_task",
                recordID: task.id.rawValue, provinceCode: province, before: nil as String?,
                after: task)
        }
        return record
    }

    /// Báo cáo tiến độ: by an officer whose role speaks for the task's agency (else refused on
    /// the field `agency`, nothing saved), for a period of the task, on a day not in the future;
    /// audited with the report it follows for the same period, if any.
    public func addReport(
        taskID: String, _ n: NewProgressReport, actor: Actor, role: Role, scope: AccessScope
    ) async throws -> ProgressReport {
        guard
            let found = try await taskRows(
                scope.provinceCondition("t.province_code") + " AND t.id = \(bind: taskID)"
            ).first
        else {
            throw OversightError.notFound("nhiệm vụ «\(taskID.prefix(40))»")
        }
        guard Agency.speaks(role, for: found.agency) else {
            throw OversightError.invalid(
                field: "agency",
                why: "vai trò «\(role.label)» không báo cáo thay «\(found.agency.name)»")
        }
        let today = world.today
        let reportedOn = n.reportedOn ?? today
        guard reportedOn <= today else {
            throw OversightError.invalid(field: "reportedOn", why: "ngày báo cáo ở tương lai")
        }
        let report = try ProgressReport(
            id: ProgressReport.ID(world.newID()), task: found.task, period: n.period,
            reportedOn: reportedOn, status: n.status, text: n.text, reportedBy: actor.username)
        let world = world
        let task = found.task
        try await WriteTransaction.run(database) { sql in
            let earlier = try await sql.raw(
                """
                SELECT * FROM directive_reports WHERE task_id = \(bind: task.id.rawValue)
                AND period = \(bind: report.period.label)
                ORDER BY reported_on DESC, created_at DESC LIMIT 1
                """
            ).all().map { try Self.report($0, tasks: [task.id: task]) }.first
            try await sql.insertBatches(
                into: "directive_reports", columns: Self.reportColumns,
                rows: [
                    [
                        report.id.rawValue, task.provinceCode, task.id.rawValue,
                        report.period.label, report.reportedOn.iso, report.status.rawValue,
                        report.text, report.reportedBy, world.nowMillis,
                    ]
                ])
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "directive_report.create", recordType: "directive_report",
                recordID: report.id.rawValue, provinceCode: task.provinceCode, before: earlier,
                after: report)
        }
        return report
    }

    static let documentColumns = [
        "id", "province_code", "number", "issued", "issuer", "title", "created_by", "created_at",
    ]
    static let taskColumns = [
        "id", "province_code", "document_id", "agency_id", "item", "text", "folded", "recurrence",
        "due_on", "assigned_on", "created_by", "created_at",
    ]
    static let reportColumns = [
        "id", "province_code", "task_id", "period", "reported_on", "status", "text", "reported_by",
        "created_at",
    ]

    /// What a search without diacritics matches: the task's text and its agency's name.
    static func folded(_ text: String, agency: String) -> String {
        TextFolding.fold(text + " " + agency)
    }
}
