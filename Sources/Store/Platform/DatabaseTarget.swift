import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit

/// Where the data lives: the embedded SQLite file (default) or PostgreSQL (`DATABASE_URL`).
public enum DatabaseTarget: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    /// `DATABASE_URL` wins over the file, as the README promises.
    public static func resolve(environmentURL: String?, file: String) -> DatabaseTarget {
        if let url = environmentURL, !url.isEmpty { return .postgres(url: url) }
        return .sqlite(path: file)
    }

    public var description: String {
        switch self {
        case .sqlite(let path): "SQLite (tệp \(path))"
        case .postgres(let url): "PostgreSQL (\(Self.redacted(url)))"
        }
    }

    public var isPostgres: Bool { if case .postgres = self { true } else { false } }

    /// Registers the database as the default one.
    public func register(in databases: Databases) throws {
        switch self {
        case .sqlite(let path):
            databases.use(.sqlite(.file(path), maxConnectionsPerEventLoop: 1, sqlLogLevel: .debug), as: .sqlite)
        case .postgres(let url):
            var config = try SQLPostgresConfiguration(url: url)
            config.searchPath = nil
            databases.use(.postgres(configuration: config, maxConnectionsPerEventLoop: 4, sqlLogLevel: .debug), as: .psql)
        }
    }

    /// SQLite: write-ahead logging lets readers go on while one writer writes (sqlite-nio already
    /// installs a busy handler that makes a second writer wait). The mode is kept in the file.
    public static func prepare(_ database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, sql.dialect.name == "sqlite" else { return }
        try await sql.raw("PRAGMA journal_mode=WAL").run()
    }

    /// SQLite, per connection (the setting is not kept in the file): `synchronous=FULL` syncs the
    /// write-ahead log at every commit, so a write the server acknowledged survives a power cut,
    /// not only a crash of the process. Each event loop holds one connection, which lives as long
    /// as the server; `database` is that loop's.
    public static func tune(_ database: (any Database)?, synchronous: SQLiteSynchronous) async throws {
        guard let sql = database as? any SQLDatabase, sql.dialect.name == "sqlite" else { return }
        try await sql.raw("PRAGMA synchronous = \(unsafeRaw: synchronous.rawValue)").run()
    }

    private static func redacted(_ url: String) -> String {
        guard var parts = URLComponents(string: url) else { return "…" }
        if parts.password != nil { parts.password = "***" }
        return parts.string ?? "…"
    }
}

/// SQLite's `synchronous`: FULL for the product, NORMAL only to measure what FULL costs.
public enum SQLiteSynchronous: String, Sendable {
    case normal = "NORMAL"
    case full = "FULL"
}

/// The store's one way from a Fluent database to its SQL: both drivers' databases are SQL
/// databases, and a checked cast keeps that an error rather than a trap if it ever were not.
public struct NotSQLDatabase: Error {}

extension FluentKit.Database {
    public func sqlDatabase() throws -> any SQLDatabase {
        guard let sql = self as? any SQLDatabase else { throw NotSQLDatabase() }
        return sql
    }
}
