import ArgumentParser
import Domain
import Foundation
import SQLKit
import Store
import Vapor
import Web

/// `policy-credit bench dashboard --households 1000000 --loans 250000`: the province dashboard
/// over a province of that size (households classified one in twenty poor, one in twenty
/// near-poor; the loans of `bench month-end`, closed by a real month-end), its p95 against the
/// cheapest query on the same database in the same run (a loan read by its primary key), then
/// each standard report for the province for the year. Use an empty database.
extension BenchCommand {
    struct Dashboard: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dashboard",
            abstract:
                "Bảng điều hành và các báo cáo định kỳ của một tỉnh lớn, so với đọc theo khóa "
                + "chính."
        )
        @OptionGroup var options: DatabaseOptions
        @ArgumentParser.Option(name: .long, help: "Số hộ.") var households: Int = 1_000_000
        @ArgumentParser.Option(name: .long, help: "Số khoản vay.") var loans: Int = 250_000
        @ArgumentParser.Option(name: .long, help: "Số lần đo mỗi phép.") var requests: Int = 40

        func run() async throws {
            guard households > 0, loans > 0, requests > 0 else {
                throw ValidationError("Các số phải dương.")
            }
            try await withApp(options) { app in
                try await migrate(app)
                let sql = try app.db.sqlDatabase()
                let world = app.settings.world
                let clock = ContinuousClock()
                print(
                    "tạo \(loans) khoản vay và \(households) hộ bằng SQL, rồi khóa sổ tháng trước…")
                let existing =
                    try await sql.raw("SELECT COUNT(*) AS n FROM loans").first(
                        decodingColumn: "n", as: Int.self) ?? 0
                let made = try await clock.measure {
                    // A database a previous run filled is measured again as it is.
                    guard existing == 0 else { return }
                    _ = try await BenchCommand.generateSpreadBook(loans: loans, sql: sql)
                    try await BenchCommand.generateHouseholds(households, sql: sql)
                    _ = try await Store.MonthEnd(database: app.db, world: world).run(
                        date: world.today.firstOfMonth.adding(days: -1),
                        actor: Actor(userID: nil, username: "bench"))
                }
                print("  xong sau \(String(format: "%.0f", BenchCommand.milliseconds(made))) ms")
                let store = DashboardStore(database: app.db, world: world)
                let dashboard = try await BenchCommand.p95(requests) { _ in
                    _ = try await store.dashboard(
                        provinceCode: 33, on: world.today, scope: .everything)
                }
                let lookup = try await BenchCommand.p95(requests) { n in
                    _ = try await sql.raw(
                        "SELECT * FROM loans WHERE id = \(bind: "bl-\(1 + (n * 7919) % loans)")"
                    ).first()
                }
                print(
                    "dashboard (\(sql.dialect.name), \(households) households, \(loans) loans): "
                        + "p95 \(String(format: "%.1f", dashboard)) ms; primary-key lookup p95 "
                        + "\(String(format: "%.3f", lookup)) ms; ratio "
                        + "\(String(format: "%.0f", dashboard / max(lookup, 0.001)))×")
                let reports = StandardReportStore(database: app.db, world: world)
                let month = world.today.firstOfMonth.adding(days: -1)
                for kind in StandardReportKind.allCases {
                    let period: ReportPeriod =
                        kind.isMonthly
                        ? .month(year: month.year, month: month.month) : .year(month.year)
                    var rows = 0
                    let took = try await clock.measure {
                        rows = try await reports.report(
                            .init(kind: kind, period: period, provinceCode: 33, communeCode: nil),
                            scope: .everything
                        ).rows.count
                    }
                    print(
                        "report \(kind.rawValue) \(period.key): "
                            + String(format: "%.0f", BenchCommand.milliseconds(took))
                            + " ms, \(rows) rows"
                    )
                }
            }
        }
    }

    /// The 95th percentile of `n` timed runs, in milliseconds (after one warm-up run).
    static func p95(_ n: Int, _ body: (Int) async throws -> Void) async throws -> Double {
        let clock = ContinuousClock()
        try await body(0)
        var times: [Double] = []
        for i in 1...n { times.append(milliseconds(try await clock.measure { try await body(i) })) }
        times.sort()
        return times[min(times.count - 1, Int((Double(times.count) * 0.95).rounded(.up)) - 1)]
    }

    /// N households spread over the communes `generateSpreadBook` listed, one in twenty poor and
    /// one in twenty near-poor from 01/01/2025, written by two INSERT … SELECT.
    static func generateHouseholds(_ n: Int, sql: any SQLDatabase) async throws {
        let postgres = sql.dialect.name.contains("postgres")
        let units =
            try await sql.raw("SELECT COUNT(*) AS n FROM bench_units").first(
                decodingColumn: "n", as: Int.self) ?? 1
        func series(_ body: String) -> SQLQueryString {
            let join = "JOIN bench_units b ON b.idx = (i - 1) % \(max(1, units))"
            let upTo = String(n)
            return postgres
                ? """
                SELECT \(unsafeRaw: body) FROM generate_series(1, \(unsafeRaw: upTo)) AS s(i)
                \(unsafeRaw: join)
                """
                : """
                WITH RECURSIVE s(i) AS
                (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < \(unsafeRaw: upTo))
                SELECT \(unsafeRaw: body) FROM s \(unsafeRaw: join)
                """
        }
        try await sql.raw(
            """
            INSERT INTO households (id, province_code, unit_id, code, village, area, address, phone,
              head_name, member_count, closed_on, merged_into, created_at, updated_at)
            \(series(
                "'bh-' || CAST(i AS TEXT), 33, b.id, 'BH' || CAST(i AS TEXT), 'Thôn', 'rural', "
                + "'', '', 'Chủ hộ', 4, NULL, NULL, 0, 0"))
            """
        ).run()
        let poor = "CASE WHEN i % 20 = 0 THEN 'poor' ELSE 'near_poor' END"
        try await sql.raw(
            """
            INSERT INTO household_classifications (id, province_code, household_id, standard_code,
              class, valid_from, valid_to, decision, reasons, deprivations, created_at)
            \(series(
                "'bc-' || CAST(i AS TEXT), 33, 'bh-' || CAST(i AS TEXT), '2022-2025', \(poor), "
                + "'2025-01-01', NULL, 'QĐ bench', '[]', '[]', 0"))
            WHERE i % 20 IN (0, 1)
            """
        ).run()
        // Written by SQL, so the registry's summary tables are counted once afterwards.
        try await RegistryFigures(sql: sql).rebuild()
    }
}
