import Domain
import Store
import Vapor

/// Phí ủy thác và hoa hồng of a month, in the caller's scope: an organisation officer sees her
/// organisation's, a leader his group's. Exportable.
struct FeeRoutes {
    func register(_ app: Application) {
        app.on(.GET, ["fees"], access: .signedIn, kind: .page) { req in try await Self.page(req) }
        // Tính lại phí của một tháng đã khóa sổ (the bank, after a rate is corrected).
        app.on(.POST, ["fees", "rerun"], access: .roles([.admin, .bank]), kind: .page) { req in
            let viewer = try req.requireViewer()
            struct Form: Content { var month: String?; var key: String? }
            let form = try req.content.decode(Form.self)
            let month = (form.month ?? "").trimmingCharacters(in: .whitespaces)
            guard !month.isEmpty else { throw PlatformError.invalidInput(field: "month", message: "Chọn tháng cần tính lại.") }
            let (result, _) = try await FeeStore(database: req.db, world: req.world).rerun(
                month: month, on: req.world.today, key: form.key, actor: viewer.actor, scope: viewer.scope)
            return Flash.redirect(req, to: "/fees?month=\(month)", success: result.entryID == nil
                ? "Tính lại tháng \(month): không có chênh lệch."
                : "Tính lại tháng \(month): \(result.linesChanged) dòng thay đổi, tổng từ \(result.previous) thành \(result.recomputed); đã hạch toán chênh lệch.")
        }
    }

    static func page(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        struct F: Content { var month: String?; var format: String? }
        let f = try req.query.decode(F.self)
        let month = try Validate.month(f.month, default: req.world.today.firstOfMonth.adding(days: -1))
        let key = String(month.iso.prefix(7))
        let lines = try await FeeStore(database: req.db, world: req.world).lines(month: key, scope: viewer.scope)
        let names = Dictionary(uniqueKeysWithValues: try await req.sql.raw("SELECT id, name FROM savings_groups").all().map {
            (try $0.decode(column: "id", as: String.self), try $0.decode(column: "name", as: String.self))
        })
        if let format = Exporter.format(f.format) {
            return try Exporter.response(Exporter.Table(sheetName: "Phí, hoa hồng", headers: ["Khoản", "Tổ TK&VV", "Tổ chức", "Cơ sở tính", "Phần vạn", "Số tiền", "Ghi chú"],
                                                        rows: lines.map { [.text($0.payee.label), .text(names[$0.groupID] ?? $0.groupID), .text($0.organisation.label),
                                                                           .number($0.base.dong), .number($0.basisPoints), .number($0.amount.dong), .text($0.reason)] }),
                                         format: format, fileName: "phi-hoa-hong-\(key)")
        }
        struct Row: Encodable { let payee: String; let group: String; let groupID: String; let organisation: String; let base: String; let amount: String; let reason: String }
        struct Body: Encodable {
            let month: String; let rows: [Row]; let total: String; let exportQuery: String; let canRerun: Bool; let key: String
        }
        return try await req.page("network/fees", title: "Phí ủy thác, hoa hồng tháng \(month.month)/\(month.year)",
                                  crumbs: [Crumb(label: "Tổ TK&VV", href: "/groups"), Crumb(label: "Phí, hoa hồng", href: "/fees")],
            Body(month: key, rows: lines.map { Row(payee: $0.payee.label, group: names[$0.groupID] ?? $0.groupID, groupID: $0.groupID,
                                                   organisation: $0.organisation.label, base: $0.base.description, amount: $0.amount.description, reason: $0.reason) },
                 total: (try lines.map(\.amount).sum()).description, exportQuery: "month=\(key)",
                 canRerun: [.admin, .bank].contains(viewer.role) && !lines.isEmpty, key: "fees-rerun-\(req.world.newID())"))
    }
}
