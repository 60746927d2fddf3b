import ArgumentParser
import Domain
import Foundation
import SQLKit
import Store
import Vapor
import Web
#if canImport(Glibc)
    import Glibc
#endif

/// `policy-credit bench month-end --loans 1000000`: month-end over N loans spread over the demo
/// province's communes in groups of 30, against, in the same run, the floor (one set-based
/// `UPDATE` touching every loan plus one `INSERT … SELECT` writing the same number of ledger lines)
/// and the naive baseline (a per-loan loop, each loan read and posted on its own, on `--naive`
/// loans and scaled to N). Use an empty database: the benchmark writes its own data.
extension BenchCommand {
    struct MonthEnd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "month-end",
            abstract:
                "Khóa sổ cuối tháng với N khoản vay, so với UPDATE + INSERT … SELECT và vòng lặp từng khoản."
        )
        @OptionGroup var options: DatabaseOptions
        @ArgumentParser.Option(name: .long, help: "Số khoản vay.") var loans: Int = 1_000_000
        @ArgumentParser.Option(
            name: .long, help: "Số khoản vay cho vòng lặp từng khoản (mốc so sánh).") var naive:
            Int = 10_000
        @ArgumentParser.Option(name: .long, help: "Số khoản vay tối đa mỗi lô.") var loansPerBatch:
            Int = 20_000
        @ArgumentParser.Flag(name: .long, help: "In tiến trình từng lô.") var verbose = false

        func run() async throws {
            try await withApp(options) { app in
                try await migrate(app)
                let sql = try app.db.sqlDatabase()
                let world = app.settings.world
                let date = world.today.firstOfMonth.adding(days: -1)
                let clock = ContinuousClock()
                print("tạo \(loans) khoản vay trong các tổ 30 người, rải trên các xã, bằng SQL…")
                var communes = 0
                let made = try await clock.measure {
                    communes = try await BenchCommand.generateSpreadBook(loans: loans, sql: sql)
                }
                print(
                    "  \(communes) xã, xong sau \(String(format: "%.0f", BenchCommand.milliseconds(made))) ms"
                )

                // The naive baseline first, into copies of the ledger tables, so the real run starts from the same book.
                for table in ["journal_entries", "journal_lines"] {
                    try await sql.raw("DROP TABLE IF EXISTS \(ident: "naive_" + table)").run()
                    try await sql.raw(
                        "CREATE TABLE \(ident: "naive_" + table) AS SELECT * FROM \(ident: table) WHERE 1 = 0"
                    ).run()
                }
                let sample = min(naive, loans)
                let store = LoanStore(database: app.db, world: world)
                let naiveTime = try await clock.measure {
                    for n in 1...max(1, sample) {
                        try await BenchCommand.naiveMonthEnd(
                            loanID: "bl-\(n)", on: date, store: store, sql: sql)
                    }
                }
                let naivePerLoan = BenchCommand.milliseconds(naiveTime) / Double(max(1, sample))

                var report: MonthEndReport?
                let elapsed = try await clock.measure {
                    report = try await Store.MonthEnd(database: app.db, world: world).run(
                        date: date, actor: Actor(userID: nil, username: "bench"),
                        communesPerBatch: 20, loansPerBatch: loansPerBatch, afterBatch: { _ in }
                    ) { line in
                        if verbose { print("  [\(Date().timeIntervalSince1970)] \(line)") }
                    }
                }
                let peak = BenchCommand.peakResidentMegabytes()
                let written =
                    try await sql.raw(
                        """
                        SELECT COUNT(*) AS n FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE l.posted_on = \(bind: date.iso)
                        """
                    ).first(decodingColumn: "n", as: Int.self) ?? 0

                // The floor: touch every loan once and write as many ledger lines, set-based.
                try await sql.raw("DROP TABLE IF EXISTS floor_journal_lines").run()
                try await sql.raw(
                    "CREATE TABLE floor_journal_lines AS SELECT * FROM journal_lines WHERE 1 = 0"
                ).run()
                // Indexed as the journal is, so the floor pays for the same index upkeep.
                try await sql.create(index: "floor_journal_lines_account").on("floor_journal_lines")
                    .column("account").column("posted_on").run()
                try await sql.create(index: "floor_journal_lines_loan").on("floor_journal_lines")
                    .column("loan_id").column("account").column("debit").column("credit").run()
                let perLoan = max(1, (written + loans - 1) / max(1, loans))
                let floor = try await clock.measure {
                    try await sql.raw(
                        "UPDATE loans SET updated_at = updated_at + 1 WHERE disbursed_on <= \(bind: date.iso)"
                    ).run()
                    for copy in 1...perLoan {
                        try await sql.raw(
                            """
                            INSERT INTO floor_journal_lines (entry_id, line_no, posted_on, account, debit, credit, loan_id, program_code, unit_id, group_id)
                            SELECT 'floor', \(unsafeRaw: String(copy)), \(bind: date.iso), \(bind: ChartOfAccounts.interestReceivable.code), 1, 0, id, program_code, unit_id, group_id FROM loans
                            """
                        ).run()
                    }
                }
                let problems = try await LoanBookCheck.verify(sql: sql, world: world)
                let ms = BenchCommand.milliseconds(elapsed),
                    floorMs = BenchCommand.milliseconds(floor)
                let naiveScaled = naivePerLoan * Double(loans)
                guard let report else { return }
                print(
                    "month-end \(report.month) over \(loans) loans (\(sql.dialect.name)): \(String(format: "%.0f", ms)) ms, "
                        + "\(String(format: "%.0f", Double(loans) / (ms / 1000))) loans/s, \(report.batches) batches of ≤ \(loansPerBatch) loans; "
                        + "peak resident memory \(peak) MB")
                print(
                    "  moved \(report.loansMoved) loans to or from overdue, accrued \(report.interestAccrued), \(report.arrearsLoans) loans in 3-month arrears, "
                        + "\(report.groupsRated) groups rated, fees \(report.fees); \(written) ledger lines"
                )
                print(
                    "floor (UPDATE of every loan + INSERT … SELECT of \(perLoan) line(s) per loan into an equally indexed table): \(String(format: "%.0f", floorMs)) ms; "
                        + "ratio \(String(format: "%.1f", ms / max(floorMs, 0.001)))×")
                print(
                    "naive per-loan loop on \(sample) loans: \(String(format: "%.2f", naivePerLoan)) ms/loan, "
                        + "\(String(format: "%.0f", naiveScaled)) ms scaled to \(loans); month-end is \(String(format: "%.1f", naiveScaled / max(ms, 0.001)))× faster"
                )
                print(
                    problems.isEmpty
                        ? "verify: sổ khớp"
                        : "verify: \(problems.count) chênh lệch, ví dụ \(problems[0])")
            }
        }
    }

    /// Peak resident set of this process, in MB (Linux reports ru_maxrss in KB).
    static func peakResidentMegabytes() -> Int {
        #if canImport(Glibc)
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            return Int(usage.ru_maxrss) / 1024
        #else
            return 0
        #endif
    }

    /// What month-end does for one loan, done the naive way: read the loan on its own (its row,
    /// schedule, events and balances), then write its overdue transfer and accrual as its own entry.
    static func naiveMonthEnd(
        loanID: String, on date: BusinessDate, store: LoanStore, sql: any SQLDatabase
    ) async throws {
        let loan = try await store.detail(id: loanID, on: date, scope: .everything)
        func balance(_ account: String) async throws -> Int64 {
            try await sql.raw(
                """
                SELECT CAST(COALESCE(SUM(debit - credit), 0) AS BIGINT) AS b FROM journal_lines WHERE loan_id = \(bind: loanID) AND account = \(bind: account)
                """
            ).first(decodingColumn: "b", as: Int64.self) ?? 0
        }
        let held = try await balance(ChartOfAccounts.loansOverdue.code)
        let income = -(try await balance(ChartOfAccounts.interestIncome.code))
        let transfer = loan.standing.overdue.dong - held
        let accrual = try LoanAccount.incomeTarget(loan.facts, through: date).dong - income
        let entry = "naive-\(loanID)"
        try await sql.raw(
            """
            INSERT INTO naive_journal_entries (id, posted_on, kind, description, reverses, actor, created_at)
            VALUES (\(bind: entry), \(bind: date.iso), 'month_end', 'naive', NULL, 'bench', 0)
            """
        ).run()
        var lines: [(String, Int64, Int64)] = []
        if transfer != 0 {
            lines += [
                (ChartOfAccounts.loansOverdue.code, max(transfer, 0), max(-transfer, 0)),
                (ChartOfAccounts.loansCurrent.code, max(-transfer, 0), max(transfer, 0)),
            ]
        }
        if accrual > 0 {
            lines += [
                (ChartOfAccounts.interestReceivable.code, accrual, 0),
                (ChartOfAccounts.interestIncome.code, 0, accrual),
            ]
        }
        for (n, line) in lines.enumerated() {
            try await sql.raw(
                """
                INSERT INTO naive_journal_lines (entry_id, line_no, posted_on, account, debit, credit, loan_id, program_code, unit_id, group_id)
                VALUES (\(bind: entry), \(bind: n + 1), \(bind: date.iso), \(bind: line.0), \(bind: line.1), \(bind: line.2), \(bind: loanID),
                        \(bind: loan.summary.programCode), \(bind: loan.summary.unitID), \(bind: loan.summary.groupID))
                """
            ).run()
        }
    }

    /// N loans of 40.000.000 đ disbursed on 15/01/2025 in groups of 30 borrowers, the groups spread
    /// over the province's communes. Four in five repaid 20.000.000 đ and 2.000.000 đ of interest
    /// on 10/01/2026 (their first instalment); one in five repaid 10.000.000 đ and 300.000 đ on
    /// 15/06/2025 and stopped, so their first instalment is overdue and their interest in arrears.
    /// Returns the number of communes.
    static func generateSpreadBook(loans n: Int, sql: any SQLDatabase) async throws -> Int {
        let postgres = sql.dialect.name.contains("postgres")
        let units = try await sql.raw(
            """
            SELECT id FROM units WHERE province_code = 33 AND level = 'commune' AND valid_to IS NULL ORDER BY code
            """
        ).all(decodingColumn: "id", as: String.self)
        guard !units.isEmpty else {
            throw ValidationError("Không có xã nào của tỉnh 33 trong cơ sở dữ liệu.")
        }
        try await sql.raw("DROP TABLE IF EXISTS bench_units").run()
        try await sql.raw("CREATE TABLE bench_units (idx INTEGER PRIMARY KEY, id TEXT NOT NULL)")
            .run()
        try await sql.insertBatches(
            into: "bench_units", columns: ["idx", "id"],
            rows: units.enumerated().map { [$0.offset, $0.element] })
        let count = String(n), groups = String((n + 29) / 30), unitCount = String(units.count)
        func series(_ upTo: String, _ body: SQLQueryString) -> SQLQueryString {
            postgres
                ? "SELECT \(body) FROM generate_series(1, \(unsafeRaw: upTo)) AS s(i) JOIN bench_units b ON b.idx = ((i - 1) / 30) % \(unsafeRaw: unitCount)"
                : """
                WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < \(unsafeRaw: upTo))
                SELECT \(body) FROM s JOIN bench_units b ON b.idx = ((i - 1) / 30) % \(unsafeRaw: unitCount)
                """
        }
        let organisations =
            "CASE (i - 1) % 4 WHEN 0 THEN 'womens_union' WHEN 1 THEN 'farmers_union' WHEN 2 THEN 'veterans_association' ELSE 'youth_union' END"
        // Groups: i is the group number here, so the commune is ((i - 1) * 30 / 30) % communes.
        let groupSeries: SQLQueryString =
            postgres
            ? "SELECT 'bg-' || CAST(i AS TEXT), 'Tổ bench ' || CAST(i AS TEXT), 'to bench ' || CAST(i AS TEXT), \(unsafeRaw: organisations), b.id, 33, 'Thôn', '2020-01-01', 'QĐ-bench', NULL, '', 'active', NULL, NULL FROM generate_series(1, \(unsafeRaw: groups)) AS s(i) JOIN bench_units b ON b.idx = (i - 1) % \(unsafeRaw: unitCount)"
            : """
            WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < \(unsafeRaw: groups))
            SELECT 'bg-' || CAST(i AS TEXT), 'Tổ bench ' || CAST(i AS TEXT), 'to bench ' || CAST(i AS TEXT), \(unsafeRaw: organisations), b.id, 33, 'Thôn', '2020-01-01', 'QĐ-bench', NULL, '', 'active', NULL, NULL
            FROM s JOIN bench_units b ON b.idx = (i - 1) % \(unsafeRaw: unitCount)
            """
        try await sql.raw(
            """
            INSERT INTO savings_groups (id, name, folded_name, organisation, unit_id, province_code, village, founded_on, authorisation_number,
              authorisation_date, founding_minutes, status, dissolved_on, merged_into)
            \(groupSeries)
            """
        ).run()
        let id: SQLQueryString = "'bl-' || CAST(i AS TEXT)",
            group: SQLQueryString = "'bg-' || CAST((i - 1) / 30 + 1 AS TEXT)"
        let bad: SQLQueryString = "i % 5 = 0"
        let loanOrganisation: SQLQueryString =
            "CASE ((i - 1) / 30) % 4 WHEN 0 THEN 'womens_union' WHEN 1 THEN 'farmers_union' WHEN 2 THEN 'veterans_association' ELSE 'youth_union' END"
        try await sql.raw(
            """
            INSERT INTO loans (id, application_id, program_code, channel, household_id, borrower_name, group_id, organisation, unit_id, province_code,
              approved, term_months, interval_months, disbursed_on, original_maturity, maturity, overdue_percent, day_count, state, disbursed,
              principal_repaid, principal_written_off, interest_paid, interest_written_off, updated_at, parameter_set_id)
            \(series(count, "\(id), \(id), 'job_creation', 'entrusted', NULL, 'Người vay', \(group), \(loanOrganisation), b.id, 33, 40000000, 24, 12, '2025-01-15', '2027-01-15', '2027-01-15', 130, 'monthly_30', 'current', 40000000, CASE WHEN \(bad) THEN 10000000 ELSE 20000000 END, 0, CASE WHEN \(bad) THEN 300000 ELSE 2000000 END, 0, 0, 'job_creation@2019-11-08'"))
            """
        ).run()
        try await sql.raw(
            """
            INSERT INTO loan_instalments (loan_id, seq, due_on, original_due_on, principal, paid)
            \(series(count, "\(id), 1, '2026-01-15', '2026-01-15', 20000000, CASE WHEN \(bad) THEN 10000000 ELSE 20000000 END"))
            """
        ).run()
        try await sql.raw(
            """
            INSERT INTO loan_instalments (loan_id, seq, due_on, original_due_on, principal, paid)
            \(series(count, "\(id), 2, '2027-01-15', '2027-01-15', 20000000, 0"))
            """
        ).run()
        let repaidOn: SQLQueryString = "CASE WHEN \(bad) THEN '2025-06-15' ELSE '2026-01-10' END"
        let principal: SQLQueryString = "CASE WHEN \(bad) THEN 10000000 ELSE 20000000 END"
        let interest: SQLQueryString = "CASE WHEN \(bad) THEN 300000 ELSE 2000000 END"
        try await sql.raw(
            """
            INSERT INTO loan_events (id, loan_id, kind, on_date, principal, interest, method, capital_source, entry_id, reverses, details, actor, created_at)
            \(series(count, "'ed-' || CAST(i AS TEXT), \(id), 'disbursement', '2025-01-15', 40000000, 0, 'cash', 'central', 'd-' || CAST(i AS TEXT), NULL, '', 'bench', 0"))
            """
        ).run()
        try await sql.raw(
            """
            INSERT INTO loan_events (id, loan_id, kind, on_date, principal, interest, method, capital_source, entry_id, reverses, details, actor, created_at)
            \(series(count, "'er-' || CAST(i AS TEXT), \(id), 'repayment', \(repaidOn), \(principal), \(interest), 'cash', NULL, 'r-' || CAST(i AS TEXT), NULL, '', 'bench', 1"))
            """
        ).run()
        try await sql.raw(
            """
            INSERT INTO journal_entries (id, posted_on, kind, description, reverses, actor, created_at)
            \(series(count, "'d-' || CAST(i AS TEXT), '2025-01-15', 'disbursement', 'bench', NULL, 'bench', 0"))
            """
        ).run()
        try await sql.raw(
            """
            INSERT INTO journal_entries (id, posted_on, kind, description, reverses, actor, created_at)
            \(series(count, "'r-' || CAST(i AS TEXT), \(repaidOn), 'repayment', 'bench', NULL, 'bench', 0"))
            """
        ).run()
        let lines:
            [(
                entry: String, no: Int, account: String, debit: SQLQueryString,
                credit: SQLQueryString, date: SQLQueryString
            )] = [
                ("d", 1, ChartOfAccounts.loansCurrent.code, "40000000", "0", "'2025-01-15'"),
                ("d", 2, ChartOfAccounts.cash.code, "0", "40000000", "'2025-01-15'"),
                ("d", 3, ChartOfAccounts.cash.code, "40000000", "0", "'2025-01-15'"),
                ("d", 4, ChartOfAccounts.capitalCentral.code, "0", "40000000", "'2025-01-15'"),
                ("r", 1, ChartOfAccounts.cash.code, "\(principal) + \(interest)", "0", repaidOn),
                ("r", 2, ChartOfAccounts.interestIncome.code, "0", interest, repaidOn),
                ("r", 3, ChartOfAccounts.loansCurrent.code, "0", principal, repaidOn),
            ]
        for line in lines {
            try await sql.raw(
                """
                INSERT INTO journal_lines (entry_id, line_no, posted_on, account, debit, credit, loan_id, program_code, unit_id, group_id)
                \(series(count, "'\(unsafeRaw: line.entry)-' || CAST(i AS TEXT), \(unsafeRaw: String(line.no)), \(line.date), '\(unsafeRaw: line.account)', \(line.debit), \(line.credit), \(id), 'job_creation', b.id, \(group)"))
                """
            ).run()
        }
        if postgres { try await sql.raw("ANALYZE").run() }
        return units.count
    }
}
