import Domain
import FluentKit
import Foundation
import SQLKit

/// Nhập sổ cho vay cũ (issue #14 §1): a branch's existing loans, one row per loan, with the
/// branch's control totals per commune × program. All or nothing: every bad value is reported by
/// row and column and nothing is written. The book after the import must equal the control
/// totals, or the import is refused unless the differences are to be recorded for follow-up.
/// A loan already brought in (same commune and số khế ước, same balance) is left as it is, so the
/// same file twice changes nothing.
public struct BookImporter: Sendable {
    let database: any Database
    let world: World
    var sql: any SQLDatabase { get throws { try database.sqlDatabase() } }

    public init(database: any Database, world: World) {
        self.database = database
        self.world = world
    }

    public struct Outcome: Sendable, Equatable {
        public var checkOnly = false
        public var loansAdded = 0
        public var unchanged = 0
        public var savingsAdded = 0
        public var savingsUnchanged = 0
        public var importID: String?
        public var differencesAccepted = 0
        public var report: [ReconciliationLine] = []
    }

    /// A check-only run does everything, reads the book as it would be, and rolls back.
    struct CheckOnly: Error { let outcome: Outcome }

    /// What the files say, checked, before anything is written.
    struct Plan: Sendable {
        var loans: [BookRow] = []
        var fresh: [BookRow] = []
        var unchanged = 0
        var savings: [(OpeningSavings, province: Int)] = []
        var freshSavings: [(OpeningSavings, province: Int)] = []
        var savingsUnchanged = 0
        var control: [OpeningKey: OpeningFigures]?

        var units: [String] {
            Set(loans.map(\.loan.unitID)).union(savings.map(\.0.unitID))
                .union((control.map { Array($0.keys) } ?? []).map(\.unitID)).sorted()
        }
    }

    public func run(
        _ table: CSVTable, totals: CSVTable?, savings: CSVTable? = nil, source: String,
        scope: AccessScope,
        actor: Actor, checkOnly: Bool, acceptDifferences: Bool, cutOver: BusinessDate? = nil
    ) async throws -> Outcome {
        // Ngày chuyển sổ: today, or (for the demo's book) the day the caller names, never later.
        let cutOver = min(cutOver ?? world.today, world.today)
        let plan = try await read(
            table, totals: totals, savings: savings, on: cutOver, scope: scope)
        let read = plan, units = plan.units
        do {
            return try await WriteTransaction.run(database) { sql in
                // What is already here is decided under the communes' lock: two imports of the
                // same file at once cannot both find a loan new.
                try await sql.lock([RowLock("units", keys: units)])
                let plan = try await held(read, sql: sql)
                var outcome = Outcome(
                    checkOnly: checkOnly, unchanged: plan.unchanged,
                    savingsUnchanged: plan.savingsUnchanged)
                if !plan.fresh.isEmpty || !plan.freshSavings.isEmpty {
                    outcome.importID = try await write(
                        plan, source: source, on: cutOver, actor: actor, sql: sql)
                }
                (outcome.loansAdded, outcome.savingsAdded) = (
                    plan.fresh.count, plan.freshSavings.count
                )
                let file = try OpeningBook.figures(plan.loans.map(\.loan))
                    .merging(try OpeningBook.savingsFigures(plan.savings.map(\.0))) { $1 }
                outcome.report = OpeningBook.reconcile(
                    file: file, control: plan.control,
                    book: try await bookFigures(units: units, sql: sql))
                let differences = outcome.report.flatMap { line in
                    line.differences.map {
                        ErrorDetail(
                            field: "\(line.key.unitID)/\(line.key.programCode)",
                            code: "book_differs", message: $0)
                    }
                }
                if !differences.isEmpty && !acceptDifferences {
                    throw LendingError.bookDiffers(differences)
                }
                outcome.differencesAccepted = differences.count
                if let id = outcome.importID {
                    try await sql.update("book_imports").set(
                        "accepted_differences", to: differences.count
                    )
                    .set("report", to: try StoredJSON.text(outcome.report)).where("id", .equal, id)
                    .run()
                }
                if checkOnly {
                    outcome.importID = nil  // rolled back: there is no import to point to
                    throw CheckOnly(outcome: outcome)
                }
                return outcome
            }
        } catch let dry as CheckOnly {
            return dry.outcome
        }
    }

    /// Every file read and checked; every problem by row and column, or the plan.
    func read(
        _ table: CSVTable, totals: CSVTable?, savings: CSVTable?, on cutOver: BusinessDate,
        scope: AccessScope
    ) async throws -> Plan {
        try Self.checkHeader(table.header, required: Self.requiredColumns)
        if let totals { try Self.checkHeader(totals.header, required: Self.totalsColumns) }
        if let savings { try Self.checkHeader(savings.header, required: Self.savingsColumns) }
        var lookups = Lookups(), plan = Plan()
        let sql = try self.sql
        if let totals {
            plan.control = try await controlTotals(
                totals, on: cutOver, lookups: &lookups, scope: scope, sql: sql)
        }
        let sets = try StoredJSON.definitions(
            ProgramParameters.self,
            try await sql.select().column("definition").from("program_parameters").all())
        let anchors = try await LoanStore.anchorHistory(sql: sql)
        var problems: [ErrorDetail] = [], seen: [String: Int] = [:]
        for row in table.rows {
            switch try await parse(
                row, cutOver: cutOver, sets: sets, anchors: anchors, lookups: &lookups,
                scope: scope, sql: sql)
            {
            case .problems(let found): problems += found
            case .loan(let parsed):
                let key = "\(parsed.loan.unitID)|\(parsed.loan.reference)"
                if let first = seen[key] {
                    problems.append(
                        ErrorDetail(
                            row: row.number, line: row.line, field: "ma_khoan_vay",
                            code: "invalid_row",
                            message:
                                "Số khế ước «\(parsed.loan.reference)» đã có ở hàng \(first) "
                                + "của tệp."
                        ))
                } else {
                    seen[key] = row.number
                    plan.loans.append(parsed)
                }
            }
        }
        if let savings {
            let read = try await savingsRows(
                savings, on: cutOver, lookups: &lookups, scope: scope, sql: sql)
            plan.savings = read.rows
            problems += read.problems
        }
        if !problems.isEmpty {
            throw LendingError.bookImportFailed(problems.sorted { ($0.row ?? 0) < ($1.row ?? 0) })
        }
        return plan
    }

    /// The plan with what the book already holds set apart (inside the import's transaction):
    /// loans and accounts brought in before with the same balance are unchanged; with another
    /// balance, the file is refused.
    func held(_ read: Plan, sql: any SQLDatabase) async throws -> Plan {
        var plan = read
        let loans = try await split(plan.loans, sql: sql)
        let savings = try await splitSavings(plan.savings, sql: sql)
        (plan.fresh, plan.unchanged) = (loans.fresh, loans.unchanged)
        (plan.freshSavings, plan.savingsUnchanged) = (savings.fresh, savings.unchanged)
        let clashes = loans.clashes + savings.clashes
        if !clashes.isEmpty {
            throw LendingError.bookImportFailed(clashes.sorted { ($0.row ?? 0) < ($1.row ?? 0) })
        }
        return plan
    }

    static func checkHeader(_ header: [String], required: [String]) throws {
        let missing = required.filter { !header.contains($0) }
        guard missing.isEmpty else {
            throw LendingError.bookImportFailed([
                ErrorDetail(
                    row: 0, line: 1, field: missing.joined(separator: ", "),
                    code: "missing_columns",
                    message: "Thiếu cột: \(missing.joined(separator: ", ")).")
            ])
        }
    }

    /// Rows not yet brought in; rows already there with the same balance (unchanged); and rows
    /// whose số khế ước is there with another balance (a problem: the old book changed since).
    func split(
        _ rows: [BookRow], sql: any SQLDatabase
    ) async throws -> (fresh: [BookRow], unchanged: Int, clashes: [ErrorDetail]) {
        var known: [String: Int64] = [:]
        for unit in Set(rows.map(\.loan.unitID)) {
            let references = rows.filter { $0.loan.unitID == unit }.map(\.loan.reference)
            for slice in references.chunked(500) {
                for r in try await sql.select().columns("reference", "outstanding").from(
                    "loan_imports"
                )
                .where("unit_id", .equal, unit).where("reference", .in, Array(slice)).all() {
                    known["\(unit)|\(try r.decode(column: "reference", as: String.self))"] =
                        try r.decode(column: "outstanding", as: Int64.self)
                }
            }
        }
        var fresh: [BookRow] = [], unchanged = 0, clashes: [ErrorDetail] = []
        for row in rows {
            guard let stored = known["\(row.loan.unitID)|\(row.loan.reference)"] else {
                fresh.append(row); continue
            }
            if stored == (try row.loan.outstanding()).dong { unchanged += 1; continue }
            clashes.append(
                ErrorDetail(
                    row: row.loan.row, field: "ma_khoan_vay", code: "invalid_row",
                    message:
                        "Khế ước «\(row.loan.reference)» đã nhập với dư nợ "
                        + "\(Money(dong: stored)), khác tệp này."
                ))
        }
        return (fresh, unchanged, clashes)
    }

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
