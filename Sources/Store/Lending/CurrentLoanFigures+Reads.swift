import Domain
import SQLKit

/// Tháng hiện hành đến hôm nay: the book now and what the open month moved so far.
public struct CurrentMonth: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var key: String
        public var label: String
        /// Loans with principal outstanding.
        public var loans: Int
        public var outstanding: Money
        public var disbursed: Money
        public var principalRepaid: Money
        public var interestCollected: Money
    }

    /// "yyyy-mm" of the business date.
    public var month: String
    public var total: Line
    public var byProgram: [Line]
    public var byOrganisation: [Line]
}

extension CurrentLoanFigures {
    /// The open month's figures of a province in the reader's scope (an organisation officer
    /// reads her organisation's cells, a group leader his group's).
    public func month(
        provinceCode: Int, on today: BusinessDate, scope: AccessScope
    ) async throws -> CurrentMonth {
        let month = String(today.iso.prefix(7))
        let condition =
            scope.summaryCondition(groupTable: true)
            + " AND f.province_code = \(bind: provinceCode)"
        func flow(_ column: String) -> SQLQueryString {
            """
            CAST(SUM(CASE WHEN f.month = \(bind: month) THEN f.\(unsafeRaw: column) ELSE 0 END)
                 AS BIGINT) AS \(unsafeRaw: column)
            """
        }
        func lines(_ key: String?) async throws -> [CurrentMonth.Line] {
            let select: SQLQueryString = key.map { "f.\(unsafeRaw: $0)" } ?? "''"
            let group: SQLQueryString = key.map { " GROUP BY f.\(unsafeRaw: $0)" } ?? ""
            return try await sql.raw(
                """
                SELECT \(select) AS k, CAST(SUM(f.loans) AS BIGINT) AS loans,
                       CAST(SUM(f.outstanding) AS BIGINT) AS outstanding, \(flow("disbursed")),
                       \(flow("principal_repaid")), \(flow("interest_collected"))
                FROM current_loan_figures f WHERE \(condition)\(group)
                """
            ).all().map { row in
                func money(_ c: String) throws -> Money {
                    Money(dong: try row.decode(column: c, as: Int64?.self) ?? 0)
                }
                return CurrentMonth.Line(
                    key: try row.decode(column: "k", as: String.self), label: "",
                    loans: Int(clamping: try row.decode(column: "loans", as: Int64?.self) ?? 0),
                    outstanding: try money("outstanding"), disbursed: try money("disbursed"),
                    principalRepaid: try money("principal_repaid"),
                    interestCollected: try money("interest_collected"))
            }
        }
        let programs = try await LoanStore.programNames(sql: sql)
        let empty = CurrentMonth.Line(
            key: "", label: "Tổng", loans: 0, outstanding: .zero, disbursed: .zero,
            principalRepaid: .zero, interestCollected: .zero)
        var total = try await lines(nil).first ?? empty
        total.label = "Tổng"
        return CurrentMonth(
            month: month, total: total,
            byProgram: try await lines("program_code").map { line in
                var l = line
                l.label = programs[l.key] ?? l.key
                return l
            }.sorted { $0.label < $1.label },
            byOrganisation: try await lines("organisation").map { line in
                var l = line
                l.label = Organisation(rawValue: l.key)?.label ?? "Cho vay trực tiếp"
                return l
            }.sorted { $0.label < $1.label })
    }

    /// Người vay còn dư nợ in the units of the scope, from the communes' counts; nil where the
    /// scope narrows to an organisation or a group, which the counts do not know.
    public func borrowers(provinceCode: Int, scope: AccessScope) async throws -> Int? {
        guard scope.organisationID == nil, scope.groupID == nil else { return nil }
        let count = try await sql.raw(
            """
            SELECT CAST(SUM(f.borrowers) AS BIGINT) AS n FROM current_unit_borrowers f
            WHERE \(scope.condition("f.unit_id")) AND f.province_code = \(bind: provinceCode)
            """
        ).first(decodingColumn: "n", as: Int64?.self)
        return Int(clamping: (count ?? nil) ?? 0)
    }
}
