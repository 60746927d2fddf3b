import Domain
import SQLKit

/// The work of the departments that oversee rather than lend: the Department of Finance's
/// capital plans of the year not yet met, and the Department of Construction's housing demand.
extension WorkQueueStore {
    /// The year's capital plans in scope, and those whose allocations fall short of them.
    func capitalPlans(_ work: inout WorkQueue, scope: AccessScope, year: Int) async throws {
        var provinces = scope.provinceCodes
        if scope.isEverything || provinces.isEmpty {
            let units: SQLQueryString = scope.isEverything ? "1 = 1" : scope.condition("id")
            provinces = Set(
                try await sql.raw(
                    "SELECT DISTINCT province_code FROM units WHERE level = 'commune' AND \(units)"
                ).all(decodingColumn: "province_code", as: Int.self))
        }
        let capital = CapitalStore(database: database, world: world)
        for province in provinces.sorted() {
            let plans = try await capital.plans(provinceCode: province, year: year, scope: scope)
            work.capitalPlans += plans.count
            work.capitalPlansShort += plans.filter { $0.allocated < $0.plan.amount }.count
        }
    }

    /// Registrations of social-housing demand in scope, and the communes they come from.
    func housingDemand(_ work: inout WorkQueue, scope: AccessScope) async throws {
        let lines = try await HousingDemandStore(database: database, world: world)
            .summary(unitIDs: nil, scope: scope).lines
        work.housingRegistrations = lines.reduce(0) { $0 + $1.registrations }
        work.housingCommunes = Set(lines.map(\.unitCode)).count
    }

    /// What oversight owes: each role's own counts, nothing computed a role does not see.
    func oversight(
        _ work: inout WorkQueue, scope: AccessScope, on today: BusinessDate, role: Role
    ) async throws {
        if [.admin, .bank, .commune, .union, .inspector].contains(role) {
            work.findingsOverdue = try await FindingStore(database: database, world: world)
                .counts(scope: scope, on: today).reduce(0) { $0 + $1.overdue }
        }
        if [.admin, .bank, .union].contains(role) {
            work.loansUnchecked = try await CheckPlanStore(database: database, world: world)
                .unchecked(scope: scope, on: today).count
        }
        if [.province, .finance, .construction, .inspector].contains(role) {
            work.directiveTasksOverdue = try await DirectiveStore(database: database, world: world)
                .overdueCount(scope: scope, on: today)
        }
    }
}
