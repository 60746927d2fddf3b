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
}
