import Domain
import Store
import Vapor

/// The officers' pages: the list with search, export and the form; one model with its photos,
/// the upload and the publication with consent.
extension ModelRoutes {
    func registerPages(_ app: Application) {
        app.on(.GET, ["oversight", "models"], access: .signedIn, kind: .page) { req in
            try await Self.listPage(req)
        }
        app.on(.POST, ["oversight", "models"], access: Self.writers, kind: .page) { req in
            try await Self.createForm(req)
        }
        app.on(.GET, ["oversight", "models", ":id"], access: .signedIn, kind: .page) { req in
            try await Self.detailPage(req)
        }
        app.on(
            .POST, ["oversight", "models", ":id", "photos"], access: Self.writers, kind: .page,
            body: .collect(maxSize: "3mb")
        ) { req in
            try await Self.uploadPhoto(req)
        }
        app.on(
            .POST, ["oversight", "models", ":id", "publication"], access: Self.writers,
            kind: .page
        ) { req in
            try await Self.publication(req)
        }
    }

    /// The form as typed, given back with a refusal.
    struct Typed: Encodable {
        let unit: String, ownerName: String, household: String, village: String, loans: String
        let title: String, description: String, activity: String, incomeBefore: String
        let incomeAfter: String, jobs: String, recognisedOn: String, recognisedBy: String
        init(_ f: [String: String]) {
            func v(_ k: String, _ n: Int) -> String { String((f[k] ?? "").prefix(n)) }
            unit = v("unit", 5)
            ownerName = v("ownerName", 200)
            household = v("household", 200)
            village = v("village", 500)
            loans = v("loans", 2000)
            title = v("title", 200)
            description = v("description", 4000)
            activity = v("activity", 200)
            incomeBefore = v("incomeBefore", 30)
            incomeAfter = v("incomeAfter", 30)
            jobs = v("jobsCreated", 6)
            recognisedOn = v("recognisedOn", 10)
            recognisedBy = v("recognisedBy", 200)
        }
    }

    static func listPage(
        _ req: Request, error: String? = nil, status: HTTPStatus = .ok,
        typed: [String: String] = [:]
    ) async throws -> Response {
        let viewer = try req.requireViewer()
        let q = (try? req.query.decode(ListQuery.self)) ?? ListQuery()
        let text = String((q.q ?? "").prefix(TextLimit.name))
        let items = try await store(req).list(
            ModelQuery(text: try searchText(text)), scope: viewer.scope, limit: 500)
        if let format = Exporter.format(q.format) {
            return try Exporter.response(
                table(items), format: format, fileName: "mo-hinh-tieu-bieu")
        }
        struct Row: Encodable {
            let href: String, title: String, owner: String, unit: String, activity: String
            let jobs: Int, photos: Int, published: String
        }
        struct Body: Encodable {
            let rows: [Row], q: String, canWrite: Bool, typed: Typed, today: String
            let exportBase: String
        }
        return try await req.page(
            "oversight/models", title: "Mô hình sản xuất kinh doanh tiêu biểu",
            crumbs: [Crumb(label: "Mô hình tiêu biểu", href: "/oversight/models")],
            status: status, error: error,
            Body(
                rows: items.map {
                    Row(
                        href: "/oversight/models/\($0.id)", title: $0.title, owner: $0.ownerName,
                        unit: "\($0.unitName) (\($0.unitCode))", activity: $0.activity,
                        jobs: $0.jobsCreated, photos: $0.photos.count,
                        published: $0.published ? "Đã công khai" : "Chưa công khai")
                }, q: text, canWrite: writers.allows(viewer.role), typed: Typed(typed),
                today: req.world.today.iso,
                exportBase: "/oversight/models?" + Self.queryPrefix(["q": text])))
    }

    /// `a=1&` for the export links' address, or "" when no filter is set.
    static func queryPrefix(_ params: [String: String]) -> String {
        let encoded = QueryString.encode(params)
        return encoded.isEmpty ? "" : encoded + "&"
    }

    static func table(_ items: [ExemplaryModel]) -> Exporter.Table {
        Exporter.Table(
            sheetName: "Mô hình tiêu biểu",
            headers: [
                "Mã", "Xã", "Tên mô hình", "Chủ mô hình", "Thôn, tổ dân phố",
                "Chương trình, hoạt động",
                "Thu nhập trước (đ/năm)", "Thu nhập sau (đ/năm)", "Việc làm tạo ra",
                "Ngày công nhận", "Cấp công nhận", "Khoản vay", "Công khai",
            ],
            rows: items.map { m in
                [
                    .text(m.id), .text("\(m.unitName) (\(m.unitCode))"), .text(m.title),
                    .text(m.ownerName), .text(m.village), .text(m.activity),
                    .number(m.incomeBeforePerYear.dong), .number(m.incomeAfterPerYear.dong),
                    .number(Int64(m.jobsCreated)), .text(m.recognisedOn?.vietnamese ?? ""),
                    .text(m.recognisedBy), .text(m.loans.map(\.id).joined(separator: " ")),
                    .text(m.published ? "có" : "không"),
                ]
            })
    }

    /// Loan ids typed one per line or separated by commas or spaces.
    static func loanIDs(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == ";" || $0.isWhitespace }).map(String.init)
    }

    static func createForm(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let f = (try? req.content.decode([String: String].self)) ?? [:]
        do {
            func money(_ key: String, _ label: String) throws -> Int64? {
                let text = (f[key] ?? "").trimmingCharacters(in: .whitespaces)
                if text.isEmpty { return nil }
                return try Validate.money(text, field: key, label: label).dong
            }
            let jobsText = (f["jobsCreated"] ?? "").trimmingCharacters(in: .whitespaces)
            var jobs: Int?
            if !jobsText.isEmpty {
                guard jobsText.isASCIIDigits, jobsText.count <= 6, let n = Int(jobsText) else {
                    throw PlatformError.invalidInput(
                        field: "jobsCreated", message: "Số việc làm tạo ra phải là số.")
                }
                jobs = n
            }
            let input = ModelInput(
                ownerName: f["ownerName"] ?? "", household: f["household"], unit: f["unit"] ?? "",
                village: f["village"], loans: loanIDs(f["loans"] ?? ""), title: f["title"] ?? "",
                description: f["description"], activity: f["activity"],
                incomeBeforePerYear: try money("incomeBefore", "Thu nhập trước"),
                incomeAfterPerYear: try money("incomeAfter", "Thu nhập sau"),
                jobsCreated: jobs, recognisedOn: f["recognisedOn"],
                recognisedBy: f["recognisedBy"])
            let model = try await store(req).create(
                try input.draft(), actor: viewer.actor, scope: viewer.scope)
            return Flash.redirect(
                req, to: "/oversight/models/\(model.id)",
                success:
                    "Đã ghi mô hình «\(model.title)». Thêm ảnh và công khai khi chủ mô hình đồng ý."
            )
        } catch let error as any DomainError where error.kind != .forbidden {
            return try await listPage(
                req, error: error.message, status: ErrorResponder.status(of: error.kind),
                typed: f)
        }
    }

    struct ConsentOption: Encodable { let name: String, label: String, checked: Bool }

    static func detailPage(
        _ req: Request, error: String? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        let viewer = try req.requireViewer()
        let m = try await store(req).model(id: req.parameters.get("id") ?? "", scope: viewer.scope)
        struct Photo: Encodable { let caption: String, size: String, src: String? }
        struct Loan: Encodable { let id: String, program: String, amount: String }
        struct Body: Encodable {
            let id: String, title: String, owner: String, household: String, unit: String
            let village: String, description: String, activity: String, incomeBefore: String
            let incomeAfter: String, jobs: Int, recognised: String, loans: [Loan]
            let photos: [Photo], published: Bool, consent: [ConsentOption], canWrite: Bool
            let mayAddPhoto: Bool, maxPhotos: Int, publicOwner: String
        }
        let servesPhotos = m.photosArePublic
        return try await req.page(
            "oversight/model", title: m.title,
            crumbs: [
                Crumb(label: "Mô hình tiêu biểu", href: "/oversight/models"),
                Crumb(label: m.title, href: "/oversight/models/\(m.id)"),
            ],
            status: status, error: error,
            Body(
                id: m.id, title: m.title, owner: m.ownerName, household: m.householdID ?? "",
                unit: "\(m.unitName) (\(m.unitCode))", village: m.village,
                description: m.description, activity: m.activity,
                incomeBefore: m.incomeBeforePerYear.description,
                incomeAfter: m.incomeAfterPerYear.description, jobs: m.jobsCreated,
                recognised: [m.recognisedOn?.vietnamese ?? "", m.recognisedBy]
                    .filter { !$0.isEmpty }.joined(separator: " · "),
                loans: m.loans.map {
                    Loan(id: $0.id, program: $0.programCode, amount: $0.amount.description)
                },
                photos: m.photos.map {
                    Photo(
                        caption: $0.caption.isEmpty ? "Ảnh của mô hình" : $0.caption,
                        size: "\(($0.byteCount + 1023) / 1024) KB",
                        src: servesPhotos ? "/models/\(m.id)/photos/\($0.id)" : nil)
                },
                published: m.published,
                consent: ModelConsentField.allCases.map {
                    ConsentOption(
                        name: "consent_\($0.rawValue)", label: $0.label,
                        checked: m.consent.contains($0))
                },
                canWrite: writers.allows(viewer.role),
                mayAddPhoto: m.photos.count < ImageFile.maxPerModel,
                maxPhotos: ImageFile.maxPerModel, publicOwner: m.consentedView.ownerLabel))
    }

    static func uploadPhoto(_ req: Request) async throws -> Response {
        struct Upload: Content { var file: File?; var caption: String? }
        let viewer = try req.requireViewer()
        let id = req.parameters.get("id") ?? ""
        do {
            let form = try req.uploadedForm(Upload.self)
            guard let file = form.file, file.data.readableBytes > 0 else {
                throw OversightError.invalid(field: "file", why: "chọn tệp ảnh cần tải lên")
            }
            _ = try await store(req).addPhoto(
                modelID: id, bytes: Array(file.data.readableBytesView),
                caption: form.caption ?? "", actor: viewer.actor, scope: viewer.scope)
            return Flash.redirect(req, to: "/oversight/models/\(id)", success: "Đã thêm ảnh.")
        } catch let error as any DomainError
            where error.kind != .notFound && error.kind != .forbidden
        {
            return try await detailPage(
                req, error: error.message, status: ErrorResponder.status(of: error.kind))
        }
    }

    static func publication(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let id = req.parameters.get("id") ?? ""
        let f = (try? req.content.decode([String: String].self)) ?? [:]
        let consent = Set(ModelConsentField.allCases.filter { f["consent_\($0.rawValue)"] == "on" })
        let published = f["published"] == "on"
        do {
            // Boxes left unticked send nothing: the form names itself, so an empty post is
            // refused rather than read as "withdraw everything".
            guard f["form"] == "publication" else {
                throw PlatformError.invalidInput(
                    field: "form", message: "Gửi lại biểu mẫu công khai.")
            }
            _ = try await store(req).setPublication(
                id: id, published: published, consent: consent, actor: viewer.actor,
                scope: viewer.scope)
            return Flash.redirect(
                req, to: "/oversight/models/\(id)",
                success: published
                    ? "Đã công khai mô hình với các trường chủ mô hình đồng ý."
                    : "Mô hình không công khai.")
        } catch let error as any DomainError
            where error.kind != .notFound && error.kind != .forbidden
        {
            return try await detailPage(
                req, error: error.message, status: ErrorResponder.status(of: error.kind))
        }
    }
}
