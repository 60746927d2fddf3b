import Domain
import Foundation
import Store
import Vapor

/// `policy-credit backup` and `restore`, where a test can call them: each opens the databases it
/// needs, and reports a copy good only once it has been read back (integrity and `verify`).
public enum BackupRunner {
    public struct Report: Sendable, Equatable {
        public let file: String
        public let bytes: Int
        public let verified: Bool
    }

    /// An online copy of the database `settings` name into `file` (which must not exist).
    public static func backup(_ settings: AppSettings, to file: String) async throws -> Report {
        switch settings.database {
        case .sqlite:
            try await withApplication(settings) { app in try await Backup.sqliteCopy(try app.db.sqlDatabase(), to: file) }
            try await check(copy: file, verify: true)
        case .postgres(let url):
            try Backup.pgDump(url: url, to: file)
        }
        return Report(file: file, bytes: size(file), verified: !settings.database.isPostgres)
    }

    /// `file` into the empty database `settings` name; the result is migrated and verified.
    public static func restore(_ file: String, into settings: AppSettings) async throws {
        guard FileManager.default.fileExists(atPath: file) else { throw BackupError.notFound(file) }
        switch settings.database {
        case .sqlite(let path):
            try await check(copy: file, verify: false)
            if FileManager.default.fileExists(atPath: path) {
                var empty = false
                try await withApplication(settings) { app in empty = try await Backup.isEmpty(try app.db.sqlDatabase()) }
                guard empty else { throw BackupError.notEmpty }
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
            try FileManager.default.copyItem(atPath: file, toPath: path)
        case .postgres(let url):
            var empty = false
            try await withApplication(settings) { app in empty = try await Backup.isEmpty(try app.db.sqlDatabase()) }
            guard empty else { throw BackupError.notEmpty }
            try Backup.pgRestore(url: url, from: file)
        }
        var problems: [String] = []
        try await withApplication(settings) { app in
            try await migrate(app)
            let sql = try app.db.sqlDatabase()
            problems = try await LoanBookCheck.verify(sql: sql, world: app.settings.world)
            try await VerifyLog(sql: sql).record(problems: problems.count, source: "restore", world: app.settings.world)
        }
        guard problems.isEmpty else { throw BackupError.damaged(problems) }
    }

    /// A SQLite copy read back: `PRAGMA integrity_check`, and `verify` when asked.
    static func check(copy file: String, verify: Bool) async throws {
        var problems: [String] = []
        try await withApplication(AppSettings(database: .sqlite(path: file), bcryptCost: 4)) { copy in
            let sql = try copy.db.sqlDatabase()
            let integrity = try await Backup.integrity(sql)
            guard integrity == ["ok"] else { throw BackupError.damaged(integrity) }
            if verify { problems = try await LoanBookCheck.verify(sql: sql, world: copy.settings.world) }
        }
        guard problems.isEmpty else { throw BackupError.damaged(problems) }
    }

    static func size(_ path: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }

    /// An application on `settings` with no server, always shut down.
    public static func withApplication(_ settings: AppSettings, _ body: (Application) async throws -> Void) async throws {
        let app = try await Application.make(Environment(name: "production", arguments: ["policy-credit"]))
        app.logger.logLevel = .warning
        do {
            try await configure(app, settings: settings)
            try await body(app)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
