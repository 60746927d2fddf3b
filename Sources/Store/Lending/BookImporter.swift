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
        var loans: [OpeningRow] = []
        var fresh: [OpeningRow] = []
        var unchanged = 0
        var savings: [OpeningSavings] = []
        var freshSavings: [OpeningSavings] = []
        var savingsUnchanged = 0
        var control: [OpeningKey: OpeningFigures]?
        /// The file's figures per commune × program, and the communes the files name: kept
        /// when the file's loans are set apart into fresh and unchanged.
        var file: [OpeningKey: OpeningFigures] = [:]
        var units: [String] = []

        mutating func summarise() throws {
            file = try OpeningBook.figures(loans.map(\.loan))
                .merging(try OpeningBook.savingsFigures(savings)) { $1 }
            units = Set(loans.map(\.loan.unitID)).union(savings.map(\.unitID))
                .union((control.map { Array($0.keys) } ?? []).map(\.unitID)).sorted()
        }
    }

    public func run(
        _ table: CSVTable, totals: CSVTable?, savings: CSVTable? = nil, source: String,
        scope: AccessScope,
        actor: Actor, checkOnly: Bool, acceptDifferences: Bool, cutOver: BusinessDate? = nil
    ) async throws -> Outcome {
        try await run(
            book: .table(table), totals: totals, savings: savings, source: source, scope: scope,
            actor: actor, checkOnly: checkOnly, acceptDifferences: acceptDifferences,
            cutOver: cutOver)
    }

    /// The book read as a stream (a CSV file is never held whole); the totals and the savings
    /// are small and read whole.
    public func run(
        book: CSVSource, totals: CSVTable?, savings: CSVTable? = nil, source: String,
        scope: AccessScope,
        actor: Actor, checkOnly: Bool, acceptDifferences: Bool, cutOver: BusinessDate? = nil
    ) async throws -> Outcome {
        // Ngày chuyển sổ: today, or (for the demo's book) the day the caller names, never later.
        let cutOver = min(cutOver ?? world.today, world.today)
        let plan = try await read(
            book, totals: totals, savings: savings, on: cutOver, scope: scope)
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
                outcome.report = OpeningBook.reconcile(
                    file: plan.file, control: plan.control,
                    book: try await bookFigures(units: units, sql: sql))
                let differences = try OpeningBook.verdict(
                    outcome.report, acceptDifferences: acceptDifferences)
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
        _ book: CSVSource, totals: CSVTable?, savings: CSVTable?, on cutOver: BusinessDate,
        scope: AccessScope
    ) async throws -> Plan {
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
        var problems: [ErrorDetail] = [], seen: [OpeningReference: Int] = [:]
        try await book.forEachRow(header: {
            try Self.checkHeader($0, required: Self.requiredColumns)
        }) { row in
            switch try await parse(
                row, cutOver: cutOver, sets: sets, anchors: anchors, lookups: &lookups,
                scope: scope, sql: sql)
            {
            case .problems(let found): problems += found
            case .loan(let parsed):
                let key = OpeningReference(parsed.loan)
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
        try plan.summarise()
        return plan
    }

    /// The plan with what the book already holds set apart (inside the import's transaction):
    /// loans and accounts brought in before with the same balance are unchanged; with another
    /// balance, the file is refused.
    func held(_ read: Plan, sql: any SQLDatabase) async throws -> Plan {
        var plan = read
        let loans = OpeningBook.sort(plan.loans, known: try await known(plan.loans, sql: sql))
        let savings = OpeningBook.sortSavings(
            plan.savings, held: try await heldSavings(plan.savings, sql: sql))
        // The file's loans are the fresh ones now: one copy of the book is held, not two.
        (plan.loans, plan.fresh, plan.unchanged) = ([], loans.fresh, loans.unchanged)
        (plan.freshSavings, plan.savingsUnchanged) = (savings.fresh, savings.unchanged)
        let clashes =
            loans.clashes.map {
                ErrorDetail(row: $0.row, field: $0.column, code: "invalid_row", message: $0.message)
            }
            + savings.clashes.map {
                ErrorDetail(
                    row: $0.row, field: $0.column, code: "invalid_savings_row", message: $0.message)
            }
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

    /// The outstanding each loan of the file had when brought in, for those already here.
    func known(
        _ rows: [OpeningRow], sql: any SQLDatabase
    ) async throws -> [OpeningReference: Money] {
        var known: [OpeningReference: Money] = [:]
        for (unit, references) in Dictionary(grouping: rows.map(\.loan), by: \.unitID) {
            for slice in references.map(\.reference).chunked(500) {
                for r in try await sql.select().columns("reference", "outstanding").from(
                    "loan_imports"
                )
                .where("unit_id", .equal, unit).where("reference", .in, Array(slice)).all() {
                    let reference = try r.decode(column: "reference", as: String.self)
                    known[OpeningReference(unitID: unit, reference: reference)] = Money(
                        dong: try r.decode(column: "outstanding", as: Int64.self))
                }
            }
        }
        return known
    }
}
