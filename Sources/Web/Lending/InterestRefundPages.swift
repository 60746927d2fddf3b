import Domain
import Foundation
import Store
import Vapor

/// Danh sách hoàn lãi per commune: what month-end gave back to each loan for a retroactive rate
/// cut, the part that cleared interest still due, and what is owed to the borrower; a bank
/// officer records each payment at the sitting. Prints on A4 for signatures.
struct InterestRefundPages {
    struct Line: Encodable {
        let id: String; let month: String; let loan: String; let borrower: String; let group: String
        let unit: String; let amount: String; let offset: String; let owed: String; let paid: String
        let payable: Bool
    }

    struct PayoutForm: Content {
        var key: String?; var date: String?; var method: String?; var back: String?
    }

    func register(_ app: Application) {
        app.on(.GET, ["interest-refunds"], access: .signedIn, kind: .page) { req in
            try await Self.page(req)
        }
        app.on(
            .POST, ["interest-refunds", ":id", "payout"], access: LoanRoutes.lenders, kind: .page
        ) { req in
            try await Self.payOut(req)
        }
    }

    static func page(
        _ req: Request, error: String? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        let viewer = try req.requireViewer()
        let filter = try await RateAdjustmentRoutes.filter(req)
        let refunds = try await RateAdjustmentStore(database: req.db, world: req.world)
            .refunds(unitIDs: filter.units, unpaidOnly: filter.unpaid, scope: viewer.scope)
        let canPay = [.admin, .bank].contains(viewer.role)
        let lines = refunds.map { r in
            Line(
                id: r.id, month: r.month, loan: r.loanID, borrower: r.borrowerName,
                group: r.groupName ?? "Vay trực tiếp",
                unit: r.unitName, amount: r.amount.description, offset: r.offset.description,
                owed: r.owed.description,
                paid: r.paidOn?.vietnamese ?? (r.owed.dong > 0 ? "Chưa chi" : "Không phải chi"),
                payable: canPay && r.stillOwed)
        }
        struct Body: Encodable {
            let lines: [Line]; let unit: String; let unpaid: Bool; let total: String;
            let offset: String
            let owedUnpaid: String; let today: String; let key: String; let back: String
        }
        let unit = req.query[String.self, at: "unit"] ?? ""
        let back =
            "/interest-refunds?unit="
            + (unit.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
            + (filter.unpaid ? "&unpaid=true" : "")
        return try await req.page(
            "lending/interest-refunds", title: "Danh sách hoàn lãi do điều chỉnh lãi suất",
            crumbs: [
                Crumb(label: "Điều chỉnh lãi suất", href: "/rate-adjustments"),
                Crumb(label: "Danh sách hoàn lãi", href: "/interest-refunds"),
            ],
            status: status, error: error,
            Body(
                lines: lines, unit: unit, unpaid: filter.unpaid,
                total: try refunds.map(\.amount).sum().description,
                offset: try refunds.map(\.offset).sum().description,
                owedUnpaid: try RateAdjustmentRoutes.owedUnpaid(refunds).description,
                today: req.world.today.iso, key: UUID().uuidString, back: back))
    }

    static func payOut(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let form = try req.content.decode(PayoutForm.self)
        // Back to the list the officer came from, never elsewhere.
        let back =
            form.back.flatMap { $0.hasPrefix("/interest-refunds") && !$0.contains("//") ? $0 : nil }
            ?? "/interest-refunds"
        do {
            let request = RefundPayout(
                refundID: req.parameters.get("id") ?? "",
                on: try Validate.date(form.date ?? ""), method: try LoanRoutes.method(form.method))
            let (line, _) = try await RateAdjustmentStore(database: req.db, world: req.world)
                .payOut(request, key: form.key, actor: viewer.actor, scope: viewer.scope)
            return Flash.redirect(
                req, to: back, success: "Đã chi trả \(line.owed) lãi hoàn cho \(line.borrowerName)."
            )
        } catch let error as any DomainError where error.kind != .forbidden {
            return try await page(
                req, error: error.message, status: ErrorResponder.status(of: error.kind))
        }
    }
}
