import Domain
import Store
import Vapor

/// Nhập sổ cho vay cũ (issue #14 §1): the upload page (the book and the control totals) with a
/// check-only preview and the reconciliation, the three templates, and
/// `POST /api/v1/loans/import`.
struct BookImportRoutes {
    struct Upload: Content {
        var file: File?
        var totals: File?
        var savings: File?
        var checkOnly: String?
        var acceptDifferences: String?
    }
    /// One reconciliation line as the page shows it: file, control and book side by side.
    struct LineView: Encodable {
        let unit: String, program: String, file: [String], control: [String]?, book: [String],
            differences: [String]
        init(_ line: ReconciliationLine, units: [String: String], programs: [String: String]) {
            // Each measure labelled, one per line: a cell reads on a phone and on A4 alike.
            let savings = line.key.programCode == OpeningBook.savingsKey
            func cells(_ f: OpeningFigures) -> [String] {
                savings
                    ? ["\(f.loans) sổ", "số dư \(f.outstanding)"]
                    : [
                        "\(f.loans) khoản", "dư nợ \(f.outstanding)", "quá hạn \(f.overdue)",
                        "khoanh \(f.frozen)",
                    ]
            }
            unit = units[line.key.unitID] ?? line.key.unitID
            program =
                savings
                ? "Tiền gửi tiết kiệm của tổ viên"
                : programs[line.key.programCode] ?? line.key.programCode
            file = cells(line.file)
            control = line.control.map(cells)
            book = cells(line.book)
            differences = line.differences
        }
    }
    struct Page: Encodable {
        let problems: [ImportProblem]
        let outcome: OutcomeJSON?
        let lines: [LineView]
        let columns: [String]
        let optional: [String]
        let totalsColumns: [String]
        let imports: [ImportRow]
    }
    struct OutcomeJSON: Content {
        let checkOnly: Bool; let loansAdded: Int; let unchanged: Int; let importId: String?
        let savingsAdded: Int; let savingsUnchanged: Int
        let differencesAccepted: Int; let report: [ReconciliationLine]
        init(_ o: BookImporter.Outcome) {
            checkOnly = o.checkOnly; loansAdded = o.loansAdded; unchanged = o.unchanged;
            importId = o.importID
            savingsAdded = o.savingsAdded; savingsUnchanged = o.savingsUnchanged
            differencesAccepted = o.differencesAccepted; report = o.report
        }
    }

    static let template =
        (BookImporter.requiredColumns + BookImporter.optionalColumns).joined(separator: ",") + "\n"
        + "KU-2023-0001,poor_household,11953,HO-0001,15/03/2023,50000000,60,"
        + "\"15/03/2027:25000000;15/03/2028:25000000\",50000000,0,0,15/11/2026,180000,Tổ 1 Hội "
        + "PN thôn Đông,,,,central,,,,\"15/03/2023:30000000;15/09/2023:20000000\",\n"
    static let savingsTemplate =
        BookImporter.savingsColumns.joined(separator: ",") + "\n"
        + "11953,Tổ 1 Hội PN thôn Đông,HO-0001,1250000\n"
    static let totalsTemplate =
        BookImporter.totalsColumns.joined(separator: ",") + "\n"
        + "11953,poor_household,1,50000000,0,0\n"

    func register(_ app: Application) {
        app.on(.GET, ["loans", "import"], access: LoanRoutes.lenders, kind: .page) { req in
            try await page(req, problems: [], outcome: nil, status: .ok, error: nil)
        }
        app.on(.GET, ["loans", "import", "template.csv"], access: LoanRoutes.lenders, kind: .page) {
            _ -> Response in
            CSVTemplate.response(Self.template, fileName: "mau-nhap-so-cho-vay.csv")
        }
        app.on(
            .GET, ["loans", "import", "savings-template.csv"], access: LoanRoutes.lenders,
            kind: .page
        ) {
            _ -> Response in
            CSVTemplate.response(Self.savingsTemplate, fileName: "mau-tien-gui-tiet-kiem.csv")
        }
        app.on(
            .GET, ["loans", "import", "totals-template.csv"], access: LoanRoutes.lenders,
            kind: .page
        ) { _ -> Response in
            CSVTemplate.response(Self.totalsTemplate, fileName: "mau-so-kiem-soat.csv")
        }
        app.on(
            .POST, ["loans", "import"], access: LoanRoutes.lenders, kind: .page,
            body: .collect(maxSize: "64mb")
        ) { req in
            try await upload(req)
        }
        registerReport(app)
        app.on(
            .POST, ["api", "v1", "loans", "import"], access: LoanRoutes.lenders, kind: .api,
            body: .collect(maxSize: "64mb")
        ) { req -> OutcomeJSON in
            let viewer = try req.requireViewer()
            let files = try Self.apiTables(req)
            let checkOnly = (try? req.query.get(Bool.self, at: "checkOnly")) ?? false
            let accept = (try? req.query.get(Bool.self, at: "acceptDifferences")) ?? false
            let run = {
                try await BookImporter(database: req.db, world: req.world).run(
                    files.book, totals: files.totals, savings: files.savings, source: "api",
                    scope: viewer.scope, actor: viewer.actor,
                    checkOnly: checkOnly,
                    acceptDifferences: accept)
            }
            return OutcomeJSON(
                checkOnly
                    ? try await run()
                    : try await req.application.metrics.importing("book", req, run))
        }
    }

    func page(
        _ req: Request, problems: [ErrorDetail], outcome: OutcomeJSON?, status: HTTPStatus,
        error: String?
    ) async throws -> Response {
        try await req.page(
            "lending/book-import", title: "Nhập sổ cho vay cũ",
            crumbs: [Crumb(label: "Khoản vay", href: "/loans")],
            status: status, error: error,
            Page(
                problems: ImportProblem.list(problems), outcome: outcome,
                lines: try await lineViews(req, outcome?.report ?? []),
                columns: BookImporter.requiredColumns,
                optional: BookImporter.optionalColumns, totalsColumns: BookImporter.totalsColumns,
                imports: try await BookImporter(database: req.db, world: req.world)
                    .imports(scope: try req.requireViewer().scope).map(ImportRow.init)))
    }

    /// The report with the communes' and programs' names.
    func lineViews(_ req: Request, _ report: [ReconciliationLine]) async throws -> [LineView] {
        guard !report.isEmpty else { return [] }
        let names = try await BookImporter(database: req.db, world: req.world).names(
            units: report.map(\.key.unitID))
        return report.map { LineView($0, units: names.units, programs: names.programs) }
    }

    /// The page's form: the book, and the control totals and members' savings when given.
    static func tables(
        _ form: Upload, book file: File
    ) throws -> (book: CSVTable, totals: CSVTable?, savings: CSVTable?) {
        func table(_ file: File?) throws -> CSVTable? {
            guard let file, file.data.readableBytes > 0 else { return nil }
            return try CSVTable(fileData: Data(buffer: file.data))
        }
        return (
            try CSVTable(fileData: Data(buffer: file.data)), try table(form.totals),
            try table(form.savings)
        )
    }

    /// The API's body: the book alone (text/csv or .xlsx, the file is the body, as the other
    /// importers), with no control totals to compare; or a multipart form with the book (`file`)
    /// and, when given, the control totals (`totals`) and the members' savings (`savings`).
    static func apiTables(
        _ req: Request
    ) throws -> (book: CSVTable, totals: CSVTable?, savings: CSVTable?) {
        if req.headers.contentType?.type == "multipart" {
            let form = try req.uploadedForm(Upload.self)
            guard let file = form.file, file.data.readableBytes > 0 else { throw CSVError.empty }
            return try tables(form, book: file)
        }
        guard let body = req.body.data else { throw CSVError.empty }
        return (try CSVTable(fileData: Data(buffer: body)), nil, nil)
    }

    func upload(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let form = try req.uploadedForm(Upload.self)
        guard let file = form.file, file.data.readableBytes > 0 else {
            return try await page(
                req, problems: [], outcome: nil, status: .badRequest,
                error: "Hãy chọn tệp sổ cho vay (CSV hoặc Excel).")
        }
        let checkOnly = form.checkOnly != nil
        func run(checkOnly: Bool, accept: Bool) async throws -> BookImporter.Outcome {
            let files = try Self.tables(form, book: file)
            return try await BookImporter(database: req.db, world: req.world).run(
                files.book, totals: files.totals, savings: files.savings, source: file.filename,
                scope: viewer.scope,
                actor: viewer.actor, checkOnly: checkOnly, acceptDifferences: accept)
        }
        do {
            let accept = form.acceptDifferences != nil
            let outcome =
                checkOnly
                ? try await run(checkOnly: true, accept: accept)
                : try await req.application.metrics.importing("book", req) {
                    try await run(checkOnly: false, accept: accept)
                }
            return try await page(
                req, problems: [], outcome: OutcomeJSON(outcome), status: .ok, error: nil)
        } catch let error as any DomainError {
            // Refused for differences: the report shows where, from a check-only run that keeps
            // them.
            var report: OutcomeJSON?
            if case LendingError.bookDiffers = error {
                report = OutcomeJSON(try await run(checkOnly: true, accept: true))
            }
            return try await page(
                req, problems: error.details, outcome: report,
                status: ErrorResponder.status(of: error.kind), error: error.message)
        }
    }
}

extension BookImporter.Outcome: ImportCounts {
    var rowCounts: [String: Int] {
        [
            "added": loansAdded + savingsAdded, "unchanged": unchanged + savingsUnchanged,
            "rejected": 0,
        ]
    }
}
