import Domain
import Foundation
import SQLKit
import Store
import Testing
import Vapor
@testable import Web

/// Issue #13 §4: what the server acknowledged survives. SQLite keeps a write-ahead log synced at
/// every commit; a backup taken while batches are posted is one consistent moment and restores
/// to a ledger that verifies.
@Suite("Nothing acknowledged is lost")
struct DurabilityTests {
    @Test("SQLite: write-ahead logging, and synchronous=FULL on every connection the server holds")
    func synchronousFull() async throws {
        try await withTestApp(.sqlite) { t in
            for loop in t.app.eventLoopGroup.makeIterator() {
                let sql = try #require(t.app.databases.database(logger: t.app.logger, on: loop) as? any SQLDatabase)
                #expect(try await sql.raw("PRAGMA synchronous").first(decodingColumn: "synchronous", as: Int.self) == 2)
                #expect(try await sql.raw("PRAGMA journal_mode").first(decodingColumn: "journal_mode", as: String.self) == "wal")
            }
        }
    }

    /// An empty database on the same server as `driver`'s tests, and its removal.
    static func empty(_ driver: TestDriver) async throws -> (DatabaseTarget, @Sendable () async throws -> Void) {
        let id = UUID().uuidString.lowercased().prefix(8)
        switch driver {
        case .sqlite:
            let path = NSTemporaryDirectory() + "pc-restore-\(id).sqlite"
            return (.sqlite(path: path), { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } })
        case .postgres:
            let base = try #require(TestDriver.postgresURL)
            let name = "pc_restore_\(id)"
            try await TemplateDatabases.admin(base) { sql in try await sql.raw("CREATE DATABASE \(ident: name)").run() }
            return (.postgres(url: TemplateDatabases.url(base, database: name)), {
                try await TemplateDatabases.admin(base) { sql in try await sql.raw("DROP DATABASE IF EXISTS \(ident: name) WITH (FORCE)").run() }
            })
        }
    }

    @Test("A backup taken while batches are posted restores into an empty database to a ledger that verifies",
          arguments: TestDriver.available)
    func backupWhilePosting(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let group = "demo-group-11953-1"
            let members = try await GroupStore(database: t.db, world: t.world).members(groupID: group, on: t.world.today).sorted()
            let store = CollectionStore(database: t.db, world: t.world)
            let file = NSTemporaryDirectory() + "pc-backup-\(UUID().uuidString.prefix(8)).\(driver == .sqlite ? "sqlite" : "dump")"
            defer { try? FileManager.default.removeItem(atPath: file) }
            let today = t.world.today
            let posting = Task {
                var posted: [String] = []
                for n in 0..<24 {
                    let lines = members.prefix(3).map { CollectionLine(member: $0, loan: nil, savingsDeposit: Money(dong: 10_000)) }
                    let batch = try await store.post(groupID: group, on: today, cashCounted: Money(dong: 10_000 * Int64(lines.count)),
                                                     lines: lines, key: "backup-\(n)", actor: .system, scope: .everything)
                    posted.append(batch.result.id)
                }
                return posted
            }
            try await Task.sleep(for: .milliseconds(150))
            let report = try await BackupRunner.backup(t.app.settings, to: file)
            let posted = try await posting.value
            #expect(report.bytes > 0)
            await #expect(throws: BackupError.targetExists(file)) { try await BackupRunner.backup(t.app.settings, to: file) }

            let (target, drop) = try await Self.empty(driver)
            defer { Task { try? await drop() } }
            let settings = AppSettings(database: target, world: t.world, bcryptCost: 4)
            try await BackupRunner.restore(file, into: settings)
            try await BackupRunner.withApplication(settings) { restored in
                let sql = try restored.db.sqlDatabase()
                let batches = try await sql.raw("SELECT id FROM collection_batches WHERE actor = 'system'").all()
                    .map { try $0.decode(column: "id", as: String.self) }
                #expect(Set(batches).isSubset(of: Set(posted)))
                let incomplete = try await sql.raw("""
                    SELECT COUNT(*) AS n FROM collection_batches b
                    WHERE (SELECT COUNT(*) FROM savings_movements m WHERE m.batch_id = b.id) <> 3 AND b.actor = 'system'
                    """).first(decodingColumn: "n", as: Int.self)
                #expect(incomplete == 0)
                #expect(try await LoanBookCheck.verify(sql: sql, world: t.world).isEmpty)
            }
            // A restore goes only into an empty database.
            await #expect(throws: BackupError.notEmpty) { try await BackupRunner.restore(file, into: t.app.settings) }
        }
    }
}
