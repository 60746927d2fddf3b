import Domain
import Store
import Vapor

/// Tất toán sổ tiết kiệm của tổ viên: the bank closes a member's account (the member leaves the
/// group, or takes out everything), crediting the half-year's interest to the day and paying the
/// balance out; from the statement page, and as
/// `POST /api/v1/groups/{id}/savings/{household}/close` (Idempotency-Key).
struct SavingsRoutes {
    /// One closing, as the page's form and the API's body give it.
    struct CloseCommand {
        var group: String
        var household: String
        var date: BusinessDate
        var method: PaymentMethod

        init(_ req: Request, date: String?, method: String?) throws {
            group = req.parameters.get("id") ?? ""
            household = req.parameters.get("household") ?? ""
            self.date = try Validate.date(date, default: req.world.today)
            self.method = try LoanRoutes.method(method)
        }

        func run(
            _ req: Request, key: String?, viewer: Viewer
        ) async throws -> (result: SavingsStore.Closing, replayed: Bool) {
            try await SavingsStore(database: req.db, world: req.world).close(
                groupID: group, householdID: household, on: date, method: method, key: key,
                actor: viewer.actor, scope: viewer.scope)
        }
    }

    struct CloseInput: Content {
        var date: String?
        var method: String?
    }

    struct CloseForm: Content {
        var date: String?
        var method: String?
        var key: String?
    }

    struct ClosingJSON: Content {
        var household: String
        var group: String
        var closedOn: String
        var interest: Int64
        var payout: Int64
        var method: String
        var entry: String?

        init(_ c: SavingsStore.Closing) {
            household = c.household
            group = c.group
            closedOn = c.closedOn.iso
            interest = c.interest.dong
            payout = c.payout.dong
            method = c.method.rawValue
            entry = c.entry
        }
    }

    func register(_ app: Application) {
        app.on(
            .POST, ["api", "v1", "groups", ":id", "savings", ":household", "close"],
            access: LoanRoutes.lenders, kind: .api
        ) { req -> Response in
            let viewer = try req.requireViewer()
            let body = try req.content.decode(CloseInput.self)
            let (closing, replayed) = try await CloseCommand(
                req, date: body.date, method: body.method
            ).run(req, key: req.headers.first(name: "Idempotency-Key"), viewer: viewer)
            let response = Response(
                status: .created, body: .init(data: try APIJSON.encode(ClosingJSON(closing))))
            response.headers.contentType = .json
            if replayed {
                response.headers.replaceOrAdd(name: "Idempotent-Replayed", value: "true")
            }
            return response
        }
        app.on(
            .POST, ["groups", ":id", "savings", ":household", "close"],
            access: LoanRoutes.lenders, kind: .page
        ) { req -> Response in
            let viewer = try req.requireViewer()
            let form = try req.content.decode(CloseForm.self)
            let back =
                "/groups/\(req.parameters.get("id") ?? "")/savings/"
                + (req.parameters.get("household") ?? "")
            do {
                let (closing, _) = try await CloseCommand(
                    req, date: form.date, method: form.method
                ).run(req, key: form.key, viewer: viewer)
                return Flash.redirect(
                    req, to: back,
                    success: "Đã tất toán sổ: lãi \(closing.interest), chi trả \(closing.payout).")
            } catch let error as any DomainError
                where error.kind != .notFound && error.kind != .forbidden
            {
                return try await CollectionPages.statement(
                    req, error: error.message, status: ErrorResponder.status(of: error.kind))
            }
        }
    }
}
