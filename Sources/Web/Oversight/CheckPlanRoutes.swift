import Domain
import Store
import Vapor

/// Kiểm tra sử dụng vốn vay theo kế hoạch: plans drawn by dated rules and a seed
/// (`/check-plans`, `POST /api/v1/check-plans`), each sampled loan from selected to checked,
/// and the new loans past the deadline with no check (`GET /api/v1/use-checks/unchecked`).
struct CheckPlanRoutes {
    static let planners = InspectionRoutes.inspectors

    static func store(_ req: Request) -> CheckPlanStore {
        CheckPlanStore(database: req.db, world: req.world)
    }

    static func create(_ b: CheckPlanInput, req: Request) async throws -> CheckPlanRecord {
        let viewer = try req.requireViewer()
        let defaults = try await store(req).defaultRules(on: req.world.today)
        return try await store(req).create(
            try b.plan(defaults: defaults, randomSeed: UInt64.random(in: 1...999_999_999)),
            actor: viewer.actor, scope: viewer.scope)
    }

    func register(_ app: Application) {
        app.on(.GET, ["api", "v1", "check-plans"], access: .signedIn, kind: .api) {
            req -> CheckPlanListJSON in
            let plans = try await Self.store(req).plans(scope: try req.requireViewer().scope)
            return CheckPlanListJSON(items: plans.map(CheckPlanJSON.init), total: plans.count)
        }
        app.on(.POST, ["api", "v1", "check-plans"], access: Self.planners, kind: .api) {
            req -> Response in
            let plan = try await Self.create(try req.content.decode(CheckPlanInput.self), req: req)
            return try await CheckPlanJSON(plan).encodeResponse(status: .created, for: req)
        }
        app.on(.GET, ["api", "v1", "check-plans", ":id"], access: .signedIn, kind: .api) {
            req -> CheckPlanDetailJSON in
            let (plan, loans) = try await Self.store(req).plan(
                id: req.parameters.get("id") ?? "", scope: try req.requireViewer().scope)
            return CheckPlanDetailJSON(
                plan: CheckPlanJSON(plan), loans: loans.map(CheckPlanLoanJSON.init))
        }
        app.on(.GET, ["api", "v1", "use-checks", "unchecked"], access: .signedIn, kind: .api) {
            req -> UncheckedListJSON in
            let items = try await Self.store(req).unchecked(
                scope: try req.requireViewer().scope, on: req.world.today)
            return UncheckedListJSON(items: items.map(UncheckedLoanJSON.init), total: items.count)
        }
        registerPages(app)
    }
}
