import Domain
import FluentKit
import Foundation
import SQLKit
import Store
import Testing
import Vapor
import Web

@Suite("Storage: migrations and the demo province")
struct StorageTests {
    /// An empty database of the driver, for tests that must start from nothing.
    func withEmptyApp(_ driver: TestDriver, _ body: (Application, TestClock) async throws -> Void) async throws {
        let id = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let target: DatabaseTarget
        let drop: @Sendable () async throws -> Void
        switch driver {
        case .sqlite:
            let path = NSTemporaryDirectory() + "pc-empty-\(id).sqlite"
            target = .sqlite(path: path)
            drop = { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        case .postgres:
            let base = try #require(TestDriver.postgresURL)
            let name = "pc_e_\(id)"
            try await TemplateDatabases.admin(base) { try await $0.raw("CREATE DATABASE \(ident: name)").run() }
            target = .postgres(url: TemplateDatabases.url(base, database: name))
            drop = { try await TemplateDatabases.admin(base) { try await $0.raw("DROP DATABASE IF EXISTS \(ident: name) WITH (FORCE)").run() } }
        }
        let clock = TestClock()
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        do {
            try await configure(app, settings: AppSettings(database: target, world: clock.world, bcryptCost: 4))
            try await body(app, clock)
        } catch {
            try? await app.asyncShutdown()
            try? await drop()
            throw error
        }
        try await app.asyncShutdown()
        try await drop()
    }

    @Test("Migrations run up, down and up again", arguments: TestDriver.available)
    func upDownUp(_ driver: TestDriver) async throws {
        try await withEmptyApp(driver) { app, _ in
            try await migrate(app)
            let sql = app.db as! any SQLDatabase
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM units").first(decodingColumn: "n", as: Int.self) == 3_355)
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM citizen_birthplaces").first(decodingColumn: "n", as: Int.self) == 63)
            try await app.autoRevert()
            await #expect(throws: (any Error).self) { try await sql.raw("SELECT COUNT(*) AS n FROM units").run() }
            try await migrate(app)
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM units").first(decodingColumn: "n", as: Int.self) == 3_355)
        }
    }

    @Test("The demo loads once, then finds itself; it refuses a database that holds other data", arguments: TestDriver.available)
    func demoOnce(_ driver: TestDriver) async throws {
        try await withEmptyApp(driver) { app, clock in
            try await migrate(app)
            let settings = app.settings
            let date = try BusinessDate(iso: "2026-11-25")
            let demo = DemoProvince(database: app.db, world: clock.world, hasher: settings.hasher, seed: 1, businessDate: date,
                                    householdsPerCommune: 2)
            #expect(try await demo.load() == .loaded)
            let sql = app.db as! any SQLDatabase
            let facilities = try await sql.raw("SELECT COUNT(*) AS n FROM point_facilities").first(decodingColumn: "n", as: Int.self)
            #expect(try await demo.load() == .alreadyLoaded)
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM point_facilities").first(decodingColumn: "n", as: Int.self) == facilities)
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM users").first(decodingColumn: "n", as: Int.self) == 10)
        }
        try await withEmptyApp(driver) { app, clock in
            try await migrate(app)
            _ = try await UserStore(database: app.db, world: clock.world).create(
                NewUser(username: "someone", displayName: "Ai đó", password: "ngan-hang-2026", role: .admin, scope: .everything, mustChangePassword: false),
                hasher: app.settings.hasher, actor: .system)
            let demo = DemoProvince(database: app.db, world: clock.world, hasher: app.settings.hasher, seed: 1,
                                    businessDate: try BusinessDate(iso: "2026-11-25"), householdsPerCommune: 2)
            await #expect(throws: DemoError.databaseHasOtherData) { try await demo.load() }
            let sql = app.db as! any SQLDatabase
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM offices").first(decodingColumn: "n", as: Int.self) == 0)
        }
    }

    @Test("The demo is deterministic: the same seed and date give the same facilities")
    func demoDeterministic() async throws {
        var snapshots: [[String]] = []
        for _ in 0..<2 {
            try await withEmptyApp(.sqlite) { app, clock in
                try await migrate(app)
                _ = try await DemoProvince(database: app.db, world: clock.world, hasher: app.settings.hasher, seed: 7,
                                           businessDate: try BusinessDate(iso: "2026-11-25"), householdsPerCommune: 3).load()
                let sql = app.db as! any SQLDatabase
                snapshots.append(try await sql.raw("SELECT id || state || checked_on AS s FROM point_facilities ORDER BY id")
                    .all(decodingColumn: "s", as: String.self)
                    + sql.raw("SELECT id || full_name || birth_date || COALESCE(citizen_id, '') AS s FROM members ORDER BY id")
                    .all(decodingColumn: "s", as: String.self)
                    + sql.raw("SELECT household_id || class || valid_from AS s FROM household_classifications ORDER BY id")
                    .all(decodingColumn: "s", as: String.self)
                    + sql.raw("SELECT campaign_id || household_id || definition AS s FROM review_entries ORDER BY campaign_id, household_id")
                    .all(decodingColumn: "s", as: String.self))
            }
        }
        #expect(snapshots[0] == snapshots[1])
        #expect(snapshots[0].count > 2_000)
        #expect(snapshots[0].contains { $0.hasPrefix("demo-h-") })
    }
}
