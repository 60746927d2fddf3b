import Domain
import FluentKit
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Testing
import Store
import Vapor
import Web

/// The databases the store and web suite runs on: SQLite always, PostgreSQL when
/// `TEST_DATABASE_URL` names one.
enum TestDriver: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    static var available: [TestDriver] {
        postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    static var postgresURL: String? {
        let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"]
        return url?.isEmpty == false ? url : nil
    }

    var testDescription: String { rawValue }
}

/// Each test gets its own database, copied from a template that is migrated and holds the demo
/// province (built once per process and driver): tests run in parallel without sharing state.
actor TemplateDatabases {
    static let shared = TemplateDatabases()

    private var sqliteTemplate: Task<String, any Error>?
    private var postgresTemplate: Task<String, any Error>?

    /// Demo business date of the template.
    static let businessDate = try! BusinessDate(year: 2026, month: 11, day: 25)

    func sqlite() async throws -> String {
        if let task = sqliteTemplate { return try await task.value }
        let task = Task<String, any Error> {
            let path = NSTemporaryDirectory() + "pc-template-\(ProcessInfo.processInfo.processIdentifier).sqlite"
            try? FileManager.default.removeItem(atPath: path)
            try await Self.build(.sqlite(path: path))
            return path
        }
        sqliteTemplate = task
        return try await task.value
    }

    func postgres(baseURL: String) async throws -> String {
        if let task = postgresTemplate { return try await task.value }
        let task = Task<String, any Error> {
            let name = "pc_tpl_\(ProcessInfo.processInfo.processIdentifier)"
            try await Self.admin(baseURL) { sql in
                try await sql.raw("DROP DATABASE IF EXISTS \(ident: name)").run()
                try await sql.raw("CREATE DATABASE \(ident: name)").run()
            }
            try await Self.build(.postgres(url: Self.url(baseURL, database: name)))
            return name
        }
        postgresTemplate = task
        return try await task.value
    }

    static func build(_ target: DatabaseTarget) async throws {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        do {
            let settings = AppSettings(database: target, world: TestClock().world, bcryptCost: 4)
            try await configure(app, settings: settings)
            try await migrate(app)
            _ = try await DemoProvince(database: app.db, world: settings.world, hasher: settings.hasher, seed: 1,
                                       businessDate: businessDate, householdsPerCommune: 4).load()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    /// Runs statements on the server's maintenance connection (CREATE/DROP DATABASE).
    static func admin(_ baseURL: String, _ body: @Sendable (any SQLDatabase) async throws -> Void) async throws {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        do {
            try DatabaseTarget.postgres(url: baseURL).register(in: app.databases)
            try await body(app.db as! any SQLDatabase)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    static func url(_ base: String, database: String) -> String {
        var parts = URLComponents(string: base)!
        parts.path = "/" + database
        return parts.string!
    }

    /// A fresh database for one test; `drop` removes it afterwards.
    static func fresh(_ driver: TestDriver) async throws -> (target: DatabaseTarget, drop: @Sendable () async throws -> Void) {
        let id = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        switch driver {
        case .sqlite:
            let template = try await shared.sqlite()
            let path = NSTemporaryDirectory() + "pc-test-\(id).sqlite"
            try FileManager.default.copyItem(atPath: template, toPath: path)
            return (.sqlite(path: path), {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            })
        case .postgres:
            guard let base = TestDriver.postgresURL else { throw Abort(.internalServerError, reason: "TEST_DATABASE_URL unset") }
            let template = try await shared.postgres(baseURL: base)
            let name = "pc_t_\(id)"
            try await admin(base) { sql in try await sql.raw("CREATE DATABASE \(ident: name) TEMPLATE \(ident: template)").run() }
            return (.postgres(url: url(base, database: name)), {
                try await admin(base) { sql in try await sql.raw("DROP DATABASE IF EXISTS \(ident: name) WITH (FORCE)").run() }
            })
        }
    }
}

/// A running application on its own database, with a pinned clock.
struct TestApp: Sendable {
    let app: Application
    let clock: TestClock
    let driver: TestDriver

    var world: World { clock.world }
    var db: any Database { app.db }
    var sql: any SQLDatabase { app.db as! any SQLDatabase }

    func client() -> TestClient { TestClient(app: app) }
}

/// Runs `body` with an application on a fresh copy of the demo database.
func withTestApp(_ driver: TestDriver, bcryptCost: Int = 4, secureCookies: Bool = false,
                 metricsToken: String? = nil, _ body: (TestApp) async throws -> Void) async throws {
    let (target, drop) = try await TemplateDatabases.fresh(driver)
    let clock = TestClock()
    let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
    do {
        try await configure(app, settings: AppSettings(database: target, world: clock.world, bcryptCost: bcryptCost,
                                                       secureCookies: secureCookies, metricsToken: metricsToken))
        try await migrate(app)
        try await body(TestApp(app: app, clock: clock, driver: driver))
    } catch {
        try? await app.asyncShutdown()
        try? await drop()
        throw error
    }
    try await app.asyncShutdown()
    try await drop()
}
