import Domain
import Store
import Vapor

/// Nhập tổ và tổ viên từ tệp: upload page with a check-only preview and a template, and the API.
struct GroupImportRoutes {
    struct Upload: Content {
        var file: File?
        var checkOnly: String?
        var skipBadRows: String?
    }
    struct Result: Encodable {
        let checkOnly: Bool; let groupsAdded: Int; let groupsMatched: Int; let membersAdded: Int; let unchanged: Int; let skippedRows: Int
    }
    struct Page: Encodable { let problems: [ImportProblem]; let result: Result?; let columns: [String]; let optional: [String] }
    struct OutcomeJSON: Content {
        let groupsAdded: Int; let groupsMatched: Int; let membersAdded: Int; let unchanged: Int; let skippedRows: Int; let problems: [ErrorDetail]
        init(_ o: GroupImporter.Outcome) {
            groupsAdded = o.groupsAdded; groupsMatched = o.groupsMatched; membersAdded = o.membersAdded; unchanged = o.unchanged
            skippedRows = o.skippedRows; problems = o.problems
        }
    }

    static let template = (GroupImporter.requiredColumns + GroupImporter.optionalColumns).joined(separator: ",") + "\n"
        + "Tổ 1 Hội PN thôn Đông,11953,Tổ dân phố 1,Hội Liên hiệp Phụ nữ,15/03/2012,12/HĐUN,15/03/2012,HO-0001,Tổ trưởng\n"
        + "Tổ 1 Hội PN thôn Đông,11953,Tổ dân phố 1,Hội Liên hiệp Phụ nữ,15/03/2012,12/HĐUN,15/03/2012,HO-0002,Tổ phó\n"
        + "Tổ 1 Hội PN thôn Đông,11953,Tổ dân phố 1,Hội Liên hiệp Phụ nữ,15/03/2012,12/HĐUN,15/03/2012,HO-0003,\n"

    func register(_ app: Application) {
        app.on(.GET, ["groups", "import"], access: GroupRoutes.writers, kind: .page) { req in
            try await req.page("network/import", title: "Nhập tổ từ tệp", crumbs: [Crumb(label: "Tổ TK&VV", href: "/groups")],
                               Page(problems: [], result: nil, columns: GroupImporter.requiredColumns, optional: GroupImporter.optionalColumns))
        }
        app.on(.GET, ["groups", "import", "template.csv"], access: GroupRoutes.writers, kind: .page) { req -> Response in
            CSVTemplate.response(Self.template, fileName: "mau-nhap-to.csv")
        }
        app.on(.POST, ["groups", "import"], access: GroupRoutes.writers, kind: .page, body: .collect(maxSize: "32mb")) { req in
            try await upload(req)
        }
        app.on(.POST, ["api", "v1", "groups", "import"], access: GroupRoutes.writers, kind: .api, body: .collect(maxSize: "64mb")) { req -> OutcomeJSON in
            let viewer = try req.requireViewer()
            guard let body = req.body.data else { throw CSVError.empty }
            let skip = (try? req.query.get(Bool.self, at: "skipBadRows")) ?? false
            return OutcomeJSON(try await req.application.metrics.importing("groups", req) {
                try await GroupImporter(database: req.db, world: req.world)
                    .run(try CSVTable(fileData: Data(buffer: body)), scope: viewer.scope, actor: viewer.actor, skipBadRows: skip)
            })
        }
    }

    func upload(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let form = try req.uploadedForm(Upload.self)
        func page(_ problems: [ErrorDetail], _ result: Result?, status: HTTPStatus, error: String?) async throws -> Response {
            try await req.page("network/import", title: "Nhập tổ từ tệp", crumbs: [Crumb(label: "Tổ TK&VV", href: "/groups")],
                               status: status, error: error,
                               Page(problems: ImportProblem.list(problems), result: result, columns: GroupImporter.requiredColumns, optional: GroupImporter.optionalColumns))
        }
        guard let file = form.file, file.data.readableBytes > 0 else {
            return try await page([], nil, status: .badRequest, error: "Hãy chọn tệp CSV hoặc Excel cần nhập.")
        }
        let checkOnly = form.checkOnly != nil
        do {
            let table = try CSVTable(fileData: Data(buffer: file.data))
            let run = { try await GroupImporter(database: req.db, world: req.world).run(
                table, scope: viewer.scope, actor: viewer.actor, skipBadRows: form.skipBadRows != nil, dryRun: checkOnly) }
            let outcome = checkOnly ? try await run() : try await req.application.metrics.importing("groups", req, run)
            return try await page(outcome.problems, Result(checkOnly: checkOnly, groupsAdded: outcome.groupsAdded, groupsMatched: outcome.groupsMatched,
                                                           membersAdded: outcome.membersAdded, unchanged: outcome.unchanged,
                                                           skippedRows: outcome.skippedRows), status: .ok, error: nil)
        } catch let error as any DomainError {
            return try await page(error.details, nil, status: ErrorResponder.status(of: error.kind), error: error.message)
        }
    }
}
