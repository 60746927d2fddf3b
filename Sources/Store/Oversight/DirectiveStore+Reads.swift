import Domain
import FluentKit
import Foundation
import SQLKit

/// Which tasks a list shows: of one agency, of one standing (`owed`, `reported`, `overdue`),
/// matching a search typed with or without diacritics.
public struct DirectiveFilter: Sendable, Equatable {
    public var agencyID: String?
    public var standing: String?
    public var query: String?

    public init(agencyID: String? = nil, standing: String? = nil, query: String? = nil) {
        self.agencyID = agencyID
        self.standing = standing
        self.query = query
    }
}

/// Trang của một cơ quan: what it owes this period and what it has reported.
public struct DirectiveAgencyView: Sendable, Equatable {
    public var agency: Agency
    public var tasks: [DirectiveTaskRecord]
    /// Its reports on those tasks, newest first.
    public var reports: [ProgressReport]
}

/// Một dòng tổng hợp cho UBND tỉnh: an agency's tasks and how many stand reported, owed and
/// overdue on the date.
public struct DirectiveOverviewLine: Sendable, Equatable {
    public var agency: Agency
    public var tasks: Int
    public var reported: Int
    public var owed: Int
    public var overdue: Int
}

extension DirectiveStore {
    /// A task row with its document and agency, before its standing is known.
    struct TaskRow: Sendable {
        let task: DirectiveTask
        let document: SourceDocument
        let agency: Agency
    }

    /// The tasks in scope that pass `filter`, in the agencies' order, with their standing.
    public func list(
        _ filter: DirectiveFilter, scope: AccessScope, asOf date: BusinessDate
    ) async throws -> [DirectiveTaskRecord] {
        var condition = scope.provinceCondition("t.province_code")
        if let agency = filter.agencyID, !agency.isEmpty {
            condition = condition + " AND t.agency_id = \(bind: agency)"
        }
        let folded = TextFolding.fold(filter.query ?? "")
        if !folded.isEmpty {
            condition =
                condition
                + " AND t.folded LIKE \(bind: likePattern(containing: folded)) ESCAPE '\\'"
        }
        let rows = try await taskRows(condition)
        let reports = try await self.reports(of: rows.map(\.task))
        let rules = try await self.rules(on: date)
        let records = rows.map { r in
            DirectiveTaskRecord(
                task: r.task, document: r.document, agency: r.agency,
                standing: r.task.standing(reports: reports, asOf: date, rules: rules),
                nextDue: r.task.nextDue(asOf: date, rules: rules))
        }
        guard let standing = filter.standing, !standing.isEmpty else { return records }
        return records.filter { $0.standing.kind == standing }
    }

    /// One agency's page: refused as not found when no province of the scope has it.
    public func agency(
        _ id: String, scope: AccessScope, asOf date: BusinessDate
    ) async throws -> DirectiveAgencyView {
        guard let agency = try await agencies(scope: scope).first(where: { $0.id.rawValue == id })
        else { throw OversightError.notFound("cơ quan «\(id.prefix(40))»") }
        let tasks = try await list(DirectiveFilter(agencyID: id), scope: scope, asOf: date)
        let reports = try await self.reports(of: tasks.map(\.task))
        return DirectiveAgencyView(agency: agency, tasks: tasks, reports: reports)
    }

    /// The agencies of the provinces in scope, in the order of their document (one line per
    /// agency code when the scope spans provinces).
    public func agencies(scope: AccessScope) async throws -> [Agency] {
        let rows = try await sql.raw(
            """
            SELECT id, name, kind, position FROM directive_agencies
            WHERE \(scope.provinceCondition("province_code"))
            ORDER BY position, province_code, id
            """
        ).all()
        var seen: Set<String> = []
        var agencies: [Agency] = []
        for r in rows {
            let id = try r.decode(column: "id", as: String.self)
            guard seen.insert(id).inserted else { continue }
            agencies.append(
                Agency(
                    id: Agency.ID(id), name: try r.decode(column: "name", as: String.self),
                    kind: Agency.Kind(rawValue: try r.decode(column: "kind", as: String.self))
                        ?? .other))
        }
        return agencies
    }

    /// Tổng hợp cho UBND tỉnh: per agency in scope, its tasks (those matching `query`, if
    /// given) by standing on the date.
    public func overview(
        scope: AccessScope, asOf date: BusinessDate, query: String? = nil
    ) async throws -> [DirectiveOverviewLine] {
        let tasks = try await list(DirectiveFilter(query: query), scope: scope, asOf: date)
        let byAgency = Dictionary(grouping: tasks, by: { $0.agency.id })
        return try await agencies(scope: scope).map { a -> DirectiveOverviewLine in
            let mine = byAgency[a.id] ?? []
            return DirectiveOverviewLine(
                agency: a, tasks: mine.count,
                reported: mine.filter { $0.standing.kind == "reported" }.count,
                owed: mine.filter { $0.standing.kind == "owed" }.count,
                overdue: mine.filter { $0.standing.kind == "overdue" }.count)
        }
    }

    /// For the dashboard: the tasks in scope whose report is overdue on the date.
    public func overdueCount(scope: AccessScope, on date: BusinessDate) async throws -> Int {
        try await list(DirectiveFilter(standing: "overdue"), scope: scope, asOf: date).count
    }

    func agency(id: String, province: Int) async throws -> Agency? {
        guard
            let r = try await sql.raw(
                """
                SELECT id, name, kind FROM directive_agencies
                WHERE province_code = \(bind: province) AND id = \(bind: id)
                """
            ).first()
        else { return nil }
        return Agency(
            id: Agency.ID(try r.decode(column: "id", as: String.self)),
            name: try r.decode(column: "name", as: String.self),
            kind: Agency.Kind(rawValue: try r.decode(column: "kind", as: String.self)) ?? .other)
    }

    func document(id: String, province: Int) async throws -> SourceDocument? {
        guard
            let r = try await sql.raw(
                """
                SELECT * FROM directive_documents
                WHERE province_code = \(bind: province) AND id = \(bind: id)
                """
            ).first()
        else { return nil }
        return try SourceDocument(
            id: SourceDocument.ID(try r.decode(column: "id", as: String.self)),
            number: try r.decode(column: "number", as: String.self),
            issued: try DocumentDate(text: try r.decode(column: "issued", as: String.self)),
            issuer: try r.decode(column: "issuer", as: String.self),
            title: try r.decode(column: "title", as: String.self))
    }

    func taskRows(_ condition: SQLQueryString) async throws -> [TaskRow] {
        try await sql.raw(
            """
            SELECT t.id AS id, t.province_code AS province_code, t.document_id AS document_id,
            t.agency_id AS agency_id, t.item AS item, t.text AS text, t.recurrence AS recurrence,
            t.due_on AS due_on, t.assigned_on AS assigned_on,
            d.number AS d_number, d.issued AS d_issued, d.issuer AS d_issuer, d.title AS d_title,
            a.name AS a_name, a.kind AS a_kind
            FROM directive_tasks t JOIN directive_documents d ON d.id = t.document_id
            JOIN directive_agencies a ON a.province_code = t.province_code AND a.id = t.agency_id
            WHERE \(condition)
            ORDER BY a.position, t.province_code, d.issued, t.item, t.id
            """
        ).all().map(Self.taskRow)
    }

    static func taskRow(_ r: any SQLRow) throws -> TaskRow {
        let due = try r.decode(column: "due_on", as: String?.self)
        let recurrence = try TaskRecurrence(
            kind: try r.decode(column: "recurrence", as: String.self),
            dueOn: try due.map { try BusinessDate(iso: $0) })
        let agency = Agency(
            id: Agency.ID(try r.decode(column: "agency_id", as: String.self)),
            name: try r.decode(column: "a_name", as: String.self),
            kind: Agency.Kind(rawValue: try r.decode(column: "a_kind", as: String.self)) ?? .other)
        let document = try SourceDocument(
            id: SourceDocument.ID(try r.decode(column: "document_id", as: String.self)),
            number: try r.decode(column: "d_number", as: String.self),
            issued: try DocumentDate(text: try r.decode(column: "d_issued", as: String.self)),
            issuer: try r.decode(column: "d_issuer", as: String.self),
            title: try r.decode(column: "d_title", as: String.self))
        let task = try DirectiveTask(
            id: DirectiveTask.ID(try r.decode(column: "id", as: String.self)),
            provinceCode: try r.decode(column: "province_code", as: Int.self),
            documentID: document.id, agencyID: agency.id,
            item: try r.decode(column: "item", as: Int.self),
            text: try r.decode(column: "text", as: String.self), recurrence: recurrence,
            assignedOn: try BusinessDate(iso: try r.decode(column: "assigned_on", as: String.self)))
        return TaskRow(task: task, document: document, agency: agency)
    }

    /// The reports on `tasks`, newest first.
    func reports(of tasks: [DirectiveTask]) async throws -> [ProgressReport] {
        guard !tasks.isEmpty else { return [] }
        let byID = Dictionary(tasks.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var reports: [ProgressReport] = []
        for slice in Array(byID.keys).map(\.rawValue).sorted().chunked(500) {
            reports += try await sql.raw(
                """
                SELECT * FROM directive_reports WHERE task_id IN (\(binds: Array(slice)))
                """
            ).all().map { try Self.report($0, tasks: byID) }
        }
        return reports.sorted {
            ($0.reportedOn, $0.id.rawValue) > ($1.reportedOn, $1.id.rawValue)
        }
    }

    static func report(
        _ r: any SQLRow, tasks: [DirectiveTask.ID: DirectiveTask]
    ) throws -> ProgressReport {
        let taskID = DirectiveTask.ID(try r.decode(column: "task_id", as: String.self))
        guard let task = tasks[taskID] else {
            throw OversightError.notFound("nhiệm vụ «\(taskID.rawValue.prefix(40))»")
        }
        return try ProgressReport(
            id: ProgressReport.ID(try r.decode(column: "id", as: String.self)), task: task,
            period: try ReportingPeriod(label: try r.decode(column: "period", as: String.self)),
            reportedOn: try BusinessDate(iso: try r.decode(column: "reported_on", as: String.self)),
            status: ProgressReport.Status(rawValue: try r.decode(column: "status", as: String.self))
                ?? .onTrack,
            text: try r.decode(column: "text", as: String.self),
            reportedBy: try r.decode(column: "reported_by", as: String.self))
    }
}
