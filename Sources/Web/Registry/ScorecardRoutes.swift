import Domain
import Store
import Vapor

/// Phiếu B1 scorecards: everyone reads them (a surveyor wants to see the points); administrators
/// add a new version when the annex's figures are confirmed or a province sets its own.
struct ScorecardRoutes {
    struct ScorecardList: Content { let items: [IncomeScorecard]; let total: Int }

    /// The page form. Items are one per line: `code | question | option=label=points; …`.
    struct EditForm: Content {
        var code: String?
        var name: String?
        var standardCode: String?
        var validFrom: String?
        var validTo: String?
        var legalSource: String?
        var provinceCode: String?
        var ruralPoverty: String?
        var ruralAverage: String?
        var urbanPoverty: String?
        var urbanAverage: String?
        var items: String?
    }

    struct Card: Encodable {
        struct Item: Encodable { let question: String; let options: String }
        let code: String; let name: String; let standard: String; let period: String; let scope: String
        let cutoffs: String; let legalSource: String; let items: [Item]
    }
    struct Body: Encodable { let cards: [Card]; let canEdit: Bool; let form: EditForm }

    func register(_ app: Application) {
        app.on(.GET, ["poverty", "scorecards"], access: .signedIn, kind: .page) { req in
            try await page(req, form: Self.template(from: try await IncomeScorecardStore(database: req.db, world: req.world).all().last))
        }
        app.on(.POST, ["poverty", "scorecards"], access: .admin, kind: .page) { req in try await addFromForm(req) }
        app.on(.GET, ["api", "v1", "poverty", "scorecards"], access: .signedIn, kind: .api) { req -> ScorecardList in
            let all = try await IncomeScorecardStore(database: req.db, world: req.world).all()
            return ScorecardList(items: all, total: all.count)
        }
        app.on(.POST, ["api", "v1", "poverty", "scorecards"], access: .admin, kind: .api) { req -> Response in
            let scorecard = try req.content.decode(IncomeScorecard.self)
            try await IncomeScorecardStore(database: req.db, world: req.world).add(scorecard, actor: try req.requireViewer().actor)
            let response = Response(status: .created)
            try response.content.encode(scorecard, as: .json)
            return response
        }
    }

    func page(_ req: Request, form: EditForm, error: String? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let viewer = try req.requireViewer()
        let cards = try await IncomeScorecardStore(database: req.db, world: req.world).all().reversed().map { s in
            Card(code: s.code, name: s.name, standard: s.standardCode,
                 period: s.validFrom.vietnamese + " – " + (s.validTo?.vietnamese ?? "nay"),
                 scope: s.provinceCode.map { "Riêng của tỉnh \($0)" } ?? "Quốc gia",
                 cutoffs: ScorecardForm.cutoffs(of: s), legalSource: s.legalSource,
                 items: s.items.map { item in
                     Card.Item(question: item.question, options: item.options.map { "\($0.label): \($0.points)" }.joined(separator: " · "))
                 })
        }
        return try await req.page("registry/scorecards", title: "Phiếu chấm điểm thu nhập (B1)",
                                  crumbs: [Crumb(label: "Chuẩn nghèo", href: "/poverty/standards"),
                                           Crumb(label: "Phiếu chấm điểm B1", href: "/poverty/scorecards")],
                                  status: status, error: error, Body(cards: cards, canEdit: viewer.role == .admin, form: form))
    }

    /// The admin's starting point: the latest scorecard written out in the form's format, so a
    /// new version is an edit of the old one.
    static func template(from scorecard: IncomeScorecard?) -> EditForm {
        guard let s = scorecard else { return EditForm() }
        return EditForm(
            code: "", name: s.name, standardCode: s.standardCode, validFrom: "", validTo: s.validTo?.iso ?? "",
            legalSource: s.legalSource, provinceCode: s.provinceCode.map(String.init) ?? "",
            ruralPoverty: s.cutoffs[.rural].map { String($0.povertyLine) } ?? "",
            ruralAverage: s.cutoffs[.rural]?.averageUpperBound.map(String.init) ?? "",
            urbanPoverty: s.cutoffs[.urban].map { String($0.povertyLine) } ?? "",
            urbanAverage: s.cutoffs[.urban]?.averageUpperBound.map(String.init) ?? "",
            items: s.items.map { item in
                "\(item.code) | \(item.question) | " + item.options.map { "\($0.code)=\($0.label)=\($0.points)" }.joined(separator: "; ")
            }.joined(separator: "\n"))
    }

    func addFromForm(_ req: Request) async throws -> Response {
        let form = try req.content.decode(EditForm.self)
        do {
            let scorecard = try Self.scorecard(from: form)
            try await IncomeScorecardStore(database: req.db, world: req.world).add(scorecard, actor: try req.requireViewer().actor)
            return Flash.redirect(req, to: "/poverty/scorecards", success: "Đã thêm phiếu chấm điểm \(scorecard.code).")
        } catch let error as any DomainError {
            return try await page(req, form: form, error: error.message, status: ErrorResponder.status(of: error.kind))
        }
    }

    static func scorecard(from form: EditForm) throws -> IncomeScorecard {
        func points(_ text: String?, _ label: String, required: Bool) throws -> Int? {
            let trimmed = (text ?? "").trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty, !required { return nil }
            guard let value = Int(trimmed) else { throw RegistryError.invalidScorecard("«\(label)» phải là số điểm") }
            return value
        }
        var items: [ScorecardItem] = []
        for (index, line) in (form.items ?? "").split(whereSeparator: \.isNewline).enumerated() {
            let parts = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 3 else { throw RegistryError.invalidScorecard("dòng câu hỏi \(index + 1) phải có dạng «mã | câu hỏi | phương án»") }
            let options = try parts[2].split(separator: ";").map { text -> ScorecardOption in
                let pieces = text.split(separator: "=", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pieces.count == 3, let value = Int(pieces[2]) else {
                    throw RegistryError.invalidScorecard("dòng câu hỏi \(index + 1): phương án «\(text.trimmingCharacters(in: .whitespaces))» phải có dạng mã=nhãn=điểm")
                }
                return ScorecardOption(code: pieces[0], label: pieces[1], points: value)
            }
            items.append(ScorecardItem(code: parts[0], question: parts[1], options: options))
        }
        var province: Int?
        if let text = form.provinceCode, !text.isEmpty {
            guard let code = try? UnitCode(text: text) else { throw PlacesError.invalidUnitCode(text) }
            province = code.value
        }
        return IncomeScorecard(
            code: (form.code ?? "").trimmingCharacters(in: .whitespaces), name: form.name ?? "",
            standardCode: (form.standardCode ?? "").trimmingCharacters(in: .whitespaces),
            validFrom: try Validate.date(form.validFrom ?? ""),
            validTo: try (form.validTo ?? "").isEmpty ? nil : Validate.date(form.validTo ?? ""),
            legalSource: form.legalSource ?? "", provinceCode: province, items: items,
            cutoffs: [.rural: ScoreCutoffs(povertyLine: try points(form.ruralPoverty, "Ngưỡng nghèo nông thôn", required: true) ?? 0,
                                           averageUpperBound: try points(form.ruralAverage, "Ngưỡng trung bình nông thôn", required: false)),
                      .urban: ScoreCutoffs(povertyLine: try points(form.urbanPoverty, "Ngưỡng nghèo thành thị", required: true) ?? 0,
                                           averageUpperBound: try points(form.urbanAverage, "Ngưỡng trung bình thành thị", required: false))])
    }
}
