import ArgumentParser
import Domain
import Foundation
import SQLKit
import Store
import Vapor
import Web

/// `policy-credit bench collections`: a commune's sitting of about 2,000 collection lines (the
/// largest groups of the demo province, each member's interest due and a savings deposit), posted
/// one group batch at a time through `CollectionStore.post`; p50/p99 per batch and lines/s,
/// against a multi-row INSERT of the same ledger lines into empty copies of the journal tables.
extension BenchCommand {
    struct Collections: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ghi kết quả thu của một ngày (~2.000 dòng), so với INSERT nhiều dòng.")
        @OptionGroup var options: DatabaseOptions
        @ArgumentParser.Option(
            name: .long, help: "Số dòng thu cần có (lấy các tổ đông nhất của tỉnh mẫu).") var lines:
            Int = 2_000

        func run() async throws {
            var copies: [(mode: String, path: String)] = []
            try await withApp(options) { app in
                try await migrate(app)
                print("nạp tỉnh mẫu (một lần)…")
                _ = try await DemoProvince(
                    database: app.db, world: app.settings.world, hasher: app.settings.hasher,
                    seed: 1,
                    businessDate: app.settings.world.today
                ).load()
                let sql = try app.db.sqlDatabase()
                guard sql.dialect.name == "sqlite" else {
                    _ = try await Self.day(app, lines: lines, label: sql.dialect.name); return
                }
                // SQLite: the same day on two copies of the same book, one per synchronous mode, in one run.
                for mode in ["NORMAL", "FULL"] {
                    let path =
                        NSTemporaryDirectory()
                        + "pc-bench-collections-\(mode)-\(app.settings.world.newID()).sqlite"
                    try await Backup.sqliteCopy(sql, to: path)
                    copies.append((mode, path))
                }
            }
            var results: [(mode: String, ms: Double)] = []
            for copy in copies {
                try await withApp(
                    settings: AppSettings(database: .sqlite(path: copy.path), bcryptCost: 4)
                ) { app in
                    try await migrate(app, synchronous: copy.mode == "FULL" ? .full : .normal)
                    results.append(
                        (
                            copy.mode,
                            try await Self.day(
                                app, lines: lines, label: "sqlite, synchronous=\(copy.mode)")
                        ))
                }
                for suffix in ["", "-wal", "-shm"] {
                    try? FileManager.default.removeItem(atPath: copy.path + suffix)
                }
            }
            if results.count == 2, results[0].ms > 0 {
                print(
                    "synchronous=FULL costs \(String(format: "%.2f", results[1].ms / results[0].ms))× the time of NORMAL "
                        + "(\(String(format: "%.0f", results[1].ms)) ms against \(String(format: "%.0f", results[0].ms)) ms)"
                )
            }
        }

        /// One sitting's batches on the database `app` holds: prints the figures, returns the day's milliseconds.
        static func day(_ app: Application, lines: Int, label: String) async throws -> Double {
            let sql = try app.db.sqlDatabase()
            let world = app.settings.world
            let today = world.today
            let groups = try await sql.raw(
                """
                SELECT m.group_id AS id, COUNT(*) AS n FROM group_memberships m JOIN savings_groups g ON g.id = m.group_id
                WHERE g.status = 'active' AND m.valid_to IS NULL GROUP BY m.group_id ORDER BY COUNT(*) DESC, m.group_id
                """
            ).all()
            let store = CollectionStore(database: app.db, world: world)
            var batches: [(group: String, lines: [CollectionLine])] = []
            var total = 0
            for row in groups where total < lines {
                let id = try row.decode(column: "id", as: String.self)
                let sheet = try await store.sheet(groupID: id, on: today, scope: .everything)
                let batch = sheet.map { l in
                    CollectionLine(
                        member: l.householdID, loan: l.loanID.map { LoanID($0) },
                        interest: l.interestDue, via: .leader, principal: .zero,
                        savingsDeposit: Money(dong: 20_000))
                }
                batches.append((id, batch))
                total += batch.count
            }
            print("\(batches.count) tổ, \(total) dòng")
            let actor = Actor(userID: nil, username: "bench")
            let clock = ContinuousClock()
            var each: [Double] = []
            var entryIDs: [String] = []
            let elapsed = try await clock.measure {
                for (n, batch) in batches.enumerated() {
                    let started = clock.now
                    let posted = try await store.post(
                        groupID: batch.group, on: today,
                        cashCounted: try CollectionRules.expectedCash(batch.lines),
                        lines: batch.lines, key: "bench-collections-\(world.nowMillis)-\(n)",
                        actor: actor, scope: .everything)
                    each.append(BenchCommand.milliseconds(clock.now - started))
                    entryIDs += posted.result.entries
                }
            }
            // The floor: the same journal lines, read back, then written again with multi-row INSERTs into empty copies.
            for table in ["journal_entries", "journal_lines"] {
                try await sql.raw("DROP TABLE IF EXISTS \(ident: "floor_" + table)").run()
                try await sql.raw(
                    "CREATE TABLE \(ident: "floor_" + table) AS SELECT * FROM \(ident: table) WHERE 1 = 0"
                ).run()
            }
            var entryRows: [[any Encodable & Sendable]] = [],
                lineRows: [[any Encodable & Sendable]] = []
            for slice in stride(from: 0, to: entryIDs.count, by: 500).map({
                Array(entryIDs[$0..<min($0 + 500, entryIDs.count)])
            }) {
                for r in try await sql.raw(
                    "SELECT * FROM journal_entries WHERE id IN (\(binds: slice))"
                ).all() {
                    entryRows.append([
                        try r.decode(column: "id", as: String.self),
                        try r.decode(column: "posted_on", as: String.self),
                        try r.decode(column: "kind", as: String.self),
                        try r.decode(column: "description", as: String.self),
                        try r.decode(column: "reverses", as: String?.self),
                        try r.decode(column: "actor", as: String.self),
                        try r.decode(column: "created_at", as: Int64.self),
                    ])
                }
                for r in try await sql.raw(
                    "SELECT * FROM journal_lines WHERE entry_id IN (\(binds: slice))"
                ).all() {
                    lineRows.append([
                        try r.decode(column: "entry_id", as: String.self),
                        try r.decode(column: "line_no", as: Int.self),
                        try r.decode(column: "posted_on", as: String.self),
                        try r.decode(column: "account", as: String.self),
                        try r.decode(column: "debit", as: Int64.self),
                        try r.decode(column: "credit", as: Int64.self),
                        try r.decode(column: "loan_id", as: String?.self),
                        try r.decode(column: "program_code", as: String?.self),
                        try r.decode(column: "unit_id", as: String?.self),
                        try r.decode(column: "group_id", as: String?.self),
                    ])
                }
            }
            let floor = try await clock.measure {
                try await sql.insertBatches(
                    into: "floor_journal_entries",
                    columns: [
                        "id", "posted_on", "kind", "description", "reverses", "actor", "created_at",
                    ],
                    rows: entryRows)
                try await sql.insertBatches(
                    into: "floor_journal_lines",
                    columns: [
                        "entry_id", "line_no", "posted_on", "account", "debit", "credit", "loan_id",
                        "program_code", "unit_id", "group_id",
                    ], rows: lineRows, batchSize: 300)
            }
            let sorted = each.sorted()
            func percentile(_ p: Double) -> Double {
                sorted.isEmpty
                    ? 0
                    : sorted[
                        max(
                            0,
                            min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1))
                    ]
            }
            let ms = BenchCommand.milliseconds(elapsed), floorMs = BenchCommand.milliseconds(floor)
            print(
                "post \(total) lines in \(batches.count) group batches (\(label)): \(String(format: "%.0f", ms)) ms, "
                    + "\(String(format: "%.0f", Double(total) / (ms / 1000))) lines/s; per batch p50 \(String(format: "%.1f", percentile(0.5))) ms, "
                    + "p99 \(String(format: "%.1f", percentile(0.99))) ms")
            print(
                "floor (multi-row INSERT of the same \(entryRows.count) entries, \(lineRows.count) lines): \(String(format: "%.0f", floorMs)) ms; "
                    + "ratio \(String(format: "%.1f", ms / max(floorMs, 0.001)))×")
            let problems = try await LoanBookCheck.verify(sql: sql, world: world)
            print(
                problems.first.map { "verify: \(problems.count) chênh lệch, ví dụ \($0)" }
                    ?? "verify: sổ khớp")
            return ms
        }
    }
}
