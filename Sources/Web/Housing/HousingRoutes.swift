import Domain
import Store
import Vapor

/// Nhu cầu vay nhà ở xã hội: registration (`/housing-demand`, `POST /api/v1/housing-demands`),
/// a test of the conditions that saves nothing (`POST /api/v1/housing-assessments`), and the
/// Department of Construction's summary by commune and purpose (`/reports/housing-demand`).
struct HousingRoutes {
    /// The commune, the bank, the province and its Department of Construction register demand.
    static let registrars = Access.roles([.admin, .province, .bank, .commune, .construction])

    static func store(_ req: Request) -> HousingDemandStore {
        HousingDemandStore(database: req.db, world: req.world)
    }

    static func purpose(_ text: String?) throws -> HousingPurpose {
        guard let p = HousingPurpose(rawValue: text ?? "") else {
            throw PlatformError.invalidInput(
                field: "purpose",
                message: "Mục đích phải là buy, hire_purchase, build hoặc renovate.")
        }
        return p
    }

    static func demand(_ b: HousingDemandInput, today: BusinessDate) throws -> NewHousingDemand {
        guard let code = try? UnitCode(text: b.unit) else {
            throw PlacesError.invalidUnitCode(b.unit)
        }
        return NewHousingDemand(
            unitCode: code.value, applicant: b.applicant, person: try b.person.applicant(),
            purpose: try purpose(b.purpose), households: b.households ?? 1,
            amount: try Money(input: b.amount),
            surveyedOn: try Validate.date(b.surveyedOn, default: today),
            source: try Validate.choice(
                b.source, default: HousingSource.commune, field: "source",
                message: "Nguồn phải là department, vbsp hoặc commune."))
    }

    struct ListQuery: Content { var unit: String?; var purpose: String?; var format: String? }

    func register(_ app: Application) {
        app.on(.GET, ["api", "v1", "housing-demands"], access: .signedIn, kind: .api) {
            req -> HousingDemandListJSON in
            let q = try req.query.decode(ListQuery.self)
            let items = try await Self.store(req).list(
                unitIDs: try await UnitFilter.communeUnits(q.unit, req: req),
                purpose: try q.purpose.map { try Self.purpose($0) },
                scope: try req.requireViewer().scope)
            return HousingDemandListJSON(
                items: items.map(HousingDemandJSON.init), total: items.count)
        }
        app.on(.POST, ["api", "v1", "housing-demands"], access: Self.registrars, kind: .api) {
            req -> Response in
            let viewer = try req.requireViewer()
            let d = try Self.demand(
                try req.content.decode(HousingDemandInput.self), today: req.world.today)
            let record = try await Self.store(req).register(
                d, actor: viewer.actor, scope: viewer.scope)
            return try await HousingDemandJSON(record).encodeResponse(status: .created, for: req)
        }
        app.on(.POST, ["api", "v1", "housing-assessments"], access: .signedIn, kind: .api) {
            req -> HousingAssessmentJSON in
            let b = try req.content.decode(HousingAssessmentInput.self)
            let person = try b.person.applicant()
            try HousingConditions.check(person)
            let rules = try await Self.store(req).rules(
                on: try Validate.date(b.date, default: req.world.today))
            return HousingAssessmentJSON(HousingConditions.assess(person, rules: rules))
        }
        app.on(.GET, ["api", "v1", "reports", "housing-demand"], access: .signedIn, kind: .api) {
            req -> HousingDemandReportJSON in
            let q = try req.query.decode(ListQuery.self)
            return HousingDemandReportJSON(
                try await Self.store(req).summary(
                    unitIDs: try await UnitFilter.communeUnits(q.unit, req: req),
                    scope: try req.requireViewer().scope))
        }
        registerPages(app)
    }
}
