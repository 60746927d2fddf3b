import Domain
import FluentKit
import Foundation
import SQLKit

/// Báo cáo định kỳ: each standard report for a period and, if given, one commune, in the
/// reader's scope. The book's reports read the summary tables month-end writes (one GROUP BY
/// per report), the registry's report reads the classifications in force at the period's end,
/// and the capital report reads the capital movements and plans.
public struct StandardReportStore: Sendable {
    let database: any Database
    let world: World
    var sql: any SQLDatabase { get throws { try database.sqlDatabase() } }

    public init(database: any Database, world: World) {
        self.database = database
        self.world = world
    }

    /// What a report is asked for: which, for when, for which province and commune.
    public struct Request: Sendable, Equatable {
        public var kind: StandardReportKind
        public var period: ReportPeriod
        public var provinceCode: Int
        /// A commune's code, or nil for the whole province.
        public var communeCode: Int?

        public init(
            kind: StandardReportKind, period: ReportPeriod, provinceCode: Int, communeCode: Int?
        ) {
            self.kind = kind
            self.period = period
            self.provinceCode = provinceCode
            self.communeCode = communeCode
        }
    }

    /// The commune (its id and name) a request narrows to, checked against the scope.
    struct Place {
        var unitID: String?
        var label: String
    }

    public func report(
        _ request: Request, scope viewer: AccessScope
    ) async throws
        -> StandardReport
    {
        guard viewer.admits(province: request.provinceCode) else { throw PlatformError.outOfScope }
        let scope = try await DashboardStore(database: database, world: world)
            .scope(viewer, province: request.provinceCode)
        let place = try await place(request, scope: scope)
        switch request.kind {
        case .monthly, .yearly: return try await book(request, place: place, scope: scope)
        case .lending: return try await lending(request, place: place, scope: scope)
        case .localCapital: return try await localCapital(request, place: place, scope: scope)
        case .povertyReview: return try await povertyReview(request, place: place, scope: scope)
        }
    }

    func place(_ request: Request, scope: AccessScope) async throws -> Place {
        let units = UnitStore(sql: try sql)
        let day = try BusinessDate(iso: request.period.lastDay)
        guard let code = request.communeCode else {
            let province = try? await units.unit(
                level: .province, code: request.provinceCode, asOf: day, scope: .everything)
            return Place(unitID: nil, label: province?.name ?? "Tỉnh \(request.provinceCode)")
        }
        let commune: UnitSummary
        do {
            commune = try await units.unit(level: .commune, code: code, asOf: day, scope: scope)
        } catch is PlacesError { throw ReportError.unitNotFound }
        guard commune.provinceCode == request.provinceCode else { throw ReportError.unitNotFound }
        return Place(unitID: commune.id, label: commune.name)
    }

    /// The months month-end has closed in the period, in order ("yyyy-mm").
    public func closedMonths(in period: ReportPeriod) async throws -> [String] {
        let first = String(period.firstDay.prefix(7))
        let last = String(period.lastDay.prefix(7))
        return try await sql.raw(
            """
            SELECT month FROM month_end_runs WHERE status = 'done'
            AND month >= \(bind: first) AND month <= \(bind: last) ORDER BY month
            """
        ).all(decodingColumn: "month", as: String.self)
    }

    static func closedNote(_ months: [String], period: ReportPeriod) -> String {
        guard let first = months.first, let last = months.last else {
            return "Chưa có tháng nào của \(period.label) được khóa sổ: báo cáo chưa có số liệu."
        }
        func label(_ month: String) -> String {
            "\(month.suffix(2))/\(month.prefix(4))"
        }
        let span = first == last ? label(first) : "\(label(first)) đến \(label(last))"
        return "Số liệu đọc từ bảng tổng hợp khóa sổ cuối tháng, các tháng \(span)."
    }
}
