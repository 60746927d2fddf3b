import Domain
import Store
import Vapor

/// Danh mục điều kiện xóa nợ: every version with its date and source, and for the
/// administrator the form that adds a version (a condition changed, added or retired).
extension WriteOffRoutes {
    static func conditionsPage(
        _ req: Request, error: String? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        let viewer = try req.requireViewer()
        struct Row: Encodable {
            let code: String, label: String, document: String, measures: String, group: String
            let from: String, state: String, source: String, confirmed: Bool
        }
        let items = try await conditions(req, on: req.world.today)
        let rows = items.map { c in
            Row(
                code: c.code, label: c.label, document: c.document,
                measures: c.measures.compactMap { WriteOffMeasure(rawValue: $0)?.label }
                    .joined(separator: ", "),
                group: c.group.isEmpty ? "" : "Một trong nhóm «\(c.group)»",
                from: (try? BusinessDate(iso: c.from))?.vietnamese ?? c.from,
                state: c.retired ? "Bãi bỏ" : c.inForce ? "Đang áp dụng" : "Đã thay thế",
                source: c.source, confirmed: c.confirmed)
        }
        struct Body: Encodable { let rows: [Row], canEdit: Bool, today: String }
        return try await req.page(
            "lending/write-off-conditions", title: "Điều kiện xóa nợ",
            crumbs: [
                Crumb(label: "Xóa nợ theo đợt", href: "/write-offs"),
                Crumb(label: "Điều kiện xóa nợ", href: "/write-offs/conditions"),
            ], status: status, error: error,
            Body(rows: rows, canEdit: viewer.role == .admin, today: req.world.today.iso))
    }

    struct ConditionForm: Content {
        var code: String?; var interest: String?; var principal: String?; var group: String?
        var label: String?; var document: String?; var from: String?; var retired: String?
        var source: String?; var confirmed: String?
    }

    static func addCondition(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let f = try req.content.decode(ConditionForm.self)
        do {
            var measures = Set<WriteOffMeasure>()
            if f.interest == "on" { measures.insert(.interest) }
            if f.principal == "on" { measures.insert(.principal) }
            let c = WriteOffCondition(
                code: (f.code ?? "").trimmingCharacters(in: .whitespaces), measures: measures,
                group: (f.group ?? "").trimmingCharacters(in: .whitespaces),
                label: f.label ?? "", document: f.document ?? "",
                from: try Validate.date(f.from ?? ""), retired: f.retired == "on",
                source: f.source ?? "", confirmed: f.confirmed == "on")
            _ = try await store(req).addCondition(c, actor: viewer.actor)
            return Flash.redirect(
                req, to: "/write-offs/conditions",
                success: "Đã ghi điều kiện «\(c.code)» từ ngày \(c.from.vietnamese).")
        } catch let error as any DomainError where error.kind != .forbidden {
            return try await conditionsPage(
                req, error: error.message, status: ErrorResponder.status(of: error.kind))
        }
    }
}
