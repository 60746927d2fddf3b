import Domain
import Store
import Vapor

/// Bảng điều hành: one page for the province's leaders (`/dashboard`) and its API
/// (`GET /api/v1/dashboard?province=&date=`), each figure linking to the list behind it.
struct DashboardRoutes {
    struct Query: Content {
        var province: Int?; var date: String?; var format: String?; var table: String?
    }

    static func dashboard(_ req: Request, _ q: Query) async throws -> ProvinceDashboard {
        let viewer = try req.requireViewer()
        let province = try await CapitalRoutes.province(q.province, req: req, scope: viewer.scope)
        return try await DashboardStore(database: req.db, world: req.world).dashboard(
            provinceCode: province, on: try Validate.date(q.date, default: req.world.today),
            scope: viewer.scope)
    }

    func register(_ app: Application) {
        app.on(.GET, ["api", "v1", "dashboard"], access: .signedIn, kind: .api) {
            req -> DashboardJSON in
            DashboardJSON(try await Self.dashboard(req, try req.query.decode(Query.self)))
        }
        app.on(.GET, ["dashboard"], access: .signedIn, kind: .page) { req in
            try await Self.page(req)
        }
    }

    /// A commune's key in the summary tables ("c11953@2025-07-01") → its code, for links.
    static func communeCode(_ unitID: String) -> String {
        String(unitID.dropFirst().prefix { $0.isNumber })
    }

    static func page(_ req: Request) async throws -> Response {
        let q = (try? req.query.decode(Query.self)) ?? Query()
        let d = try await dashboard(req, q)
        if let format = Exporter.format(q.format) {
            guard let table = DashboardTable(rawValue: q.table ?? "communes") else {
                throw Abort(.badRequest, reason: "Bảng cần xuất không có trên bảng điều hành.")
            }
            return try Exporter.response(
                table.export(d), format: format,
                fileName: "bang-dieu-hanh-\(table.rawValue)-\(d.date.iso)")
        }
        let points = d.trend.map { (year: $0.year, fraction: $0.rate.poorFraction) }
        let chart = TrendChart.svg(
            points: points,
            target: PovertyRate.targetPath(
                startYear: points.first?.year ?? d.date.year,
                startFraction: points.first?.fraction ?? 0))
        return try await req.page(
            "reports/dashboard", title: "Bảng điều hành",
            crumbs: [Crumb(label: "Bảng điều hành", href: "/dashboard")],
            DashboardPage(d, chart: chart, query: q))
    }
}
