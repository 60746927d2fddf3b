import Domain
import FluentKit
import Foundation
import SQLKit

/// One line of the month's indicators: a program, an organisation or a commune.
public struct IndicatorLine: Sendable, Codable, Equatable {
    public var key: String
    public var label: String
    public var loans: Int
    public var outstanding: Money
    public var overdue: Money
    public var frozen: Money
    public var interestArrears: Money
    public var arrearsLoans: Int
    public var interestDue: Money
    public var interestCollected: Money
    public var disbursed: Money
    public var principalRepaid: Money

    /// A line with nothing in it yet (month-end sums a commune × program × organisation into it).
    static func empty(_ key: String, label: String = "") -> IndicatorLine {
        IndicatorLine(key: key, label: label, loans: 0, outstanding: .zero, overdue: .zero, frozen: .zero, interestArrears: .zero, arrearsLoans: 0,
                      interestDue: .zero, interestCollected: .zero, disbursed: .zero, principalRepaid: .zero)
    }

    /// Tỷ lệ nợ quá hạn and nợ khoanh, in hundredths of a percent of the outstanding.
    public var overdueBasisPoints: Int64 { Ratio.basisPoints(overdue, of: outstanding) }
    public var frozenBasisPoints: Int64 { Ratio.basisPoints(frozen, of: outstanding) }
    /// Tỷ lệ thu lãi: interest collected in the month over interest that fell due in it.
    public var collectionBasisPoints: Int64 {
        interestDue.dong <= 0 ? 10_000 : Ratio.basisPoints(Money(dong: max(0, interestCollected.dong)), of: interestDue)
    }
}

/// Chỉ tiêu tháng (network.md §6), read from the summary tables month-end wrote, in the reader's
/// scope: outstanding, overdue and frozen ratios and interest collection by program, organisation
/// and commune; groups by grade; members' savings; loans with three months of interest arrears;
/// fees and commissions.
public struct MonthIndicators: Sendable, Codable, Equatable {
    public var month: String
    /// Whether month-end has run for the month (otherwise everything below is empty).
    public var closed: Bool
    public var total: IndicatorLine
    public var byProgram: [IndicatorLine]
    public var byOrganisation: [IndicatorLine]
    public var byCommune: [IndicatorLine]
    public var groups: Int
    public var groupsByGrade: [String: Int]
    public var members: Int
    public var membersSaving: Int
    public var savings: Money
    public var savingsPrevious: Money
    public var fees: Money
    public var arrears: [ArrearsLoan]

    public struct ArrearsLoan: Sendable, Codable, Equatable {
        public var loanID: String
        public var borrower: String
        public var unitName: String
        public var groupName: String?
        public var outstanding: Money
        public var interestArrears: Money
    }
}

public struct MonthIndicatorStore: Sendable {
    let database: any Database
    let world: World
    var sql: any SQLDatabase { get throws { try database.sqlDatabase() } }

    public init(database: any Database, world: World) {
        self.database = database
        self.world = world
    }

    /// The indicators of a month ("yyyy-mm"); a leader's scope sees his group's figures only.
    public func indicators(month: String, scope: AccessScope, arrearsLimit: Int = 500) async throws -> MonthIndicators {
        var unitCondition = scope.condition("f.unit_id")
        if let organisation = scope.organisationID { unitCondition = unitCondition + " AND f.organisation = \(bind: organisation)" }
        var groupCondition = unitCondition
        if let group = scope.groupID {
            groupCondition = groupCondition + " AND f.group_id = \(bind: group)"
            // The commune × program table does not know groups: a leader reads his group's line only.
            unitCondition = unitCondition + " AND 1 = 0"
        }
        let closed = try await sql.raw("SELECT COUNT(*) AS n FROM month_end_runs WHERE month = \(bind: month) AND status = 'done'")
            .first(decodingColumn: "n", as: Int.self) ?? 0 > 0
        let programs = try await LoanStore.programNames(sql: sql)
        let units = Dictionary(uniqueKeysWithValues: try await sql.raw("""
            SELECT DISTINCT u.id AS id, u.name AS name FROM units u JOIN unit_month_figures f ON f.unit_id = u.id WHERE f.month = \(bind: month)
            UNION SELECT DISTINCT u.id AS id, u.name AS name FROM units u JOIN group_month_figures f ON f.unit_id = u.id WHERE f.month = \(bind: month)
            """).all().map { (try $0.decode(column: "id", as: String.self), try $0.decode(column: "name", as: String.self)) })
        func line(_ row: any SQLRow, key: String, label: String) throws -> IndicatorLine {
            func money(_ c: String) throws -> Money { Money(dong: try row.decode(column: c, as: Int64?.self) ?? 0) }
            return IndicatorLine(key: key, label: label, loans: Int(try row.decode(column: "loans", as: Int64?.self) ?? 0), outstanding: try money("outstanding"),
                                 overdue: try money("overdue"), frozen: try money("frozen"), interestArrears: try money("interest_arrears"),
                                 arrearsLoans: Int(try row.decode(column: "arrears_loans", as: Int64?.self) ?? 0), interestDue: try money("interest_due"),
                                 interestCollected: try money("interest_collected"), disbursed: try money("disbursed"),
                                 principalRepaid: try money("principal_repaid"))
        }
        let sums: SQLQueryString = """
            CAST(SUM(f.loans) AS BIGINT) AS loans, CAST(SUM(f.outstanding) AS BIGINT) AS outstanding, CAST(SUM(f.overdue) AS BIGINT) AS overdue,
            CAST(SUM(f.frozen) AS BIGINT) AS frozen, CAST(SUM(f.interest_arrears) AS BIGINT) AS interest_arrears,
            CAST(SUM(f.arrears_loans) AS BIGINT) AS arrears_loans, CAST(SUM(f.interest_due) AS BIGINT) AS interest_due,
            CAST(SUM(f.interest_collected) AS BIGINT) AS interest_collected
            """
        let unitSums: SQLQueryString = """
            \(sums), CAST(SUM(f.disbursed) AS BIGINT) AS disbursed, CAST(SUM(f.principal_repaid) AS BIGINT) AS principal_repaid
            FROM unit_month_figures f WHERE f.month = \(bind: month) AND \(unitCondition)
            """
        func grouped(_ column: String, _ label: (String) -> String) async throws -> [IndicatorLine] {
            try await sql.raw("SELECT f.\(unsafeRaw: column) AS k, \(unitSums) GROUP BY f.\(unsafeRaw: column)").all().map { row in
                let key = try row.decode(column: "k", as: String.self)
                return try line(row, key: key, label: label(key))
            }.sorted { $0.label < $1.label }
        }
        var byProgram = try await grouped("program_code") { programs[$0] ?? $0 }
        var byOrganisation = try await grouped("organisation") { Organisation(rawValue: $0)?.label ?? "Cho vay trực tiếp" }
        var byCommune = try await grouped("unit_id") { units[$0] ?? $0 }
        let groupRow = try await sql.raw("""
            SELECT COUNT(*) AS groups, \(sums), CAST(SUM(f.members) AS BIGINT) AS members, CAST(SUM(f.members_saving) AS BIGINT) AS members_saving,
                   CAST(SUM(f.savings) AS BIGINT) AS savings, CAST(SUM(f.savings_previous) AS BIGINT) AS savings_previous,
                   NULL AS disbursed, NULL AS principal_repaid
            FROM group_month_figures f WHERE f.month = \(bind: month) AND \(groupCondition)
            """).first()
        if scope.groupID != nil, let groupRow {
            // The leader's own group is the whole picture.
            let own = try line(groupRow, key: scope.groupID ?? "", label: "Tổ của bạn")
            byProgram = []
            byOrganisation = [own]
            byCommune = []
        }
        let total: IndicatorLine
        if scope.groupID != nil, let groupRow {
            total = try line(groupRow, key: "total", label: "Tổng")
        } else if let row = try await sql.raw("SELECT \(unitSums)").first() {
            total = try line(row, key: "total", label: "Tổng")
        } else {
            total = .empty("total", label: "Tổng")
        }
        var grades: [String: Int] = [:]
        for row in try await sql.raw("""
            SELECT r.grade AS grade, COUNT(*) AS n FROM group_ratings r JOIN group_month_figures f ON f.group_id = r.group_id AND f.month = r.month
            WHERE r.month = \(bind: month) AND \(groupCondition) GROUP BY r.grade
            """).all() {
            grades[try row.decode(column: "grade", as: String.self)] = try row.decode(column: "n", as: Int.self)
        }
        var feeCondition = scope.condition("f.unit_id")
        if let organisation = scope.organisationID { feeCondition = feeCondition + " AND f.organisation = \(bind: organisation)" }
        if let group = scope.groupID { feeCondition = feeCondition + " AND f.group_id = \(bind: group)" }
        let fees = try await sql.raw("SELECT CAST(COALESCE(SUM(f.amount), 0) AS BIGINT) AS s FROM fee_lines f WHERE f.month = \(bind: month) AND \(feeCondition)")
            .first(decodingColumn: "s", as: Int64.self) ?? 0
        let arrears = try await sql.raw("""
            SELECT f.loan_id AS loan_id, l.borrower_name AS borrower, u.name AS unit_name, g.name AS group_name, f.outstanding AS outstanding,
                   f.interest_arrears AS interest_arrears
            FROM month_arrears_loans f JOIN loans l ON l.id = f.loan_id JOIN units u ON u.id = f.unit_id LEFT JOIN savings_groups g ON g.id = f.group_id
            WHERE f.month = \(bind: month) AND \(groupCondition) ORDER BY f.interest_arrears DESC, f.loan_id LIMIT \(unsafeRaw: String(max(0, arrearsLimit)))
            """).all().map { row in
                MonthIndicators.ArrearsLoan(loanID: try row.decode(column: "loan_id", as: String.self), borrower: try row.decode(column: "borrower", as: String.self),
                                            unitName: try row.decode(column: "unit_name", as: String.self),
                                            groupName: try row.decode(column: "group_name", as: String?.self),
                                            outstanding: Money(dong: try row.decode(column: "outstanding", as: Int64.self)),
                                            interestArrears: Money(dong: try row.decode(column: "interest_arrears", as: Int64.self)))
            }
        return MonthIndicators(
            month: month, closed: closed, total: total, byProgram: byProgram, byOrganisation: byOrganisation, byCommune: byCommune,
            groups: try groupRow?.decode(column: "groups", as: Int.self) ?? 0, groupsByGrade: grades,
            members: Int(try groupRow?.decode(column: "members", as: Int64?.self) ?? 0),
            membersSaving: Int(try groupRow?.decode(column: "members_saving", as: Int64?.self) ?? 0),
            savings: Money(dong: try groupRow?.decode(column: "savings", as: Int64?.self) ?? 0),
            savingsPrevious: Money(dong: try groupRow?.decode(column: "savings_previous", as: Int64?.self) ?? 0),
            fees: Money(dong: fees), arrears: arrears)
    }
}
