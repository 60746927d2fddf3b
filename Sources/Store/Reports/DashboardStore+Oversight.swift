import Domain
import SQLKit

/// Kiểm tra, giám sát on the leaders' page: what is owed and late, black credit by commune,
/// the models published, the year's contributions, the directive tasks behind.
public struct OversightFigures: Sendable, Equatable {
    public var pendingFindings: Int
    public var overdueFindings: Int
    public var blackCreditCases: Int
    /// Communes with a black-credit case or an overdue finding, by name.
    public var byCommune: [FindingCounts]
    public var publishedModels: Int
    public var contributions: ContributionTotal
    public var overdueDirectiveTasks: Int
}

extension DashboardStore {
    /// Each count from its own context's store, within the dashboard's scope.
    func oversight(
        provinceCode: Int, on date: BusinessDate, scope: AccessScope
    ) async throws -> OversightFigures {
        let counts = try await FindingStore(database: database, world: world).counts(
            scope: scope, on: date)
        let models = try await sql.raw(
            """
            SELECT COUNT(*) AS n FROM exemplary_models m
            WHERE m.published = 1 AND m.province_code = \(bind: provinceCode)
            AND \(scope.condition("m.unit_id"))
            """
        ).first(decodingColumn: "n", as: Int.self) ?? 0
        let contributions = try await ContributionStore(database: database, world: world)
            .contributionTotals(year: date.year, scope: scope)
        let tasks = try await DirectiveStore(database: database, world: world)
            .overdueCount(scope: scope, on: date)
        return OversightFigures(
            pendingFindings: counts.reduce(0) { $0 + $1.pending },
            overdueFindings: counts.reduce(0) { $0 + $1.overdue },
            blackCreditCases: counts.reduce(0) { $0 + $1.blackCredit },
            byCommune: counts.filter { $0.blackCredit > 0 || $0.overdue > 0 },
            publishedModels: models, contributions: contributions,
            overdueDirectiveTasks: tasks)
    }
}
