import ArgumentParser
import Domain
import Foundation
import SQLKit
import Store
import Vapor
import Web

/// `policy-credit bench import-book --loans 250000`: an old book of N loans (one commune's
/// households each, spread over the province's communes) imported through `BookImporter`, against
/// the database's own bulk loader reading the same file into a table of its columns (`sqlite3
/// .import` on SQLite, `psql \copy` on PostgreSQL), in the same run. The database must be empty.
extension BenchCommand {
    struct ImportBook: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-book",
            abstract: "Nhập sổ cũ N khoản vay, so với sqlite3 .import / psql \\copy cùng tệp.")
        @OptionGroup var options: DatabaseOptions
        @ArgumentParser.Option(name: .long, help: "Số khoản vay.") var loans: Int = 250_000

        func run() async throws {
            guard (1...2_000_000).contains(loans) else {
                throw ValidationError("--loans từ 1 đến 2.000.000.")
            }
            let file = NSTemporaryDirectory() + "pc-bench-book-\(UUID().uuidString).csv"
            defer { try? FileManager.default.removeItem(atPath: file) }
            var importMs = 0.0, isSQLite = true
            try await withApp(options) { app in
                try await migrate(app)
                let sql = try app.db.sqlDatabase()
                let today = app.settings.world.today
                let communes = try await Self.households(loans, sql: sql, world: app.settings.world)
                try Self.book(loans, communes: communes, on: today).write(
                    toFile: file, atomically: true, encoding: .utf8)
                let size =
                    (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
                print("tệp: \(loans) khoản vay ở \(communes.count) xã, \(size / 1_048_576) MiB")
                let before = Self.peakMiB()
                let clock = ContinuousClock()
                var outcome: BookImporter.Outcome?
                let elapsed = try await clock.measure {
                    outcome = try await BookImporter(database: app.db, world: app.settings.world)
                        .run(
                            book: .file(file), totals: nil,
                            source: "bench.csv", scope: .everything,
                            actor: Actor(userID: nil, username: "bench"), checkOnly: false,
                            acceptDifferences: false)
                }
                let ms = BenchCommand.milliseconds(elapsed)
                print(
                    "import book (\(sql.dialect.name)): \(outcome?.loansAdded ?? 0) khoản vay, "
                        + "\(String(format: "%.1f", ms / 1000)) s, "
                        + "\(String(format: "%.0f", Double(loans) / (ms / 1000))) loans/s, peak "
                        + "\(Self.peakMiB()) MiB "
                        + "(\(before) MiB before the import)")
                let problems = try await LoanBookCheck.verify(sql: sql, world: app.settings.world)
                print(
                    problems.first.map { "verify: \(problems.count) chênh lệch, ví dụ \($0)" }
                        ?? "verify: sổ khớp")
                isSQLite = sql.dialect.name == "sqlite"
                importMs = ms
            }
            // The floor runs once this process holds no connection to the database.
            let floorName = isSQLite ? "sqlite3 .import" : "psql \\copy"
            let floorMs: Double
            if isSQLite {
                floorMs = try Self.timed(
                    "/usr/bin/sqlite3", [options.database, ".import --csv \(file) floor_book"])
            } else {
                let url = ProcessInfo.processInfo.environment["DATABASE_URL"] ?? ""
                let columns = (BookImporter.requiredColumns + ["ten_to"]).map { "\($0) text" }
                    .joined(separator: ", ")
                _ = try Self.timed(
                    "/usr/bin/psql", [url, "-qc", "CREATE TABLE floor_book (\(columns))"])
                floorMs = try Self.timed(
                    "/usr/bin/psql", [url, "-qc", "\\copy floor_book FROM '\(file)' CSV HEADER"])
            }
            print(
                "floor (\(floorName) of the same file): "
                    + "\(String(format: "%.1f", floorMs / 1000)) s; "
                    + "ratio \(String(format: "%.1f", importMs / max(floorMs, 0.001)))×")
        }

        /// The process's peak resident memory so far (VmHWM), in MiB.
        static func peakMiB() -> Int {
            let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
            let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
            return (Int(line.filter { $0.isASCII && $0.isNumber }) ?? 0) / 1024
        }

        /// Runs a tool and returns its wall time in milliseconds.
        static func timed(_ tool: String, _ arguments: [String]) throws -> Double {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = arguments
            let started = Date()
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw ValidationError("\(tool) kết thúc với mã \(process.terminationStatus).")
            }
            return Date().timeIntervalSince(started) * 1000
        }

        /// N households (one per loan) over the province's communes, written directly: setup, not
        /// measured.
        static func households(
            _ n: Int, sql: any SQLDatabase, world: World
        ) async throws -> [(code: Int, households: [String])] {
            let units = try await sql.raw(
                """
                SELECT id, code FROM units WHERE level = 'commune' AND province_code = 33 AND
                  valid_to IS NULL ORDER BY code
                """
            ).all().map {
                (
                    id: try $0.decode(column: "id", as: String.self),
                    code: try $0.decode(column: "code", as: Int.self)
                )
            }
            guard !units.isEmpty else { throw ValidationError("Không có xã nào của tỉnh 33.") }
            var rows: [[any Encodable & Sendable]] = [],
                communes = units.map { (code: $0.code, households: [String]()) }
            let now = world.nowMillis
            for i in 0..<n {
                let u = i % units.count
                let code = "HB-\(i)"
                rows.append([
                    "bh-\(i)", 33, units[u].id, code, "Thôn 1", "rural", "", "", "Người vay \(i)",
                    4, nil as String?,
                    nil as String?, now, now,
                ])
                communes[u].households.append(code)
            }
            try await sql.insertBatches(
                into: "households",
                columns: [
                    "id", "province_code", "unit_id", "code", "village", "area", "address",
                    "phone", "head_name", "member_count", "closed_on", "merged_into",
                    "created_at", "updated_at",
                ], rows: rows, batchSize: 500)
            try await RegistryFigures(sql: sql).rebuild()
            return communes.filter { !$0.households.isEmpty }
        }

        /// The old book: each loan 20–60 m over 60 months from 2022–2025, its instalments due
        /// before the day paid, one in ten an instalment behind, interest paid to a month ago.
        static func book(
            _ n: Int, communes: [(code: Int, households: [String])], on today: BusinessDate
        ) throws -> String {
            var out = (BookImporter.requiredColumns + ["ten_to"]).joined(separator: ",") + "\n"
            var state: UInt64 = 250_000
            func next(_ bound: Int) -> Int {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Int((state >> 33) % UInt64(bound))
            }
            let start = try BusinessDate(year: 2022, month: 1, day: 10)
            for (c, commune) in communes.enumerated() {
                for (h, household) in commune.households.enumerated() {
                    let disbursed = start.adding(days: next(1_300))
                    let amount = Money(dong: Int64(20 + next(41)) * 1_000_000)
                    let schedule = try RepaymentSchedule.make(
                        amount: amount, disbursedOn: disbursed, termMonths: 60, intervalMonths: 12)
                    let due = schedule.filter { $0.dueOn < today }.count
                    let remaining = Array(schedule.dropFirst(next(10) == 0 ? max(0, due - 1) : due))
                    let overdue = remaining.filter { $0.dueOn < today }.reduce(0) {
                        $0 + $1.principal.dong
                    }
                    let owed = remaining.reduce(0) { $0 + $1.principal.dong }
                    let paidTo = max(disbursed, today.adding(days: -30))
                    out +=
                        "BK-\(c)-\(h),poor_household,\(commune.code),\(household),"
                        + "\(disbursed.vietnamese),\(amount.dong),60,\""
                        + remaining.map { "\($0.dueOn.vietnamese):\($0.principal.dong)" }.joined(
                            separator: ";")
                        + "\",\(owed - overdue),\(overdue),0,\(paidTo.vietnamese),"
                        + "\(owed / 1000 * 6),\n"
                }
            }
            return out
        }
    }
}
