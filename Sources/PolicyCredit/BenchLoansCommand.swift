import ArgumentParser
import Domain
import Foundation
import SQLKit
import Store
import Vapor
import Web

/// `policy-credit bench disburse` and `bench verify`: the lending figures of issue #6, each
/// against its floor measured in the same run on the same database (SQLite file by default,
/// PostgreSQL through DATABASE_URL). Use an empty database: the benchmark writes its own data.
extension BenchCommand {
    static func milliseconds(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }
    static let unitID = "c11953@2025-07-01"

    /// Giải ngân N khoản vay through `LoanStore.disburseList` in lists of `--batch`, against plain
    /// multi-row INSERTs of the same rows (loans, instalments, events, entries, lines) into copies of the tables.
    struct Disburse: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Giải ngân N khoản vay theo danh sách, so với INSERT nhiều dòng.")
        @OptionGroup var options: DatabaseOptions
        @ArgumentParser.Option(name: .long, help: "Số khoản vay.") var count: Int = 100_000
        @ArgumentParser.Option(name: .long, help: "Số khoản vay mỗi danh sách (một lệnh).")
        var batch: Int = 1_000

        func run() async throws {
            try await withApp(options) { app in
                try await migrate(app)
                let sql = try app.db.sqlDatabase()
                let world = app.settings.world
                let date = world.today
                print("chuẩn bị \(count) hồ sơ đã phê duyệt…")
                let prefix = "bench-\(world.nowMillis)"
                let ids = (0..<count).map { "\(prefix)-\($0)" }
                try await sql.insertBatches(
                    into: "loan_applications",
                    columns: [
                        "id", "program_code", "channel", "household_id", "representative_id",
                        "borrower_name", "group_id", "organisation", "unit_id",
                        "province_code", "amount", "term_months", "interval_months", "purpose",
                        "collateral", "state", "submitted_on", "submitted_by",
                        "decided_on", "decided_by", "prepared_by", "reason", "updated_at",
                    ],
                    rows: ids.map {
                        [
                            $0, "job_creation", "direct", nil as String?, nil as String?,
                            "Cơ sở \($0)", nil as String?, nil as String?, BenchCommand.unitID,
                            33, Int64(50_000_000), 24, 12, "Mở rộng sản xuất", "Nhà xưởng",
                            "approved", date.iso, "bench", date.iso, "approver", "bank", "",
                            Int64(0),
                        ]
                    }, batchSize: 300)
                let store = LoanStore(database: app.db, world: world)
                let actor = Actor(userID: nil, username: "bench")
                let clock = ContinuousClock()
                var done = 0
                let elapsed = try await clock.measure {
                    for (n, slice) in stride(from: 0, to: ids.count, by: batch).map({
                        Array(ids[$0..<min($0 + batch, ids.count)])
                    }).enumerated() {
                        let result = try await store.disburseList(
                            slice.map {
                                (
                                    $0,
                                    DisbursementRequest(date: date, amount: Money(dong: 50_000_000))
                                )
                            },
                            key: "\(prefix)-list-\(n)", actor: actor, scope: .everything
                        ).result
                        done += result.count
                    }
                }
                // The floor: the same number of rows of the same shapes, plain multi-row INSERTs into empty copies.
                for table in [
                    "loans", "loan_instalments", "loan_events", "journal_entries", "journal_lines",
                    "audit_log",
                ] {
                    try await sql.raw("DROP TABLE IF EXISTS \(ident: "floor_" + table)").run()
                    try await sql.raw(
                        "CREATE TABLE \(ident: "floor_" + table) AS SELECT * FROM \(ident: table) WHERE 1 = 0"
                    ).run()
                }
                let floor = try await clock.measure {
                    for slice in stride(from: 0, to: ids.count, by: batch).map({
                        Array(ids[$0..<min($0 + batch, ids.count)])
                    }) {
                        try await BenchCommand.floorInsert(slice, date: date, sql: sql)
                    }
                }
                let problems = try await LoanBookCheck.verify(sql: sql, world: world)
                let ms = BenchCommand.milliseconds(elapsed),
                    floorMs = BenchCommand.milliseconds(floor)
                print(
                    "disburse \(done) loans in lists of \(batch) (\(sql.dialect.name)): \(String(format: "%.0f", ms)) ms, "
                        + "\(String(format: "%.0f", Double(done) / (ms / 1000))) loans/s")
                print(
                    "floor (multi-row INSERT of the same rows): \(String(format: "%.0f", floorMs)) ms, "
                        + "\(String(format: "%.0f", Double(done) / (floorMs / 1000))) loans/s; ratio \(String(format: "%.1f", ms / max(floorMs, 0.001)))×"
                )
                print(
                    problems.isEmpty
                        ? "verify: sổ khớp"
                        : "verify: \(problems.count) chênh lệch, ví dụ \(problems[0])")
            }
        }
    }

    static func floorInsert(_ ids: [String], date: BusinessDate, sql: any SQLDatabase) async throws
    {
        let due1 = RepaymentSchedule.adding(months: 12, to: date).iso,
            due2 = RepaymentSchedule.adding(months: 24, to: date).iso
        try await sql.insertBatches(
            into: "floor_loans", columns: LoanStore.loanColumns,
            rows: ids.map {
                [
                    "f-\($0)", $0, "job_creation", "direct", nil as String?, "Cơ sở \($0)",
                    nil as String?, nil as String?, unitID, 33, Int64(50_000_000), 24, 12,
                    date.iso, due2, due2, Int64(130), "monthly_30", "current", Int64(50_000_000),
                    Int64(0), Int64(0), Int64(0), Int64(0), Int64(0),
                    "job_creation@2019-11-08", nil as String?,
                ]
            }, batchSize: 200)
        try await sql.insertBatches(
            into: "floor_loan_instalments",
            columns: ["loan_id", "seq", "due_on", "original_due_on", "principal", "paid"],
            rows: ids.flatMap {
                [
                    ["f-\($0)", 1, due1, due1, Int64(25_000_000), Int64(0)],
                    ["f-\($0)", 2, due2, due2, Int64(25_000_000), Int64(0)],
                ]
            },
            batchSize: 500)
        try await sql.insertBatches(
            into: "floor_loan_events",
            columns: [
                "id", "loan_id", "kind", "on_date", "principal", "interest", "method",
                "capital_source",
                "entry_id", "reverses", "details", "actor", "created_at",
            ],
            rows: ids.map {
                [
                    "fe-\($0)", "f-\($0)", "disbursement", date.iso, Int64(50_000_000), Int64(0),
                    "cash", "central", "fj-\($0)",
                    nil as String?, "", "bench", Int64(0),
                ]
            }, batchSize: 200)
        try await sql.insertBatches(
            into: "floor_journal_entries",
            columns: ["id", "posted_on", "kind", "description", "reverses", "actor", "created_at"],
            rows: ids.map {
                [
                    "fj-\($0)", date.iso, "disbursement", "Giải ngân khoản vay f-\($0)",
                    nil as String?, "bench", Int64(0),
                ]
            })
        try await sql.insertBatches(
            into: "floor_journal_lines",
            columns: [
                "entry_id", "line_no", "posted_on", "account", "debit", "credit", "loan_id",
                "program_code", "unit_id", "group_id",
            ],
            rows: ids.flatMap { id in
                [
                    (ChartOfAccounts.loansCurrent.code, Int64(50_000_000), Int64(0)),
                    (ChartOfAccounts.cash.code, 0, 50_000_000),
                    (ChartOfAccounts.cash.code, 50_000_000, 0),
                    (ChartOfAccounts.capitalCentral.code, 0, 50_000_000),
                ]
                .enumerated().map { n, l in
                    [
                        "fj-\(id)", n + 1, date.iso, l.0, l.1, l.2, "f-\(id)", "job_creation",
                        unitID, nil as String?,
                    ]
                }
            }, batchSize: 300)
        try await sql.insertBatches(
            into: "floor_audit_log",
            columns: [
                "id", "at", "actor_id", "actor_username", "action", "record_type", "record_id",
                "province_code", "before_json", "after_json",
            ],
            rows: ids.map {
                [
                    "fa-\($0)", Int64(0), nil as String?, "bench", "loan.disburse", "loan",
                    "f-\($0)", 33,
                    "{\"application\":\"\($0)\",\"state\":\"approved\"}",
                    "{\"loan\":\"f-\($0)\",\"amount\":\"50000000\"}",
                ]
            })
    }

    /// `verify` over N loans written set-based (a disbursement and a repayment each), against one
    /// `SUM` over the journal lines on the same database.
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Thời gian kiểm tra sổ với N khoản vay, so với một phép SUM.")
        @OptionGroup var options: DatabaseOptions
        @ArgumentParser.Option(name: .long, help: "Số khoản vay.") var loans: Int = 1_000_000

        func run() async throws {
            try await withApp(options) { app in
                try await migrate(app)
                let sql = try app.db.sqlDatabase()
                let clock = ContinuousClock()
                print("tạo \(loans) khoản vay và bút toán bằng SQL…")
                let made = try await clock.measure {
                    try await BenchCommand.generateBook(loans: loans, sql: sql)
                }
                print("  xong sau \(String(format: "%.0f", BenchCommand.milliseconds(made))) ms")
                var problems: [String] = []
                let elapsed = try await clock.measure {
                    problems = try await LoanBookCheck.verify(sql: sql, world: app.settings.world)
                }
                var sum: Int64 = 0
                let floor = try await clock.measure {
                    sum =
                        try await sql.raw(
                            "SELECT CAST(SUM(debit) AS BIGINT) AS s FROM journal_lines"
                        ).first(decodingColumn: "s", as: Int64.self) ?? 0
                }
                let ms = BenchCommand.milliseconds(elapsed),
                    floorMs = BenchCommand.milliseconds(floor)
                print(
                    "verify over \(loans) loans (\(sql.dialect.name)): \(String(format: "%.0f", ms)) ms, \(problems.count) problems"
                )
                print(
                    "floor (one SUM over the journal lines, \(Money(dong: sum))): \(String(format: "%.0f", floorMs)) ms; "
                        + "ratio \(String(format: "%.1f", ms / max(floorMs, 0.001)))×")
            }
        }
    }

    /// N loans of 40.000.000 đ with 10.000.000 đ repaid, their instalments, events and balanced entries.
    static func generateBook(loans n: Int, sql: any SQLDatabase) async throws {
        let postgres = sql.dialect.name.contains("postgres")
        func numbers(_ body: SQLQueryString) -> SQLQueryString {
            postgres
                ? "SELECT \(body) FROM generate_series(1, \(unsafeRaw: String(n))) AS s(i)"
                : "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < \(unsafeRaw: String(n))) SELECT \(body) FROM s"
        }
        let id: SQLQueryString = "'bl-' || CAST(i AS TEXT)"
        try await sql.raw(
            """
            INSERT INTO loans (id, application_id, program_code, channel, household_id, borrower_name, group_id, organisation, unit_id, province_code,
              approved, term_months, interval_months, disbursed_on, original_maturity, maturity, overdue_percent, day_count, state, disbursed,
              principal_repaid, principal_written_off, interest_paid, interest_written_off, updated_at, parameter_set_id)
            \(numbers("\(id), \(id), 'job_creation', 'direct', NULL, 'Cơ sở', NULL, NULL, '\(unsafeRaw: unitID)', 33, 40000000, 24, 24, '2025-01-15', '2027-01-15', '2027-01-15', 130, 'monthly_30', 'current', 40000000, 10000000, 0, 300000, 0, 0, 'job_creation@2019-11-08'"))
            """
        ).run()
        try await sql.raw(
            """
            INSERT INTO loan_instalments (loan_id, seq, due_on, original_due_on, principal, paid)
            \(numbers("\(id), 1, '2027-01-15', '2027-01-15', 40000000, 10000000"))
            """
        ).run()
        for (suffix, date, kind) in [
            ("d", "2025-01-15", "disbursement"), ("r", "2025-06-15", "repayment"),
        ] {
            try await sql.raw(
                """
                INSERT INTO journal_entries (id, posted_on, kind, description, reverses, actor, created_at)
                \(numbers("'\(unsafeRaw: suffix)-' || CAST(i AS TEXT), '\(unsafeRaw: date)', '\(unsafeRaw: kind)', 'bench', NULL, 'bench', 0"))
                """
            ).run()
        }
        let lines: [(String, Int, String, Int64, Int64, String)] = [
            ("d", 1, ChartOfAccounts.loansCurrent.code, 40_000_000, 0, "2025-01-15"),
            ("d", 2, ChartOfAccounts.cash.code, 0, 40_000_000, "2025-01-15"),
            ("d", 3, ChartOfAccounts.cash.code, 40_000_000, 0, "2025-01-15"),
            ("d", 4, ChartOfAccounts.capitalCentral.code, 0, 40_000_000, "2025-01-15"),
            ("r", 1, ChartOfAccounts.cash.code, 10_300_000, 0, "2025-06-15"),
            ("r", 2, ChartOfAccounts.interestIncome.code, 0, 300_000, "2025-06-15"),
            ("r", 3, ChartOfAccounts.loansCurrent.code, 0, 10_000_000, "2025-06-15"),
        ]
        for (entry, no, account, debit, credit, date) in lines {
            try await sql.raw(
                """
                INSERT INTO journal_lines (entry_id, line_no, posted_on, account, debit, credit, loan_id, program_code, unit_id, group_id)
                \(numbers("'\(unsafeRaw: entry)-' || CAST(i AS TEXT), \(unsafeRaw: String(no)), '\(unsafeRaw: date)', '\(unsafeRaw: account)', \(unsafeRaw: String(debit)), \(unsafeRaw: String(credit)), \(id), 'job_creation', '\(unsafeRaw: unitID)', NULL"))
                """
            ).run()
        }
        if postgres { try await sql.raw("ANALYZE").run() }
    }
}
