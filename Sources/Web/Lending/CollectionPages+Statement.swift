import Domain
import Store
import Vapor

extension CollectionPages {
    /// Sổ tiết kiệm của tổ viên: movements with the running balance, to reconcile with the member;
    /// for the bank, the form that closes the account (tất toán) with its interest to the day.
    static func statement(
        _ req: Request, error: String? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        let viewer = try req.requireViewer()
        let id = req.parameters.get("id") ?? "", household = req.parameters.get("household") ?? ""
        let (group, _, _) = try await GroupStore(database: req.db, world: req.world).group(
            id: id, scope: viewer.scope)
        let (found, summary) = try await HouseholdStore(database: req.db, world: req.world)
            .household(id: household, scope: viewer.scope)
        let lines = try await CollectionStore(database: req.db, world: req.world).statement(
            groupID: id, householdID: household, scope: viewer.scope)
        let closed = try await SavingsStore(database: req.db, world: req.world).closedOn(
            groupID: id, householdID: household, scope: viewer.scope)
        struct Line: Encodable {
            let date: String; let kind: String; let amount: String; let balance: String
        }
        struct Body: Encodable {
            let group: String; let groupID: String; let household: String; let code: String
            let head: String; let lines: [Line]; let balance: String; let today: String
            let todayISO: String; let closedOn: String?; let canClose: Bool; let key: String
        }
        let labels = [
            "deposit": "Gửi", "withdrawal": "Rút", "interest": "Lãi",
            "closing": "Tất toán, chi trả", "loan_interest": "Trả lãi vay từ tiền gửi",
        ]
        return try await req.page(
            "lending/savings-statement", title: "Sổ tiết kiệm – \(summary.headName)",
            crumbs: [
                Crumb(label: "Tổ TK&VV", href: "/groups"),
                Crumb(label: group.name, href: "/groups/\(id)"),
                Crumb(
                    label: "Tiết kiệm \(summary.code)", href: "/groups/\(id)/savings/\(household)"),
            ], status: status, error: error,
            Body(
                group: group.name, groupID: id, household: household, code: summary.code,
                head: found.head?.fullName ?? summary.headName,
                lines: lines.map {
                    Line(
                        date: $0.date.vietnamese, kind: labels[$0.kind] ?? $0.kind,
                        amount: $0.amount.description, balance: $0.balance.description)
                },
                balance: (lines.last?.balance ?? .zero).description,
                today: req.world.today.vietnamese, todayISO: req.world.today.iso,
                closedOn: closed?.vietnamese,
                canClose: LoanRoutes.lenders.allows(viewer.role) && closed == nil
                    && !lines.isEmpty,
                key: req.world.newID()))
    }
}
