import Domain
import Store
import Vapor

/// Phí ủy thác và hoa hồng of a month, in the caller's scope: what each recipient is owed and was
/// paid, the lines behind it, the payout at the sitting with its signed list (A4), exportable.
/// An organisation officer sees her organisation's, a leader his group's commission.
/// `GET /api/v1/fees`, `POST /api/v1/fees/payouts` (Idempotency-Key).
struct FeeRoutes {
    func register(_ app: Application) {
        app.on(.GET, ["fees"], access: .signedIn, kind: .page) { req in try await Self.page(req) }
        app.on(.GET, ["fees", "payouts", "list"], access: .signedIn, kind: .page) { req in
            try await Self.payoutList(req)
        }
        // Chi trả tại buổi giao dịch (the bank).
        app.on(.POST, ["fees", "payouts"], access: LoanRoutes.lenders, kind: .page) { req in
            try await Self.payoutForm(req)
        }
        // Tính lại phí của một tháng đã khóa sổ (the bank, after a rate is corrected).
        app.on(.POST, ["fees", "rerun"], access: .roles([.admin, .bank]), kind: .page) { req in
            let viewer = try req.requireViewer()
            struct Form: Content { var month: String?; var key: String? }
            let form = try req.content.decode(Form.self)
            let month = (form.month ?? "").trimmingCharacters(in: .whitespaces)
            guard !month.isEmpty else {
                throw PlatformError.invalidInput(
                    field: "month", message: "Chọn tháng cần tính lại.")
            }
            let (result, _) = try await FeeStore(database: req.db, world: req.world).rerun(
                month: month, on: req.world.today, key: form.key, actor: viewer.actor,
                scope: viewer.scope)
            return Flash.redirect(
                req, to: "/fees?month=\(month)",
                success: result.entryID == nil
                    ? "Tính lại tháng \(month): không có chênh lệch."
                    : "Tính lại tháng \(month): \(result.linesChanged) dòng thay đổi, tổng từ "
                        + "\(result.previous) thành \(result.recomputed); đã hạch toán chênh lệch.")
        }
        registerAPI(app)
    }

    struct PayoutForm: Content {
        var month: String?
        var payee: String?
        var amount: String?
        var method: String?
        var key: String?
    }

    static func payoutForm(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let form = try req.content.decode(PayoutForm.self)
        do {
            let amount = try Validate.money(form.amount, field: "amount", label: "Số tiền chi trả")
            let (payout, _) = try await FeePayoutCommand(
                month: form.month, payee: form.payee, amount: amount, method: form.method,
                today: req.world.today
            ).run(req, key: form.key, viewer: viewer)
            return Flash.redirect(
                req, to: "/fees?month=\(payout.month)",
                success: "Đã chi trả \(payout.amount) (\(payout.method.label)); còn phải trả "
                    + "\(payout.owed).")
        } catch let error as any DomainError where error.kind != .forbidden {
            return try await page(
                req, month: form.month, error: error.message,
                status: ErrorResponder.status(of: error.kind))
        }
    }

    /// Who an item is, in words: the group's name, the commune's, or the level and province.
    static func names(_ req: Request, _ items: [FeeItem]) async throws -> [String: String] {
        let groups = Set(items.compactMap(\.groupID)), units = Set(items.compactMap(\.unitID))
        var names: [String: String] = [:]
        if !groups.isEmpty {
            for r in try await req.sql.raw(
                "SELECT id, name FROM savings_groups WHERE id IN (\(binds: Array(groups)))"
            ).all() {
                names[try r.decode(column: "id", as: String.self)] = try r.decode(
                    column: "name", as: String.self)
            }
        }
        if !units.isEmpty {
            for r in try await req.sql.raw(
                "SELECT id, name FROM units WHERE id IN (\(binds: Array(units)))"
            ).all() {
                names[try r.decode(column: "id", as: String.self)] = try r.decode(
                    column: "name", as: String.self)
            }
        }
        return Dictionary(
            uniqueKeysWithValues: items.map { item in
                let who: String
                switch item.level {
                case .group: who = item.groupID.flatMap { names[$0] } ?? ""
                case .communeOrganisation:
                    who = item.organisation.label + " " + (item.unitID.flatMap { names[$0] } ?? "")
                default: who = item.organisation.label
                }
                return (item.payee, who)
            })
    }
}
