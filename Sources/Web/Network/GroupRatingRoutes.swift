import Domain
import Store
import Vapor

/// Xếp loại tổ: a month rated from its figures with the scoring table in force, the bank's monthly
/// file imported (it wins), the scoring tables themselves; also split and the meetings API.
struct GroupRatingRoutes {
    /// Ratings are the bank's.
    static let raters = Access.roles([.admin, .bank])

    struct FiguresJSON: Content {
        let month: String
        let meetingsHeld: Int; let overduePerMille: Int; let principalCollectedPercent: Int; let interestCollectedPercent: Int
        let membersSavingPercent: Int; let savingsGrowthPercent: Int
        var figures: GroupMonthFigures {
            GroupMonthFigures(meetingsHeld: meetingsHeld, overduePerMille: overduePerMille, principalCollectedPercent: principalCollectedPercent,
                              interestCollectedPercent: interestCollectedPercent, membersSavingPercent: membersSavingPercent,
                              savingsGrowthPercent: savingsGrowthPercent)
        }
    }
    struct RatingJSON: Content {
        let groupId: String; let month: String; let grade: String; let score: Int?; let source: String; let reasons: [String]
        init(_ r: GroupRating) {
            groupId = r.groupID; month = r.month; grade = r.grade.rawValue; score = r.score; source = r.source.rawValue
            reasons = GroupRatingStore.reasons(of: r)
        }
    }
    struct TableList: Content { let items: [GroupScoringTable]; let total: Int }
    struct MeetingInput: Content { let heldOn: String; let kind: String; let attendees: Int; let minutes: String }
    struct ImportJSON: Content { let stored: Int; let problems: [ErrorDetail] }


    func register(_ app: Application) {
        app.on(.POST, ["groups", ":id", "ratings"], access: Self.raters, kind: .page) { req in
            try await GroupPages.act(req) { _, viewer, id in
                let form = try req.content.decode([String: String].self)
                func number(_ key: String, _ label: String) throws -> Int {
                    guard let value = Int((form[key] ?? "").trimmingCharacters(in: .whitespaces)) else {
                        throw PlatformError.invalidInput(field: key, message: "«\(label)» phải là số.")
                    }
                    return value
                }
                let figures = GroupMonthFigures(
                    meetingsHeld: try number("meetingsHeld", "Số lần sinh hoạt, giao dịch"), overduePerMille: try number("overduePerMille", "Nợ quá hạn (‰)"),
                    principalCollectedPercent: try number("principalCollectedPercent", "Thu nợ gốc (%)"),
                    interestCollectedPercent: try number("interestCollectedPercent", "Thu lãi (%)"),
                    membersSavingPercent: try number("membersSavingPercent", "Tổ viên có tiết kiệm (%)"),
                    savingsGrowthPercent: try number("savingsGrowthPercent", "Tăng trưởng tiền gửi (%)"))
                let rating = try await GroupRatingStore(database: req.db, world: req.world).rate(
                    groupID: id, month: try GroupRatingStore.month(form["month"] ?? "", today: req.world.today), figures: figures,
                    actor: viewer.actor, scope: viewer.scope)
                return rating.source == .imported
                    ? "Tháng \(rating.month) đã có xếp loại theo tệp của ngân hàng (\(rating.grade.label)); giữ nguyên."
                    : "Xếp loại tháng \(rating.month): \(rating.grade.label), \(rating.score ?? 0) điểm."
            }
        }
        app.on(.POST, ["groups", ":id", "split"], access: GroupRoutes.writers, kind: .page) { req in
            struct Form: Content { var households: [String]?; var name: String?; var date: String? }
            let viewer = try req.requireViewer()
            let id = req.parameters.get("id") ?? ""
            do {
                let form = try req.content.decode(Form.self)
                let new = try await GroupStore(database: req.db, world: req.world).split(
                    groupID: id, householdIDs: form.households ?? [], newName: form.name ?? "", village: nil,
                    on: try Validate.date(form.date ?? ""), actor: viewer.actor, scope: viewer.scope)
                return Flash.redirect(req, to: "/groups/\(new.id.rawValue)", success: "Đã tách \(new.name) từ tổ cũ. Hãy bầu ban quản lý tổ mới.")
            } catch let error as any DomainError where error.kind != .notFound && error.kind != .forbidden {
                return try await GroupPages.show(req, error: error.message, status: ErrorResponder.status(of: error.kind))
            }
        }
        app.on(.GET, ["groups", "ratings"], access: .signedIn, kind: .page) { req in try await Self.page(req) }
        app.on(.POST, ["groups", "ratings", "import"], access: Self.raters, kind: .page, body: .collect(maxSize: "16mb")) { req in
            struct Upload: Content { var file: File?; var skipBadRows: String? }
            let viewer = try req.requireViewer()
            let form = try req.uploadedForm(Upload.self)
            guard let file = form.file, file.data.readableBytes > 0 else {
                return try await Self.page(req, error: "Hãy chọn tệp xếp loại cần nhập.", status: .badRequest)
            }
            do {
                let result = try await GroupRatingStore(database: req.db, world: req.world).importRatings(
                    try CSVTable(fileData: Data(buffer: file.data)), fileName: file.filename, actor: viewer.actor, scope: viewer.scope,
                    skipBadRows: form.skipBadRows != nil)
                return try await Self.page(req, message: "Đã ghi \(result.stored) xếp loại theo tệp.", problems: result.problems)
            } catch let error as any DomainError {
                return try await Self.page(req, error: error.message, status: ErrorResponder.status(of: error.kind), problems: error.details)
            }
        }
        app.on(.POST, ["api", "v1", "groups", ":id", "ratings"], access: Self.raters, kind: .api) { req -> RatingJSON in
            let viewer = try req.requireViewer()
            let body = try req.content.decode(FiguresJSON.self)
            return RatingJSON(try await GroupRatingStore(database: req.db, world: req.world).rate(
                groupID: req.parameters.get("id") ?? "", month: try GroupRatingStore.month(body.month, today: req.world.today), figures: body.figures,
                actor: viewer.actor, scope: viewer.scope))
        }
        app.on(.POST, ["api", "v1", "groups", "ratings", "import"], access: Self.raters, kind: .api, body: .collect(maxSize: "16mb")) { req -> ImportJSON in
            let viewer = try req.requireViewer()
            guard let body = req.body.data else { throw CSVError.empty }
            let skip = (try? req.query.get(Bool.self, at: "skipBadRows")) ?? false
            let result = try await GroupRatingStore(database: req.db, world: req.world).importRatings(
                try CSVTable(fileData: Data(buffer: body)), fileName: "api", actor: viewer.actor, scope: viewer.scope, skipBadRows: skip)
            return ImportJSON(stored: result.stored, problems: result.problems)
        }
        app.on(.POST, ["api", "v1", "groups", ":id", "meetings"], access: GroupRoutes.writers, kind: .api) { req -> Response in
            let viewer = try req.requireViewer()
            let body = try req.content.decode(MeetingInput.self)
            guard let kind = MeetingKind(rawValue: body.kind) else {
                throw PlatformError.invalidInput(field: "kind", message: "Loại họp phải là founding, regular, vetting hoặc election.")
            }
            let id = req.parameters.get("id") ?? ""
            _ = try await GroupStore(database: req.db, world: req.world).recordMeeting(
                groupID: id, heldOn: try Validate.date(body.heldOn), kind: kind, attendees: body.attendees, minutes: body.minutes,
                actor: viewer.actor, scope: viewer.scope)
            return try await GroupRoutes.json(req, id: id).encodeResponse(status: .created, for: req)
        }
        app.on(.GET, ["api", "v1", "group-scoring-tables"], access: .signedIn, kind: .api) { req -> TableList in
            let tables = try await GroupRatingStore(database: req.db, world: req.world).tables()
            return TableList(items: tables, total: tables.count)
        }
        app.on(.POST, ["api", "v1", "group-scoring-tables"], access: .admin, kind: .api) { req -> Response in
            let table = try req.content.decode(GroupScoringTable.self)
            try await GroupRatingStore(database: req.db, world: req.world).addTable(table, actor: try req.requireViewer().actor)
            let response = Response(status: .created)
            try response.content.encode(table, as: .json)
            return response
        }
    }

    struct TableRow: Encodable { let component: String; let bands: String }
    struct TableView: Encodable { let code: String; let name: String; let from: String; let source: String; let rows: [TableRow]; let cutoffs: String }
    struct Body: Encodable { let tables: [TableView]; let canImport: Bool; let problems: [ImportProblem]; let notice: String }

    /// The scoring tables and the import of the bank's monthly file.
    static func page(_ req: Request, message: String? = nil, error: String? = nil, status: HTTPStatus = .ok,
                     problems: [ErrorDetail] = []) async throws -> Response {
        let viewer = try req.requireViewer()
        let tables = try await GroupRatingStore(database: req.db, world: req.world).tables().reversed().map { t in
            TableView(code: t.code, name: t.name, from: t.validFrom.vietnamese, source: t.legalSource,
                      rows: t.components.map { c in
                          TableRow(component: c.metric.label, bands: c.bands.map { b in
                              var condition = [String]()
                              if let min = b.atLeast { condition.append("≥ \(min)") }
                              if let max = b.atMost { condition.append("≤ \(max)") }
                              return (condition.isEmpty ? "còn lại" : condition.joined(separator: ", ")) + ": \(b.points) điểm"
                          }.joined(separator: " · "))
                      },
                      cutoffs: "Tốt từ \(t.goodFrom), Khá từ \(t.fairFrom), Trung bình từ \(t.averageFrom), dưới đó Yếu (tối đa \(t.maxScore) điểm)")
        }
        let body = Body(tables: tables, canImport: Self.raters.allows(viewer.role),
                        problems: ImportProblem.list(problems),
                        notice: message ?? "")
        return try await req.page("network/ratings", title: "Xếp loại tổ TK&VV", crumbs: [Crumb(label: "Tổ TK&VV", href: "/groups"),
                                                                                         Crumb(label: "Xếp loại", href: "/groups/ratings")],
                                  status: status, error: error, body)
    }
}
