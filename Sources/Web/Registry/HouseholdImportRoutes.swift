import Domain
import Store
import Vapor

/// Nhập hộ từ tệp: the upload page (CSV in UTF-8, or .xlsx), the template, and the same import as an API.
struct HouseholdImportRoutes {
    struct Upload: Content {
        var file: File?
        var skipBadRows: String?
        var checkOnly: String?
    }

    struct Result: Encodable { let checkOnly: Bool; let added: Int; let updated: Int; let unchanged: Int; let rejected: Int }
    struct Page: Encodable { let problems: [ImportProblem]; let result: Result?; let columns: [String]; let optional: [String] }

    struct OutcomeJSON: Content {
        struct Rejected: Content { let row: Int; let reasons: [String] }
        let added: Int
        let updated: Int
        let unchanged: Int
        let rejected: [Rejected]
    }

    static let template = "ma_ho,ma_xa,thon,khu_vuc,ho_ten,ngay_sinh,gioi_tinh,so_cccd,quan_he_chu_ho,dan_toc,dia_chi,dien_thoai,khuyet_tat,hoc_sinh,lao_dong\r\n"
        + "HO-001,11953,Tổ dân phố 1,Thành thị,Nguyễn Văn An,15/03/1975,Nam,033075001234,Chủ hộ,Kinh,Số 5 ngõ 2,0912345678,,,x\r\n"
        + "HO-001,11953,Tổ dân phố 1,Thành thị,Trần Thị Bình,20/08/1978,Nữ,033178004321,Vợ,Kinh,Số 5 ngõ 2,0912345678,,,x\r\n"
        + "HO-001,11953,Tổ dân phố 1,Thành thị,Nguyễn Văn Cường,02/09/2015,Nam,,Con,Kinh,Số 5 ngõ 2,0912345678,,x,\r\n"

    func register(_ app: Application) {
        app.on(.GET, ["households", "import"], access: HouseholdRoutes.writers, kind: .page) { req in
            try await req.page("registry/import", title: "Nhập hộ từ tệp", crumbs: [Crumb(label: "Hộ gia đình", href: "/households")],
                               Page(problems: [], result: nil, columns: HouseholdFile.requiredColumns, optional: HouseholdFile.optionalColumns))
        }
        app.on(.GET, ["households", "import", "template.csv"], access: HouseholdRoutes.writers, kind: .page) { req -> Response in
            CSVTemplate.response(Self.template, fileName: "mau-nhap-ho.csv")
        }
        app.on(.POST, ["households", "import"], access: HouseholdRoutes.writers, kind: .page, body: .collect(maxSize: "64mb")) { req in
            try await upload(req)
        }
        app.on(.POST, ["api", "v1", "households", "import"], access: HouseholdRoutes.writers, kind: .api, body: .collect(maxSize: "64mb")) { req -> OutcomeJSON in
            let viewer = try req.requireViewer()
            guard let body = req.body.data else { throw CSVError.empty }
            let skip = (try? req.query.get(Bool.self, at: "skipBadRows")) ?? false
            let outcome = try await req.application.metrics.importing("households", req) {
                try await HouseholdImporter(database: req.db, world: req.world)
                    .run(try CSVTable(fileData: Data(buffer: body)), scope: viewer.scope, actor: viewer.actor, skipBadRows: skip)
            }
            return OutcomeJSON(added: outcome.added, updated: outcome.updated, unchanged: outcome.unchanged,
                               rejected: outcome.rejected.map { .init(row: $0.row, reasons: $0.reasons) })
        }
    }

    func upload(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let form = try req.uploadedForm(Upload.self)
        func page(_ problems: [ErrorDetail], _ result: Result?, status: HTTPStatus, error: String?) async throws -> Response {
            try await req.page("registry/import", title: "Nhập hộ từ tệp", crumbs: [Crumb(label: "Hộ gia đình", href: "/households")],
                               status: status, error: error,
                               Page(problems: ImportProblem.list(problems), result: result, columns: HouseholdFile.requiredColumns, optional: HouseholdFile.optionalColumns))
        }
        guard let file = form.file, file.data.readableBytes > 0 else {
            return try await page([], nil, status: .badRequest, error: "Hãy chọn tệp CSV cần nhập.")
        }
        let checkOnly = form.checkOnly != nil
        do {
            let table = try CSVTable(fileData: Data(buffer: file.data))
            let importer = HouseholdImporter(database: req.db, world: req.world)
            let run = { try await importer.run(table, scope: viewer.scope, actor: viewer.actor,
                                               skipBadRows: form.skipBadRows != nil, dryRun: checkOnly) }
            let outcome = checkOnly ? try await run() : try await req.application.metrics.importing("households", req, run)
            let result = Result(checkOnly: checkOnly, added: outcome.added, updated: outcome.updated, unchanged: outcome.unchanged,
                                rejected: outcome.rejected.count)
            return try await page(outcome.problems, result, status: .ok, error: nil)
        } catch let error as any DomainError {
            return try await page(error.details, nil, status: ErrorResponder.status(of: error.kind), error: error.message)
        }
    }
}
