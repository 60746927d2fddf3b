import Domain
import Store
import Vapor

/// The report of one book import: on screen, on A4 (the page prints), and as .xlsx or CSV.
extension BookImportRoutes {
    struct ImportRow: Encodable {
        let id: String, importedOn: String, source: String, loans: Int, acceptedDifferences: Int,
            actor: String
        init(_ r: BookImportRecord) {
            id = r.id
            importedOn = r.importedOn.vietnamese
            source = r.source
            loans = r.loans
            acceptedDifferences = r.acceptedDifferences
            actor = r.actor
        }
    }
    struct ReportPage: Encodable {
        let id: String, importedOn: String, source: String, loans: Int, acceptedDifferences: Int,
            actor: String
        let lines: [LineView]
    }

    func registerReport(_ app: Application) {
        app.on(.GET, ["loans", "import", ":importID"], access: LoanRoutes.lenders, kind: .page) {
            req -> Response in
            let viewer = try req.requireViewer()
            let id = try req.parameters.require("importID")
            let record = try await BookImporter(database: req.db, world: req.world).record(
                id: id, scope: viewer.scope)
            let lines = try await lineViews(req, record.report)
            if let format = Exporter.format(req.query[String.self, at: "format"]) {
                // Every export of a list is logged with its scope.
                try await AuditStore(sql: req.sql, world: req.world).record(
                    actor: viewer.actor, action: "export", recordType: "book_import",
                    recordID: record.id,
                    provinceCode: nil, before: nil as String?, after: ["rows": lines.count])
                return try Exporter.response(
                    Self.table(record.report, lines), format: format,
                    fileName: "doi-chieu-nhap-so-\(record.importedOn.iso)")
            }
            return try await req.page(
                "lending/book-import-report", title: "Đối chiếu nhập sổ cũ",
                crumbs: [
                    Crumb(label: "Khoản vay", href: "/loans"),
                    Crumb(label: "Nhập sổ cũ", href: "/loans/import"),
                ],
                ReportPage(
                    id: record.id, importedOn: record.importedOn.vietnamese, source: record.source,
                    loans: record.loans, acceptedDifferences: record.acceptedDifferences,
                    actor: record.actor, lines: lines))
        }
    }

    /// File, control and book side by side, one row per commune × program (names from the page's
    /// lines).
    static func table(_ report: [ReconciliationLine], _ lines: [LineView]) -> Exporter.Table {
        let measures = ["số khoản", "dư nợ", "quá hạn", "khoanh"]
        let headers =
            ["Xã", "Chương trình"]
            + ["tệp", "số kiểm soát", "sổ"].flatMap { side in measures.map { "\($0) (\(side))" } }
            + ["Chênh lệch"]
        let rows: [[Exporter.Cell]] = zip(report, lines).map { line, view in
            func cells(_ f: OpeningFigures?) -> [Exporter.Cell] {
                guard let f else { return measures.map { _ in .text("") } }
                return [
                    .number(Int64(f.loans)), .number(f.outstanding.dong), .number(f.overdue.dong),
                    .number(f.frozen.dong),
                ]
            }
            return [.text(view.unit), .text(view.program)] + cells(line.file) + cells(line.control)
                + cells(line.book)
                + [.text(line.differences.joined(separator: "; "))]
        }
        return Exporter.Table(sheetName: "Đối chiếu nhập sổ", headers: headers, rows: rows)
    }
}
