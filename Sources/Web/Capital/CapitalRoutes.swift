import Domain
import Store
import Vapor

/// What the capital page and `GET /api/v1/capital/share` show for a province on a date.
struct CapitalView {
    let province: Int
    let provinceName: String
    let date: BusinessDate
    let share: LocalShare
    let targetBasisPoints: Int64
    let growthBasisPoints: Int64
    let years: [YearShare]
    let projection: [ShareProjectionYear]
    let balances: [CapitalBalance]
}

/// Nguồn vốn: the share of local-budget capital against 15 % by 2030 and the path to it
/// (`GET /api/v1/capital/share`), the movements (`/api/v1/capital/movements`), allocations
/// and transfers between programs (Idempotency-Key), yearly plans; pages in `CapitalPages`.
struct CapitalRoutes {
    /// The Department of Finance records the local budget, the bank what it receives.
    static let recorders = Access.roles([.admin, .finance, .bank])

    static func store(_ req: Request) -> CapitalStore {
        CapitalStore(database: req.db, world: req.world)
    }

    /// The province asked for, or the reader's only current one (a scope also lists the
    /// provinces merged into it in 2025; everything means the provinces the bank serves);
    /// outside the scope: 404.
    static func province(_ code: Int?, req: Request, scope: AccessScope) async throws -> Int {
        if let code {
            guard (1...99).contains(code), scope.admits(province: code) else {
                throw PlacesError.unitNotFound(String(code))
            }
            return code
        }
        let units = UnitStore(sql: try req.sql)
        let current = try await units.currentProvinces(
            among: scope.isEverything ? try await units.servedProvinces() : scope.provinceCodes,
            on: req.world.today)
        guard current.count == 1, let only = current.first else {
            throw PlatformError.inputRefused(field: "province", message: "Chọn tỉnh (mã tỉnh).")
        }
        return only
    }

    static func view(
        _ req: Request, province code: Int?, date: String?, growth: Int64?
    ) async throws -> CapitalView {
        let viewer = try req.requireViewer()
        let province = try await Self.province(code, req: req, scope: viewer.scope)
        let on = try Validate.date(date, default: req.world.today)
        let store = store(req)
        let (target, assumed) = try await store.assumptions(on: on)
        let balances = try await store.balances(
            provinceCode: province, on: on, scope: viewer.scope)
        let share = LocalShare(amounts: balances.map { ($0.source, $0.amount) })
        let growthBP = growth ?? assumed
        let name = try await CapitalStore(database: req.db, world: req.world)
            .unit(CapitalUnitRef(level: .province, code: province), scope: viewer.scope).name
        return CapitalView(
            province: province, provinceName: name, date: on, share: share,
            targetBasisPoints: target, growthBasisPoints: growthBP,
            years: try await store.yearlyShares(
                provinceCode: province, through: on, scope: viewer.scope),
            projection: LocalShareProjection.plan(
                share, year: on.year, growthBasisPoints: growthBP,
                targetBasisPoints: target),
            balances: balances)
    }

    static func source(_ text: String) throws -> CapitalSource {
        guard let s = CapitalSource(rawValue: text) else {
            throw PlatformError.invalidInput(
                field: "source", message: "Nguồn phải là central, province, commune hoặc mobilised."
            )
        }
        return s
    }

    static func level(_ text: String) throws -> CapitalLevel {
        guard let l = CapitalLevel(rawValue: text) else {
            throw PlatformError.invalidInput(
                field: "level", message: "Cấp phải là province hoặc commune.")
        }
        return l
    }

    static func decision(
        _ number: String, _ date: String?, movedOn: BusinessDate
    ) throws
        -> CapitalDecision
    {
        CapitalDecision(number: number, date: try Validate.date(date, default: movedOn))
    }

    static func created(_ record: CapitalMovementRecord, replayed: Bool) throws -> Response {
        let response = Response(
            status: .created, body: .init(data: try APIJSON.encode(CapitalMovementJSON(record))))
        response.headers.contentType = .json
        if replayed { response.headers.replaceOrAdd(name: "Idempotent-Replayed", value: "true") }
        return response
    }

    func register(_ app: Application) {
        registerReads(app)
        registerWrites(app)
        registerPages(app)
    }

    func registerReads(_ app: Application) {
        struct ShareQuery: Content { var province: Int?; var date: String?; var growth: Int64? }
        app.on(.GET, ["api", "v1", "capital", "share"], access: .signedIn, kind: .api) {
            req -> CapitalShareJSON in
            let q = try req.query.decode(ShareQuery.self)
            return CapitalShareJSON(
                try await Self.view(req, province: q.province, date: q.date, growth: q.growth))
        }
        struct ListQuery: Content { var province: Int?; var year: Int? }
        app.on(.GET, ["api", "v1", "capital", "movements"], access: .signedIn, kind: .api) {
            req -> CapitalMovementListJSON in
            let q = try req.query.decode(ListQuery.self)
            let scope = try req.requireViewer().scope
            let items = try await Self.store(req).movements(
                provinceCode: try await Self.province(q.province, req: req, scope: scope),
                year: q.year,
                scope: scope)
            return CapitalMovementListJSON(
                items: items.map(CapitalMovementJSON.init), total: items.count)
        }
        app.on(.GET, ["api", "v1", "capital", "plans"], access: .signedIn, kind: .api) {
            req -> CapitalPlanListJSON in
            let q = try req.query.decode(ListQuery.self)
            let scope = try req.requireViewer().scope
            let items = try await Self.store(req).plans(
                provinceCode: try await Self.province(q.province, req: req, scope: scope),
                year: q.year ?? req.world.today.year, scope: scope)
            return CapitalPlanListJSON(items: items.map(CapitalPlanJSON.init), total: items.count)
        }
    }
}
