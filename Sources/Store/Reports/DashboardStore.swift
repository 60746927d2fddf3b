import Domain
import FluentKit
import Foundation
import SQLKit

/// Bảng điều hành của tỉnh: what leaders read against the 2030 targets, assembled from the
/// summary tables month-end keeps (the latest month closed on or before the date), the
/// registry's classifications in force on the date, and the capital and housing contexts.
public struct ProvinceDashboard: Sendable {
    public var provinceCode: Int
    public var date: BusinessDate
    /// The month whose month-end figures are shown; nil while no month has been closed.
    public var month: String?
    public var poverty: PovertyRate
    public var capital: LocalShare
    public var capitalTargetBasisPoints: Int64
    public var indicators: MonthIndicators?
    /// The closed month's book by phòng giao dịch.
    public var byOffice: [IndicatorLine]
    /// Poor and near-poor on 1 January of the date's year and the two before it.
    public var trend: [(year: Int, rate: PovertyRate)]
    /// The open month to the business date, from the tables the writes keep; nil for a date
    /// before the business date's month.
    public var current: CurrentMonth?
    public var borrowers: Int
    /// Phiên giao dịch of the date's month: held up to the date, and all planned or held.
    public var sittingsHeld: Int
    public var sittingsScheduled: Int
    public var housingDemand: Money
    public var housingCapital: Money
    public var oversight: OversightFigures

    public var outstanding: Money { indicators?.total.outstanding ?? .zero }
    public var overdue: Money { indicators?.total.overdue ?? .zero }
    public var frozen: Money { indicators?.total.frozen ?? .zero }
    /// Nợ quá hạn / dư nợ, in parts per million.
    public var overduePerMillion: Int64 { Ratio.partsPerMillion(overdue, of: outstanding) }
}

public struct DashboardStore: Sendable {
    let database: any Database
    let world: World
    var sql: any SQLDatabase { get throws { try database.sqlDatabase() } }

    public init(database: any Database, world: World) {
        self.database = database
        self.world = world
    }

    /// An administrator's scope narrowed to the province, so every part counts one province.
    func scope(_ scope: AccessScope, province: Int) async throws -> AccessScope {
        guard scope.isEverything else { return scope }
        return try await ScopeResolver(sql: try sql).resolve(
            .province(try UnitCode(province)), today: world.today)
    }

    /// The latest month closed by month-end on or before the date's month.
    public func closedMonth(onOrBefore date: BusinessDate) async throws -> String? {
        try await sql.raw(
            """
            SELECT MAX(month) AS month FROM month_end_runs WHERE status = 'done'
            AND month <= \(bind: String(date.iso.prefix(7)))
            """
        ).first(decodingColumn: "month", as: String?.self) ?? nil
    }

    public func dashboard(
        provinceCode: Int, on date: BusinessDate, scope viewer: AccessScope
    ) async throws -> ProvinceDashboard {
        let scope = try await scope(viewer, province: provinceCode)
        let month = try await closedMonth(onOrBefore: date)
        var indicators: MonthIndicators?
        var byOffice: [IndicatorLine] = []
        if let month {
            indicators = try await MonthIndicatorStore(database: database, world: world)
                .indicators(month: month, scope: scope, arrearsLimit: 0)
            byOffice = try await self.byOffice(month: month, scope: scope)
        }
        let poverty = try await PovertyRateStore(sql: try sql).byCommune(
            asOf: date, provinceCode: provinceCode, scope: scope
        ).map(\.rate).reduce(PovertyRate(households: 0, poor: 0, nearPoor: 0, reviewed: 0), +)
        let capital = CapitalStore(database: database, world: world)
        let balances = try await capital.balances(
            provinceCode: provinceCode, on: date, scope: scope)
        let housing = try await HousingDemandStore(database: database, world: world)
            .summary(unitIDs: nil, scope: scope)
        let sittings = try await sittings(provinceCode: provinceCode, on: date, scope: scope)
        let figures = CurrentLoanFigures(sql: try sql)
        var borrowers = try await figures.borrowers(provinceCode: provinceCode, scope: scope)
        if borrowers == nil {
            borrowers = try await self.borrowers(provinceCode: provinceCode, scope: scope)
        }
        let current =
            date >= world.today.firstOfMonth
            ? try await figures.month(provinceCode: provinceCode, on: world.today, scope: scope)
            : nil
        return ProvinceDashboard(
            provinceCode: provinceCode, date: date, month: month, poverty: poverty,
            capital: LocalShare(amounts: balances.map { ($0.source, $0.amount) }),
            capitalTargetBasisPoints: try await capital.assumptions(on: date).target,
            indicators: indicators, byOffice: byOffice,
            trend: try await trend(provinceCode: provinceCode, on: date, scope: scope),
            current: current,
            borrowers: borrowers ?? 0, sittingsHeld: sittings.held,
            sittingsScheduled: sittings.scheduled,
            housingDemand: housing.amount,
            housingCapital: balances.total(program: "social_housing"),
            oversight: try await oversight(provinceCode: provinceCode, on: date, scope: scope))
    }

    /// Người vay còn dư nợ: households (or direct borrowers) with principal outstanding now,
    /// counted from the loans for an organisation officer or a group leader.
    func borrowers(provinceCode: Int, scope: AccessScope) async throws -> Int {
        // The communes' count of the summary table, over the loans the scope narrows to.
        let loans =
            "l.province_code = \(bind: provinceCode) AND " + scope.condition("l.unit_id")
            + " AND " + scope.networkCondition(organisation: "l.organisation", group: "l.group_id")
        let count = try await sql.raw(
            """
            SELECT CAST(SUM(c.borrowers) AS BIGINT) AS n
            FROM (\(CurrentLoanFigures.countedBorrowers(loans: loans))) c
            """
        ).first(decodingColumn: "n", as: Int64?.self)
        return Int(clamping: (count ?? nil) ?? 0)
    }
}
