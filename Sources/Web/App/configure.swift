import Domain
import Fluent
import Leaf
import LeafKit
import Store
import SQLKit
import Vapor

/// Wires the application: database, migrations, views, middleware and routes.
public func configure(_ app: Application, settings: AppSettings) async throws {
    app.settings = settings
    _ = app.scopeCache // created before the server starts, never under concurrent requests
    _ = RequestJSON.installed
    try settings.database.register(in: app.databases)
    ProductMigrations.register(in: app.migrations)

    guard let resources = Bundle.module.resourceURL else { throw Abort(.internalServerError, reason: "resources not found") }
    let views = resources.appendingPathComponent("Views").path + "/"
    app.views.use(.leaf)
    app.leaf.configuration = LeafConfiguration(rootDirectory: views)
    app.leaf.sources = .singleSource(NIOLeafFiles(
        fileio: app.fileio, limits: [.toSandbox, .requireExtensions], sandboxDirectory: views, viewDirectory: views))
    app.leaf.cache.isEnabled = app.environment.isRelease
    app.leaf.tags["money"] = MoneyTag()

    app.routes.defaultMaxBodySize = "1mb"
    app.middleware = Middlewares()
    app.middleware.use(MetricsMiddleware())
    app.middleware.use(SecurityHeaders())
    app.middleware.use(ErrorResponder())
    app.middleware.use(PublicFiles(directory: resources.appendingPathComponent("Public").path + "/"))
    app.middleware.use(Authenticator())

    // What an unknown user name is checked against, so it takes as long as a wrong password.
    app.dummyPasswordHash = try settings.hasher.hash(settings.world.randomToken())
    try registerRoutes(app)
}

/// Runs pending migrations; on SQLite, write-ahead logging and `synchronous` on every connection
/// (FULL unless a benchmark asks otherwise: an acknowledged write survives a power cut).
public func migrate(_ app: Application, synchronous: SQLiteSynchronous = .full) async throws {
    try await DatabaseTarget.prepare(app.db)
    for loop in app.eventLoopGroup.makeIterator() {
        try await DatabaseTarget.tune(app.databases.database(logger: app.logger, on: loop), synchronous: synchronous)
    }
    try await app.autoMigrate()
}

func registerRoutes(_ app: Application) throws {
    HealthRoutes().register(app)
    MetricsRoutes().register(app)
    AuthRoutes().register(app)
    TwoFactorRoutes().register(app)
    SecurityEventRoutes().register(app)
    HomeRoutes().register(app)
    UserRoutes().register(app)
    AuditRoutes().register(app)
    ReferenceDataRoutes().register(app)
    UnitRoutes().register(app)
    OfficeRoutes().register(app)
    PointRoutes().register(app)
    HouseholdImportRoutes().register(app)
    HouseholdRoutes().register(app)
    PovertyRoutes().register(app)
    PovertyRateRoutes().register(app)
    PovertyStandardRoutes().register(app)
    ScorecardRoutes().register(app)
    GroupRoutes().register(app)
    OrganisationRoutes().register(app)
    CalendarRoutes().register(app)
    GroupImportRoutes().register(app)
    BookImportRoutes().register(app)
    GroupRatingRoutes().register(app)
    ProgramRoutes().register(app)
    RateAdjustmentRoutes().register(app)
    LedgerRoutes().register(app)
    LoanRoutes().register(app)
    ClassificationRoutes().register(app)
    ImpactRoutes().register(app)
    WriteOffRoutes().register(app)
    HousingRoutes().register(app)
    CapitalRoutes().register(app)
    DashboardRoutes().register(app)
    OversightRoutes().register(app)
    InspectionRoutes().register(app)
    FindingRoutes().register(app)
    BlackCreditRoutes().register(app)
    ModelRoutes().register(app)
    ContributionRoutes().register(app)
    DirectiveRoutes().register(app)
    CheckPlanRoutes().register(app)
    StandardReportRoutes().register(app)
    LoanPageRoutes().register(app)
    CollectionRoutes().register(app)
    SavingsRoutes().register(app)
    FeeRoutes().register(app)
    IndicatorRoutes().register(app)
    TransactionDayRoutes().register(app)
    ReviewRoutes().register(app)
    OpenAPIRoutes().register(app)
}

/// `#money(x)`: đồng amounts in the Vietnamese format.
struct MoneyTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let value = ctx.parameters.first?.int else { return .string("") }
        return .string(Money(dong: Int64(value)).description)
    }
}
