import FluentKit
import SQLKit

/// Các lệnh ghi đồng thời: how a command that writes keeps another from deciding on what it is
/// about to change. Each such command runs in one `WriteTransaction`, locks the rows it will
/// change (`RowLock`) before it reads them, and decides on what it reads under the lock.
public enum WriteTransaction {
    /// One transaction that writes. On SQLite it takes the write lock at `BEGIN` (`BEGIN
    /// IMMEDIATE`): a second writer waits there, before it has read anything, so no two commands
    /// decide on the same standing. On PostgreSQL a plain transaction; the command's `RowLock`s
    /// do the same for the rows it names. Inside an outer transaction, it joins that one.
    public static func run<Result: Sendable>(
        _ database: any Database, _ body: @escaping @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        let sql = try database.sqlDatabase()
        if database.inTransaction { return try await body(sql) }
        guard sql.dialect.name == "sqlite" else {
            return try await database.transaction { db in try await body(try db.sqlDatabase()) }
        }
        // Writers of this process queue here, awaiting without a thread: SQLite's busy handler
        // would otherwise spin on a thread of the shared blocking pool while the holder of the
        // lock waits for one to run its next statement. Other processes still meet at BEGIN.
        await sqliteWriters.lock()
        do {
            let result = try await immediate(database, body)
            await sqliteWriters.unlock()
            return result
        } catch {
            await sqliteWriters.unlock()
            throw error
        }
    }

    static let sqliteWriters = AsyncMutex()

    static func immediate<Result: Sendable>(
        _ database: any Database, _ body: @escaping @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        try await database.withConnection { connection in
            let sql = try connection.sqlDatabase()
            try await sql.raw("BEGIN IMMEDIATE").run()
            do {
                let result = try await body(sql)
                try await sql.raw("COMMIT").run()
                return result
            } catch {
                try? await sql.raw("ROLLBACK").run()
                throw error
            }
        }
    }
}

/// A lock that a task awaits without holding a thread, granted in the order asked.
public actor AsyncMutex {
    private var held = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init() {}

    public func lock() async {
        guard held else {
            held = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Whether the lock is held and how many wait for it, for `/metrics`.
    public func state() -> (held: Bool, waiting: Int) { (held, waiting.count) }

    public func unlock() {
        if waiting.isEmpty { held = false } else { waiting.removeFirst().resume() }
    }
}

/// Rows a command will change, locked before it reads them: `SELECT … FOR UPDATE` on
/// PostgreSQL, in key order so two commands that lock the same rows cannot deadlock; nothing on
/// SQLite, where the write transaction already holds the whole database.
public struct RowLock: Sendable, Equatable {
    public let table: String
    public let column: String
    public let keys: [String]

    public init(_ table: String, column: String = "id", keys: [String]) {
        self.table = table
        self.column = column
        self.keys = Array(Set(keys)).sorted()
    }

    public static func loan(_ id: String) -> RowLock { RowLock("loans", keys: [id]) }
    public static func loans(_ ids: [String]) -> RowLock { RowLock("loans", keys: ids) }
    public static func application(_ id: String) -> RowLock { RowLock("loan_applications", keys: [id]) }
    public static func applications(_ ids: [String]) -> RowLock { RowLock("loan_applications", keys: ids) }
    public static func group(_ id: String) -> RowLock { RowLock("savings_groups", keys: [id]) }

    func take(on sql: any SQLDatabase) async throws {
        guard sql.dialect.name == "postgresql", !keys.isEmpty else { return }
        // Batches keep each statement under the drivers' limit on bound parameters.
        var start = 0
        while start < keys.count {
            let slice = Array(keys[start..<min(start + 1_000, keys.count)])
            try await sql.raw("""
                SELECT \(ident: column) FROM \(ident: table) WHERE \(ident: column) IN (\(binds: slice))
                ORDER BY \(ident: column) FOR UPDATE
                """).run()
            start += slice.count
        }
    }
}

extension SQLDatabase {
    /// Takes `locks` in order (list them in the same order everywhere: applications, then
    /// groups, then loans).
    public func lock(_ locks: [RowLock]) async throws {
        for lock in locks { try await lock.take(on: self) }
    }
}
