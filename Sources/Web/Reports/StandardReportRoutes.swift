import Domain
import Store
import Vapor

/// Báo cáo định kỳ: `/reports` lists them; `/reports/{kind}?period=&commune=` shows one for a
/// period and unit, printable on A4 (Decree 30/2020), as .xlsx or CSV (`format=`), and as a
/// PDF printed by headless Chromium (`format=pdf`); `GET /api/v1/reports/{kind}` answers JSON.
struct StandardReportRoutes {
    /// Every role but a group's leader, whose own figures are on `/my-group`.
    static let readers = Access.roles(Set(Role.allCases).subtracting([.leader]))

    struct Query: Content {
        var province: Int?
        var period: String?
        var commune: Int?
        var format: String?
    }

    func register(_ app: Application) {
        app.on(.GET, ["reports"], access: Self.readers, kind: .page) { req in
            try await StandardReportPage.index(req)
        }
        for kind in StandardReportKind.allCases {
            app.on(.GET, ["reports", .constant(kind.rawValue)], access: Self.readers, kind: .page) {
                req in try await StandardReportPage.show(req, kind: kind)
            }
            app.on(
                .GET, ["api", "v1", "reports", .constant(kind.rawValue)], access: Self.readers,
                kind: .api
            ) { req -> StandardReportJSON in
                StandardReportJSON(try await Self.report(req, kind: kind).report)
            }
        }
    }

    /// The request a query names, checked once here: the province in scope, the period in its
    /// form, the commune a code (whose existence and scope the store checks).
    static func request(
        _ req: Request, kind: StandardReportKind
    ) async throws
        -> StandardReportStore.Request
    {
        let viewer = try req.requireViewer()
        let q = try req.query.decode(Query.self)
        let province = try await CapitalRoutes.province(q.province, req: req, scope: viewer.scope)
        if let commune = q.commune, !(1...99_999).contains(commune) {
            throw ReportError.unitNotFound
        }
        let text = (q.period ?? "").trimmingCharacters(in: .whitespaces)
        let period =
            text.isEmpty
            ? try await defaultPeriod(req, kind: kind)
            : try ReportPeriod(parsing: text, monthly: kind.isMonthly)
        return StandardReportStore.Request(
            kind: kind, period: period, provinceCode: province, communeCode: q.commune)
    }

    /// A monthly report opens on the last month closed (or the month before today's); a
    /// yearly one on this year.
    static func defaultPeriod(
        _ req: Request, kind: StandardReportKind
    ) async throws
        -> ReportPeriod
    {
        let today = req.world.today
        guard kind.isMonthly else { return .year(today.year) }
        let closed = try await DashboardStore(database: req.db, world: req.world)
            .closedMonth(onOrBefore: today)
        if let closed, let period = try? ReportPeriod(parsing: closed, monthly: true) {
            return period
        }
        let previous = today.firstOfMonth.adding(days: -1)
        return .month(year: previous.year, month: previous.month)
    }

    static func report(
        _ req: Request, kind: StandardReportKind
    ) async throws
        -> (request: StandardReportStore.Request, report: StandardReport)
    {
        let request = try await request(req, kind: kind)
        let report = try await StandardReportStore(database: req.db, world: req.world)
            .report(request, scope: try req.requireViewer().scope)
        return (request, report)
    }
}

/// A report in the API: ratio columns' values are parts per million.
struct StandardReportJSON: Content {
    struct Column: Content { let label: String; let kind: String }
    struct Row: Content { let key: String; let label: String; let values: [Int64] }
    let kind: String, title: String, period: String, unit: String
    let columns: [Column], rows: [Row], total: [Int64], notes: [String]

    init(_ r: StandardReport) {
        kind = r.kind.rawValue
        title = r.kind.title
        period = r.period.key
        unit = r.unitLabel
        columns = r.columns.map { c in
            switch c.kind {
            case .count: Column(label: c.label, kind: "count")
            case .money: Column(label: c.label, kind: "money")
            case .ratio: Column(label: c.label, kind: "ratio")
            }
        }
        rows = r.rows.map { Row(key: $0.key, label: $0.label, values: $0.values) }
        total = r.total
        notes = r.notes
    }
}
