import Domain
import Store
import Vapor

/// The pages of the standard reports: the list with a form per report, and one report in
/// the administrative format of Decree 30/2020/NĐ-CP (header, number and date, table,
/// signatures), exportable and printable.
enum StandardReportPage {
    struct Choice: Encodable {
        let kind: String, title: String, monthly: Bool, period: String
    }

    static func index(_ req: Request) async throws -> Response {
        struct Body: Encodable { let reports: [Choice] }
        var reports: [Choice] = []
        for kind in StandardReportKind.allCases {
            let period = try await StandardReportRoutes.defaultPeriod(req, kind: kind)
            reports.append(
                Choice(
                    kind: kind.rawValue, title: kind.title, monthly: kind.isMonthly,
                    period: period.key))
        }
        return try await req.page(
            "reports/index", title: "Báo cáo định kỳ",
            crumbs: [Crumb(label: "Báo cáo", href: "/reports")], Body(reports: reports))
    }

    struct Cell: Encodable { let text: String; let label: String }
    struct Line: Encodable { let label: String; let cells: [Cell] }
    struct Body: Encodable {
        let kind: String, title: String, heading: String, period: String, periodLabel: String
        let unit: String, monthly: Bool, commune: String, issuedOn: String, issuedPlace: String
        let columns: [String], rows: [Line], total: Line, notes: [String], query: String
        let agencyParent: String, agencyName: String
    }

    static func show(_ req: Request, kind: StandardReportKind) async throws -> Response {
        let (request, report) = try await StandardReportRoutes.report(req, kind: kind)
        let format = try req.query.decode(StandardReportRoutes.Query.self).format
        if let table = Exporter.format(format) {
            return try Exporter.response(
                Self.table(report), format: table,
                fileName: "bao-cao-\(kind.rawValue)-\(report.period.key)")
        }
        let province = try? await UnitStore(sql: try req.sql).unit(
            level: .province, code: request.provinceCode, asOf: req.world.today,
            scope: .everything)
        let body = Self.body(req, request: request, report: report, province: province)
        guard format == "pdf" else { return try await Self.render(req, body) }
        let page = try await Self.render(req, body)
        switch await PrintedPDF.shared.print(page) {
        case .printed(let pdf):
            return PrintedPDF.response(
                pdf, fileName: "bao-cao-\(kind.rawValue)-\(report.period.key)")
        case .unavailable:
            return try await Self.render(
                req, body, status: .serviceUnavailable,
                error: "Máy chủ chưa cài Chromium nên chưa tạo được tệp PDF; dùng nút In của "
                    + "trình duyệt (Ctrl+P) để in hoặc lưu thành PDF.")
        case .busy:
            return try await Self.render(
                req, body, status: .serviceUnavailable,
                error: "Máy chủ đang in một báo cáo khác; thử lại sau ít giây.")
        }
    }

    static func render(
        _ req: Request, _ body: Body, status: HTTPStatus = .ok, error: String? = nil
    ) async throws -> Response {
        try await req.page(
            "reports/standard", title: body.heading,
            crumbs: [
                Crumb(label: "Báo cáo", href: "/reports"),
                Crumb(label: body.title, href: "/reports/\(body.kind)"),
            ], status: status, error: error, body)
    }

    static func body(
        _ req: Request, request: StandardReportStore.Request, report: StandardReport,
        province: UnitSummary?
    ) -> Body {
        func line(_ label: String, _ values: [Int64]) -> Line {
            Line(
                label: label,
                cells: values.indices.map { i in
                    Cell(
                        text: report.text(values[i], column: i, inMillions: true),
                        label: report.columns[i].label)
                })
        }
        let today = req.world.today
        let agency = Self.agency(req.identity?.user.role, province: province)
        var query = "period=\(report.period.key)&province=\(request.provinceCode)"
        if let commune = request.communeCode { query += "&commune=\(commune)" }
        return Body(
            kind: report.kind.rawValue, title: report.kind.title,
            heading: report.kind.heading(report.period),
            period: report.period.key, periodLabel: report.period.label,
            unit: report.unitLabel, monthly: report.kind.isMonthly,
            commune: request.communeCode.map(String.init) ?? "",
            issuedOn: "ngày \(today.day) tháng \(today.month) năm \(today.year)",
            issuedPlace: Self.place(province), columns: report.columns.map(\.label),
            rows: report.rows.map { line($0.label, $0.values) },
            total: line("Cộng", report.total), notes: report.notes, query: query,
            agencyParent: agency.parent, agencyName: agency.name)
    }

    /// The place written before the date: the province's own name ("Hưng Yên").
    static func place(_ province: UnitSummary?) -> String { province?.name ?? "" }

    /// Tên cơ quan chủ quản và cơ quan ban hành: the header's left column, by who reports.
    static func agency(_ role: Role?, province: UnitSummary?) -> (parent: String, name: String) {
        let kind = province?.type == .centralCity ? "Thành phố" : "Tỉnh"
        let name = "\(kind) \(province?.name ?? "")".uppercased()
        switch role {
        case .finance: return ("UBND \(name)", "SỞ TÀI CHÍNH")
        case .construction: return ("UBND \(name)", "SỞ XÂY DỰNG")
        case .province: return ("UBND \(name)", "BAN ĐẠI DIỆN HĐQT NHCSXH")
        case .commune: return ("UBND \(name)", "UBND CẤP XÃ")
        default: return ("NGÂN HÀNG CHÍNH SÁCH XÃ HỘI", "CHI NHÁNH \(name)")
        }
    }

    /// The report as one sheet: the rows, then the total row.
    static func table(_ report: StandardReport) -> Exporter.Table {
        func cells(_ label: String, _ values: [Int64]) -> [Exporter.Cell] {
            [.text(label)]
                + values.indices.map { i in
                    StandardReport.isRatio(report.columns[i].kind)
                        ? .text(report.text(values[i], column: i)) : .number(values[i])
                }
        }
        return Exporter.Table(
            sheetName: String("Báo cáo \(report.period.key)".prefix(31)),
            headers: ["Đơn vị / chương trình"] + report.columns.map(\.label),
            rows: report.rows.map { cells($0.label, $0.values) } + [cells("Cộng", report.total)])
    }
}
