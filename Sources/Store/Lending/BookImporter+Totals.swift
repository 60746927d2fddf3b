import Domain
import SQLKit

/// The branch's control totals and the book's own figures, per commune × program.
extension BookImporter {
    /// The branch's control totals per commune × program.
    func controlTotals(
        _ table: CSVTable, on cutOver: BusinessDate, lookups: inout Lookups, scope: AccessScope,
        sql: any SQLDatabase
    ) async throws -> [OpeningKey: OpeningFigures] {
        var totals: [OpeningKey: OpeningFigures] = [:], problems: [ErrorDetail] = []
        for row in table.rows {
            func problem(_ column: String, _ message: String) {
                problems.append(
                    ErrorDetail(
                        row: row.number, line: row.line, field: column, code: "invalid_totals_row",
                        message: "Số kiểm soát: \(message)"))
            }
            func value(_ column: String) -> String {
                (row[column] ?? "").trimmingCharacters(in: .whitespaces)
            }
            func money(_ column: String) -> Money {
                if let amount = try? Money(text: value(column)) { return amount }
                problem(column, "số tiền không hợp lệ «\(value(column).prefix(40))»."); return .zero
            }
            guard
                let unit = await commune(
                    value("ma_xa"), on: cutOver, lookups: &lookups, scope: scope, sql: sql)
            else {
                problem(
                    "ma_xa",
                    "xã «\(value("ma_xa").prefix(20))» không có hoặc ngoài phạm vi của bạn.");
                continue
            }
            guard let count = Int(value("so_khoan_vay")), count >= 0, count <= 10_000_000 else {
                problem("so_khoan_vay", "số khoản vay không hợp lệ."); continue
            }
            let key = OpeningKey(unitID: unit.id, programCode: value("ma_chuong_trinh"))
            if totals[key] != nil {
                problem("ma_chuong_trinh", "xã và chương trình này đã có ở một hàng trước.");
                continue
            }
            totals[key] = OpeningFigures(
                loans: count, outstanding: money("du_no"), overdue: money("du_no_qua_han"),
                frozen: money("du_no_khoanh"))
        }
        if !problems.isEmpty { throw LendingError.bookImportFailed(problems) }
        return totals
    }

    /// Names for the report: communes by id, programs by code.
    public func names(
        units: [String]
    ) async throws -> (units: [String: String], programs: [String: String]) {
        let sql = try self.sql
        var names: [String: String] = [:]
        for slice in Array(Set(units)).chunked(500) {
            for r in try await sql.select().columns("id", "name").from("units").where(
                "id", .in, Array(slice)
            ).all() {
                names[try r.decode(column: "id", as: String.self)] = try r.decode(
                    column: "name", as: String.self)
            }
        }
        return (names, try await LoanStore.programNames(sql: sql))
    }

    /// The book as it stands per commune × program: open loans and the loan accounts' balances.
    /// Principal by status: current, overdue, frozen.
    static let loanAccounts = ChartOfAccounts.principal.map(\.code)

    func bookFigures(
        units: [String], sql: any SQLDatabase
    ) async throws -> [OpeningKey: OpeningFigures] {
        guard !units.isEmpty else { return [:] }
        var figures: [OpeningKey: OpeningFigures] = [:]
        for r in try await sql.raw(
            """
            SELECT unit_id, program_code, COUNT(*) AS n FROM loans WHERE unit_id IN
              (\(binds: units))
              AND state NOT IN ('repaid', 'written_off') GROUP BY unit_id, program_code
            """
        ).all() {
            let key = OpeningKey(
                unitID: try r.decode(column: "unit_id", as: String.self),
                programCode: try r.decode(column: "program_code", as: String.self))
            figures[key, default: OpeningFigures()].loans = try r.decode(column: "n", as: Int.self)
        }
        for r in try await sql.raw(
            """
            SELECT unit_id, program_code, account, CAST(SUM(debit - credit) AS BIGINT) AS
              balance FROM journal_lines
            WHERE unit_id IN (\(binds: units)) AND account IN (\(binds: Self.loanAccounts)) AND
              program_code IS NOT NULL
            GROUP BY unit_id, program_code, account
            """
        ).all() {
            let key = OpeningKey(
                unitID: try r.decode(column: "unit_id", as: String.self),
                programCode: try r.decode(column: "program_code", as: String.self))
            let balance = Money(dong: try r.decode(column: "balance", as: Int64.self))
            var line = figures[key] ?? OpeningFigures()
            line.outstanding = try line.outstanding.adding(balance)
            switch try r.decode(column: "account", as: String.self) {
            case ChartOfAccounts.loansOverdue.code: line.overdue = try line.overdue.adding(balance)
            case ChartOfAccounts.loansFrozen.code: line.frozen = try line.frozen.adding(balance)
            default: break
            }
            figures[key] = line
        }
        // Members' savings, from the accounts: the savings line of each commune.
        for r in try await sql.raw(
            """
            SELECT unit_id, COUNT(*) AS n, CAST(SUM(balance) AS BIGINT) AS total FROM
              savings_accounts
            WHERE unit_id IN (\(binds: units)) AND balance > 0 GROUP BY unit_id
            """
        ).all() {
            let key = OpeningKey(
                unitID: try r.decode(column: "unit_id", as: String.self),
                programCode: OpeningBook.savingsKey)
            figures[key] = OpeningFigures(
                loans: try r.decode(column: "n", as: Int.self),
                outstanding: Money(dong: try r.decode(column: "total", as: Int64.self)))
        }
        return figures
    }
}
