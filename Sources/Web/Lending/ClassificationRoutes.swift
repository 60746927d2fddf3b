import Domain
import Store
import Vapor

/// Phân loại dư nợ cuối năm (Quyết định 976/QĐ-TTg): the book at 31/12 by program, term, status,
/// security, capital source, channel and organisation, area and ethnic group, in the reader's
/// scope; on screen, printed on A4, in .xlsx and CSV, and as
/// `GET /api/v1/reports/classification?year=&unit=`.
struct ClassificationRoutes {
    struct Query: Content {
        var year: String?
        var unit: String?
        var format: String?
    }

    /// The year (1990 to next year, default the current one) and the commune filter.
    static func parse(_ req: Request) async throws -> (year: Int, units: Set<String>?, Query) {
        let q = try req.query.decode(Query.self)
        let text = (q.year ?? "").trimmingCharacters(in: .whitespaces)
        let year: Int
        if text.isEmpty {
            year = req.world.today.year
        } else {
            guard text.utf8.count == 4, let y = Int(text), y >= 1990, y <= 2100 else {
                throw PlatformError.invalidInput(
                    field: "year", message: "Năm phải là số từ 1990 đến 2100, ví dụ 2026.")
            }
            // A year not begun has no book to classify yet.
            guard y <= req.world.today.year else {
                throw PlatformError.inputRefused(
                    field: "year",
                    message: "Năm \(y) chưa đến; chọn năm đến \(req.world.today.year).")
            }
            year = y
        }
        let unit = q.unit?.trimmingCharacters(in: .whitespaces)
        return (year, try await UnitFilter.communeUnits(unit, req: req), q)
    }

    struct RowJSON: Content {
        var axis: String?
        var axisLabel: String?
        var key: String
        var label: String
        var loans: Int
        var outstanding: Int64
        var current: Int64
        var overdue: Int64
        var frozen: Int64

        init(_ r: ClassificationRow) {
            axis = r.axis?.rawValue
            axisLabel = r.axis?.label
            key = r.key
            label = r.label
            loans = r.loans
            outstanding = r.outstanding.dong
            current = r.current.dong
            overdue = r.overdue.dong
            frozen = r.frozen.dong
        }
    }

    struct ReportJSON: Content {
        var year: Int
        var asOf: String
        var final: Bool
        var rows: [RowJSON]
        var total: RowJSON
    }

    func register(_ app: Application) {
        app.on(.GET, ["api", "v1", "reports", "classification"], access: .signedIn, kind: .api) {
            req -> ReportJSON in
            let (year, units, _) = try await Self.parse(req)
            let r = try await LoanStore(database: req.db, world: req.world).classification(
                year: year, unitIDs: units, scope: try req.requireViewer().scope)
            return ReportJSON(
                year: r.year, asOf: r.asOf.iso, final: r.final, rows: r.rows.map(RowJSON.init),
                total: RowJSON(r.total))
        }
        app.on(.GET, ["reports", "classification"], access: .signedIn, kind: .page) { req in
            try await Self.page(req)
        }
    }

    static func page(_ req: Request) async throws -> Response {
        let (year, units, q) = try await parse(req)
        let r = try await LoanStore(database: req.db, world: req.world).classification(
            year: year, unitIDs: units, scope: try req.requireViewer().scope)
        if let format = Exporter.format(q.format) {
            return try Exporter.response(
                Exporter.Table(
                    sheetName: "Phân loại dư nợ \(year)",
                    headers: [
                        "Tiêu chí", "Nhóm", "Số khoản vay", "Dư nợ", "Trong hạn", "Quá hạn",
                        "Khoanh",
                    ],
                    rows: (r.rows + [r.total]).map {
                        [
                            .text($0.axis?.label ?? ""), .text($0.label), .number(Int64($0.loans)),
                            .number($0.outstanding.dong), .number($0.current.dong),
                            .number($0.overdue.dong), .number($0.frozen.dong),
                        ]
                    }),
                format: format, fileName: "phan-loai-du-no-\(year)")
        }
        struct Line: Encodable {
            let label: String, loans: Int, outstanding: String, current: String
            let overdue: String, frozen: String
        }
        struct Section: Encodable { let id: String, label: String, lines: [Line] }
        func line(_ l: ClassificationRow) -> Line {
            Line(
                label: l.label, loans: l.loans, outstanding: l.outstanding.description,
                current: l.current.description, overdue: l.overdue.description,
                frozen: l.frozen.description)
        }
        struct Body: Encodable {
            let year: Int, asOf: String, final: Bool, unit: String, sections: [Section]
            let total: Line, query: String
        }
        let sections = ClassificationAxis.allCases.map { axis in
            Section(
                id: axis.rawValue, label: axis.label,
                lines: r.rows.filter { $0.axis == axis }.map(line))
        }
        let unit = q.unit ?? ""
        let query = "year=\(year)" + (units == nil ? "" : "&unit=\(unit)")
        return try await req.page(
            "lending/classification", title: "Phân loại dư nợ năm \(year)",
            crumbs: [
                Crumb(label: "Khoản vay", href: "/loans"),
                Crumb(label: "Phân loại dư nợ", href: "/reports/classification"),
            ],
            Body(
                year: year, asOf: r.asOf.vietnamese, final: r.final, unit: unit,
                sections: sections, total: line(r.total), query: query))
    }
}
