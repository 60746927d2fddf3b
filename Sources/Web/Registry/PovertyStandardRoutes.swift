import Domain
import Store
import Vapor

/// Chuẩn nghèo: everyone reads the standards; administrators add a new one (a national
/// standard for a new period, or a province's higher local standard) without a code change.
struct PovertyStandardRoutes {
    struct StandardList: Content { let items: [PovertyStandard]; let total: Int }

    /// The page form: indicators one per line as `code | name | dimension`.
    struct StandardForm: Content {
        var code: String?
        var name: String?
        var validFrom: String?
        var validTo: String?
        var legalSource: String?
        var provinceCode: String?
        var ruralLine: String?
        var urbanLine: String?
        var ruralUpper: String?
        var urbanUpper: String?
        var poorMinDeprivations: String?
        var indicators: String?
    }

    struct Row: Encodable {
        let code: String; let name: String; let period: String; let scope: String; let rural: String; let urban: String
        let band: String; let indicators: String; let legalSource: String
    }
    struct Body: Encodable { let rows: [Row]; let canEdit: Bool; let form: StandardForm }

    func register(_ app: Application) {
        app.on(.GET, ["poverty", "standards"], access: .signedIn, kind: .page) { req in try await page(req, form: StandardForm()) }
        app.on(.POST, ["poverty", "standards"], access: .admin, kind: .page) { req in try await addFromForm(req) }
        app.on(.GET, ["api", "v1", "poverty", "standards"], access: .signedIn, kind: .api) { req -> StandardList in
            let all = try await PovertyStandardStore(database: req.db, world: req.world).all()
            return StandardList(items: all, total: all.count)
        }
        app.on(.POST, ["api", "v1", "poverty", "standards"], access: .admin, kind: .api) { req -> Response in
            let standard = try req.content.decode(PovertyStandard.self)
            try await PovertyStandardStore(database: req.db, world: req.world).add(standard, actor: try req.requireViewer().actor)
            let response = Response(status: .created)
            try response.content.encode(standard, as: .json)
            return response
        }
    }

    func page(_ req: Request, form: StandardForm, error: String? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let viewer = try req.requireViewer()
        let rows = try await PovertyStandardStore(database: req.db, world: req.world).all().map { s in
            Row(code: s.code, name: s.name,
                period: s.validFrom.vietnamese + " – " + (s.validTo?.vietnamese ?? "nay"),
                scope: s.provinceCode.map { "Chuẩn riêng của tỉnh \($0)" } ?? "Quốc gia",
                rural: s.povertyLines[.rural]?.description ?? "—", urban: s.povertyLines[.urban]?.description ?? "—",
                band: s.averageUpperBounds.map { "≤ \($0[.rural]?.description ?? "—") / ≤ \($0[.urban]?.description ?? "—")" } ?? "Chưa quy định",
                indicators: "\(s.indicators.count) chỉ số, nghèo khi thiếu hụt từ \(s.poorMinDeprivations)", legalSource: s.legalSource)
        }
        return try await req.page("registry/standards", title: "Chuẩn nghèo", crumbs: [Crumb(label: "Chuẩn nghèo", href: "/poverty/standards")],
                                  status: status, error: error, Body(rows: rows, canEdit: viewer.role == .admin, form: form))
    }

    func addFromForm(_ req: Request) async throws -> Response {
        let form = try req.content.decode(StandardForm.self)
        do {
            func money(_ text: String?, _ field: String) throws -> Money {
                try Validate.money(text, field: field, label: "Số tiền ở ô «\(field)»")
            }
            let indicators = (form.indicators ?? "").split(whereSeparator: \.isNewline).compactMap { line -> DeprivationIndicator? in
                let parts = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count >= 2, !parts[0].isEmpty else { return nil }
                return DeprivationIndicator(code: parts[0], name: parts[1], dimension: parts.count > 2 ? parts[2] : "")
            }
            var bounds: [Area: Money]?
            if !(form.ruralUpper ?? "").isEmpty || !(form.urbanUpper ?? "").isEmpty {
                bounds = [.rural: try money(form.ruralUpper, "ruralUpper"), .urban: try money(form.urbanUpper, "urbanUpper")]
            }
            var province: Int?
            if let text = form.provinceCode, !text.isEmpty {
                guard let code = try? UnitCode(text: text) else { throw PlacesError.invalidUnitCode(text) }
                province = code.value
            }
            let standard = PovertyStandard(
                code: (form.code ?? "").trimmingCharacters(in: .whitespaces), name: form.name ?? "",
                validFrom: try Validate.date(form.validFrom ?? ""),
                validTo: try (form.validTo ?? "").isEmpty ? nil : Validate.date(form.validTo ?? ""),
                legalSource: form.legalSource ?? "", provinceCode: province,
                povertyLines: [.rural: try money(form.ruralLine, "ruralLine"), .urban: try money(form.urbanLine, "urbanLine")],
                averageUpperBounds: bounds, poorMinDeprivations: Int(form.poorMinDeprivations ?? "") ?? 3, indicators: indicators)
            try await PovertyStandardStore(database: req.db, world: req.world).add(standard, actor: try req.requireViewer().actor)
            return Flash.redirect(req, to: "/poverty/standards", success: "Đã thêm chuẩn nghèo \(standard.code).")
        } catch let error as any DomainError {
            return try await page(req, form: form, error: error.message, status: ErrorResponder.status(of: error.kind))
        }
    }
}
