import Domain
import Store
import Vapor

/// The month and the narrowing a fee list asks for, met with the viewer's scope: an
/// organisation or a group outside the viewer's own narrowing is refused (403), a group outside
/// the scope is not found.
struct FeeFilter {
    var month: String
    var organisation: Organisation?
    var group: String?
    var scope: AccessScope
    /// A leader sees his group's commission; the organisations' fees are not his.
    var commissionOnly: Bool

    init(
        _ req: Request, viewer: Viewer, month: String?, organisation: String?, group: String?
    ) async throws {
        let start = try Validate.month(
            month, default: req.world.today.firstOfMonth.adding(days: -1))
        self.month = String(start.iso.prefix(7))
        var scope = viewer.scope
        let org = (organisation ?? "").trimmingCharacters(in: .whitespaces)
        if !org.isEmpty {
            guard let o = Organisation(rawValue: org) else {
                throw PlatformError.invalidInput(
                    field: "organisation",
                    message: "Tổ chức phải là womens_union, farmers_union, veterans_association"
                        + " hoặc youth_union.")
            }
            if let own = scope.organisationID, own != o.rawValue { throw PlatformError.outOfScope }
            scope.organisationID = o.rawValue
            self.organisation = o
        }
        let g = (group ?? "").trimmingCharacters(in: .whitespaces)
        if !g.isEmpty {
            guard g.utf8.count <= 100 else {
                throw PlatformError.invalidInput(field: "group", message: "Mã tổ quá dài.")
            }
            if let own = scope.groupID, own != g { throw PlatformError.outOfScope }
            _ = try await GroupStore(database: req.db, world: req.world).group(id: g, scope: scope)
            scope.groupID = g
            self.group = g
        }
        self.scope = scope
        commissionOnly = viewer.role == .leader
    }

    func items(_ req: Request) async throws -> [FeeItem] {
        let items = try await FeeStore(database: req.db, world: req.world)
            .items(month: month, scope: scope)
        return commissionOnly ? items.filter { $0.level == .group } : items
    }
}

/// Chi trả phí, hoa hồng: one payout as the API's body and the page's form give it.
struct FeePayoutCommand {
    var month: String
    var payee: String
    var amount: Money
    var method: PaymentMethod

    init(
        month: String?, payee: String?, amount: Money, method: String?, today: BusinessDate
    ) throws {
        let text = (month ?? "").trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else {
            throw PlatformError.invalidInput(field: "month", message: "Chọn tháng của khoản phí.")
        }
        self.month = String(try Validate.month(text, default: today).iso.prefix(7))
        let payee = (payee ?? "").trimmingCharacters(in: .whitespaces)
        guard payee.utf8.count <= 200 else {
            throw PlatformError.invalidInput(field: "payee", message: "Mã người nhận quá dài.")
        }
        // A blank key names no one: not found, as any other unknown recipient.
        guard !payee.isEmpty else { throw FeeError.payeeNotFound(payee) }
        self.payee = payee
        self.amount = amount
        self.method = try LoanRoutes.method(method)
    }

    func run(
        _ req: Request, key: String?, viewer: Viewer
    ) async throws -> (result: FeePayout, replayed: Bool) {
        try await FeeStore(database: req.db, world: req.world).payout(
            month: month, payee: payee, amount: amount, method: method, on: req.world.today,
            key: key, actor: viewer.actor, scope: viewer.scope)
    }
}

extension FeeRoutes {
    struct ItemJSON: Content {
        var payee: String
        var kind: String
        var level: String
        var label: String
        var organisation: String
        var group: String?
        var unit: String?
        var base: Int64
        var amount: Int64
        var paid: Int64
        var owed: Int64
        var paidOn: String?

        init(_ i: FeeItem) {
            payee = i.payee
            kind = i.kind
            level = i.level.rawValue
            label = i.level.label
            organisation = i.organisation.rawValue
            group = i.groupID
            unit = i.unitID
            base = i.base.dong
            amount = i.amount.dong
            paid = i.paid.dong
            owed = i.owed.dong
            paidOn = i.paidOn?.iso
        }
    }

    struct ListJSON: Content {
        var month: String
        var items: [ItemJSON]
        var total: Int64
        var paid: Int64
    }

    struct PayoutInput: Content {
        var month: String?
        var payee: String?
        var amount: Int64?
        var method: String?
    }

    struct PayoutJSON: Content {
        var id: String
        var month: String
        var payee: String
        var amount: Int64
        var method: String
        var paidOn: String
        var entry: String
        var owed: Int64

        init(_ p: FeePayout) {
            id = p.id
            month = p.month
            payee = p.payee
            amount = p.amount.dong
            method = p.method.rawValue
            paidOn = p.paidOn.iso
            entry = p.entry
            owed = p.owed.dong
        }
    }

    func registerAPI(_ app: Application) {
        app.on(.GET, ["api", "v1", "fees"], access: .signedIn, kind: .api) { req in
            let viewer = try req.requireViewer()
            struct Q: Content { var month: String?; var organisation: String?; var group: String? }
            let q = try req.query.decode(Q.self)
            let filter = try await FeeFilter(
                req, viewer: viewer, month: q.month, organisation: q.organisation, group: q.group)
            let items = try await filter.items(req)
            return ListJSON(
                month: filter.month, items: items.map(ItemJSON.init),
                total: try items.map(\.amount).sum().dong, paid: try items.map(\.paid).sum().dong)
        }
        app.on(.POST, ["api", "v1", "fees", "payouts"], access: LoanRoutes.lenders, kind: .api) {
            req -> Response in
            let viewer = try req.requireViewer()
            let body = try req.content.decode(PayoutInput.self)
            guard let dong = body.amount else {
                throw PlatformError.invalidInput(field: "amount", message: "Nhập số tiền chi trả.")
            }
            let (payout, replayed) = try await FeePayoutCommand(
                month: body.month, payee: body.payee, amount: Money(dong: dong),
                method: body.method, today: req.world.today
            ).run(req, key: req.headers.first(name: "Idempotency-Key"), viewer: viewer)
            let response = Response(
                status: .created, body: .init(data: try APIJSON.encode(PayoutJSON(payout))))
            response.headers.contentType = .json
            if replayed {
                response.headers.replaceOrAdd(name: "Idempotent-Replayed", value: "true")
            }
            return response
        }
    }
}
