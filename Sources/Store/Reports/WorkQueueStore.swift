import Domain
import FluentKit
import Foundation
import SQLKit

/// Việc hôm nay: what waits for the signed-in person, counted in her scope with one grouped
/// query per kind of work: loan files by stage (and, at the bank, whether a first officer has
/// checked them), this week's sittings, open reviews, groups with overdue or arrears.
public struct WorkQueue: Sendable, Equatable {
    /// Hồ sơ vay by stage: submitted, voted, certified and not checked, checked and waiting
    /// for a second officer, approved and waiting for the money.
    public var toVote = 0
    public var toCertify = 0
    public var toCheck = 0
    public var toApprove = 0
    public var toDisburse = 0
    public var sittings: [Sitting] = []
    public var openReviews = 0
    /// Tổ có nợ quá hạn, lãi tồn in the last month closed.
    public var groupsOverdue = 0
    public var groupsInArrears = 0
    /// Tổ không họp, không giao dịch in the last month closed.
    public var groupsWithoutSitting = 0
    /// Kế hoạch vốn ngân sách địa phương of the year, and those not yet met by allocations.
    public var capitalPlans = 0
    public var capitalPlansShort = 0
    /// Đăng ký nhu cầu vay nhà ở xã hội, and the communes they come from.
    public var housingRegistrations = 0
    public var housingCommunes = 0
    /// Kiểm tra, giám sát: findings past their due date, new loans past the check deadline
    /// with no loan-use check, directive tasks whose report is late.
    public var findingsOverdue = 0
    public var loansUnchecked = 0
    public var directiveTasksOverdue = 0

    /// Một phiên giao dịch this week.
    public struct Sitting: Sendable, Equatable {
        public var id: String
        public var day: BusinessDate
        public var hours: String
        public var pointName: String
    }
}

public struct WorkQueueStore: Sendable {
    let database: any Database
    let world: World
    var sql: any SQLDatabase { get throws { try database.sqlDatabase() } }

    public init(database: any Database, world: World) {
        self.database = database
        self.world = world
    }

    /// The work in scope; the departments' counts (capital plans, housing demand) only for the
    /// roles whose home shows them, so a bank officer's home does not pay for them.
    public func queue(
        scope: AccessScope, on today: BusinessDate, role: Role
    ) async throws -> WorkQueue {
        var work = WorkQueue()
        try await applications(&work, scope: scope)
        work.sittings = try await sittings(scope: scope, from: today, days: 7)
        work.openReviews = try await openReviews(scope: scope, year: today.year)
        try await groups(&work, scope: scope, on: today)
        if role == .finance { try await capitalPlans(&work, scope: scope, year: today.year) }
        if role == .construction { try await housingDemand(&work, scope: scope) }
        try await oversight(&work, scope: scope, on: today, role: role)
        return work
    }

    func applications(_ work: inout WorkQueue, scope: AccessScope) async throws {
        let rows = try await sql.raw(
            """
            SELECT a.state AS state, CASE WHEN a.prepared_on IS NULL THEN 0 ELSE 1 END AS checked,
            COUNT(*) AS n FROM loan_applications a
            WHERE a.state IN ('submitted', 'voted', 'certified', 'approved')
            AND \(ApplicationStore.scopeCondition(scope))
            GROUP BY a.state, CASE WHEN a.prepared_on IS NULL THEN 0 ELSE 1 END
            """
        ).all()
        for r in rows {
            let n = try r.decode(column: "n", as: Int.self)
            let checked = try r.decode(column: "checked", as: Int.self) == 1
            switch ApplicationState(rawValue: try r.decode(column: "state", as: String.self)) {
            case .submitted: work.toVote += n
            case .voted: work.toCertify += n
            case .certified where checked: work.toApprove += n
            case .certified: work.toCheck += n
            case .approved: work.toDisburse += n
            default: break
            }
        }
    }

    /// The sittings planned from today for `days` days at the points in scope, by day.
    func sittings(
        scope: AccessScope, from today: BusinessDate, days: Int
    ) async throws
        -> [WorkQueue.Sitting]
    {
        try await sql.raw(
            """
            SELECT d.id AS id, d.day AS day, d.hours AS hours, p.name AS name
            FROM transaction_days d JOIN transaction_points p ON p.id = d.point_id
            WHERE d.status = 'planned' AND d.day >= \(bind: today.iso)
            AND d.day <= \(bind: today.adding(days: days - 1).iso)
            AND \(scope.condition("p.unit_id"))
            ORDER BY d.day, p.name, d.id LIMIT 50
            """
        ).all().compactMap { r in
            guard let day = try? BusinessDate(iso: try r.decode(column: "day", as: String.self))
            else { return nil }
            return WorkQueue.Sitting(
                id: try r.decode(column: "id", as: String.self), day: day,
                hours: try r.decode(column: "hours", as: String.self),
                pointName: try r.decode(column: "name", as: String.self))
        }
    }

    /// Reviews of the year in scope with no decision recorded yet.
    func openReviews(scope: AccessScope, year: Int) async throws -> Int {
        let definitions = try await sql.raw(
            """
            SELECT c.definition AS definition FROM review_campaigns c
            WHERE c.year = \(bind: year) AND \(scope.condition("c.unit_id"))
            """
        ).all(decodingColumn: "definition", as: String.self)
        return definitions.filter { text in
            let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
            return object?["decidedOn"] == nil || object?["decidedOn"] is NSNull
        }.count
    }

    /// Groups with overdue principal or interest arrears in the last month closed.
    func groups(_ work: inout WorkQueue, scope: AccessScope, on today: BusinessDate) async throws {
        guard
            let month = try await DashboardStore(database: database, world: world)
                .closedMonth(onOrBefore: today)
        else { return }
        let condition = scope.summaryCondition(groupTable: true)
        let row = try await sql.raw(
            """
            SELECT CAST(COALESCE(SUM(CASE WHEN f.overdue > 0 THEN 1 ELSE 0 END), 0) AS BIGINT)
            AS overdue, CAST(COALESCE(SUM(CASE WHEN f.interest_arrears > 0 THEN 1 ELSE 0 END), 0)
            AS BIGINT) AS arrears,
            CAST(COALESCE(SUM(CASE WHEN f.sittings = 0 THEN 1 ELSE 0 END), 0) AS BIGINT) AS idle
            FROM group_month_figures f
            WHERE f.month = \(bind: month) AND \(condition)
            """
        ).first()
        work.groupsOverdue = Int(try row?.decode(column: "overdue", as: Int64.self) ?? 0)
        work.groupsInArrears = Int(try row?.decode(column: "arrears", as: Int64.self) ?? 0)
        work.groupsWithoutSitting = Int(try row?.decode(column: "idle", as: Int64.self) ?? 0)
    }
}
