import Domain
import Store
import Vapor

/// Điều chỉnh lãi suất over the API: the adjustments (everyone reads; administrators add and
/// withdraw one no month-end has settled), the refunds month-end gave back per loan, and their
/// payment at the sitting (bank officers, once per Idempotency-Key). Pages: `RateAdjustmentPages`.
struct RateAdjustmentRoutes {
    struct WithdrawalInput: Content { var reason: String }

    func register(_ app: Application) {
        app.on(.GET, ["api", "v1", "rate-adjustments"], access: .signedIn, kind: .api) { req in
            let items = try await RateAdjustmentStore(database: req.db, world: req.world).list()
            return RateAdjustmentListJSON(
                items: items.map(RateAdjustmentJSON.init), total: items.count)
        }
        app.on(.POST, ["api", "v1", "rate-adjustments"], access: .admin, kind: .api) { req in
            let adjustment = try req.content.decode(RateAdjustmentInput.self).adjustment()
            let stored = try await RateAdjustmentStore(database: req.db, world: req.world)
                .add(adjustment, actor: try req.requireViewer().actor)
            let response = Response(
                status: .created, body: .init(data: try APIJSON.encode(RateAdjustmentJSON(stored))))
            response.headers.contentType = .json
            return response
        }
        app.on(
            .POST, ["api", "v1", "rate-adjustments", ":id", "withdrawal"], access: .admin,
            kind: .api
        ) { req in
            let body = try req.content.decode(WithdrawalInput.self)
            try await RateAdjustmentStore(database: req.db, world: req.world).withdraw(
                id: req.parameters.get("id") ?? "", reason: body.reason,
                actor: try req.requireViewer().actor)
            return Response(status: .noContent)
        }
        app.on(.GET, ["api", "v1", "interest-refunds"], access: .signedIn, kind: .api) { req in
            let filter = try await Self.filter(req)
            let lines = try await RateAdjustmentStore(database: req.db, world: req.world).refunds(
                unitIDs: filter.units, unpaidOnly: filter.unpaid,
                scope: try req.requireViewer().scope)
            return InterestRefundListJSON(
                items: lines.map(InterestRefundJSON.init), total: lines.count,
                owedUnpaid: try Self.owedUnpaid(lines).dong)
        }
        app.on(
            .POST, ["api", "v1", "interest-refunds", ":id", "payout"], access: LoanRoutes.lenders,
            kind: .api
        ) { req in
            let viewer = try req.requireViewer()
            let body = try req.content.decode(RefundPayoutInput.self)
            let request = RefundPayout(
                refundID: req.parameters.get("id") ?? "",
                on: try Validate.date(body.date), method: try LoanRoutes.method(body.method))
            let (line, replayed) = try await RateAdjustmentStore(database: req.db, world: req.world)
                .payOut(
                    request, key: req.headers.first(name: "Idempotency-Key"), actor: viewer.actor,
                    scope: viewer.scope)
            let response = Response(
                status: .created, body: .init(data: try APIJSON.encode(InterestRefundJSON(line))))
            response.headers.contentType = .json
            if replayed {
                response.headers.replaceOrAdd(name: "Idempotent-Replayed", value: "true")
            }
            return response
        }
        RateAdjustmentPages().register(app)
    }

    /// `?unit=` (a commune's code) and `?unpaid=true|false`, checked once here.
    static func filter(_ req: Request) async throws -> (units: Set<String>?, unpaid: Bool) {
        let units = try await UnitFilter.communeUnits(req.query[String.self, at: "unit"], req: req)
        let unpaid: Bool
        switch req.query[String.self, at: "unpaid"] {
        case nil, "", "false", "0": unpaid = false
        case "true", "1": unpaid = true
        default:
            throw PlatformError.invalidInput(
                field: "unpaid", message: "unpaid phải là true hoặc false.")
        }
        return (units, unpaid)
    }

    static func owedUnpaid(_ lines: [InterestRefundLine]) throws -> Money {
        try lines.filter(\.stillOwed).map(\.owed).sum()
    }
}
