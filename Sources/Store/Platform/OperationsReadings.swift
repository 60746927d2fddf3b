import Domain
import FluentKit
import SQLKit

/// Số liệu vận hành from the database, read when `/metrics` is asked: the month-end in progress
/// (or the last one), the last ledger check, and the connections the database holds. Read from
/// the database rather than kept in memory, because month-end and `verify` run from the command
/// line, in another process.
public struct OperationsReadings: Sendable, Equatable {
    public struct MonthEndReading: Sendable, Equatable {
        /// yyyy-mm of the run.
        public var month: String
        public var running: Bool
        /// Communes done per step (overdue transfer, figures), from the run's checkpoints.
        public var communesDone: [String: Int]
        /// Communes the running run has to do (those with loans or active groups); nil once done.
        public var communesTotal: Int?
        public var finishedAtMillis: Int64?
    }

    public struct VerifyReading: Sendable, Equatable {
        public var finishedAtMillis: Int64
        public var problems: Int
        public var source: String
    }

    public var monthEnd: MonthEndReading?
    public var verify: VerifyReading?
    /// Connections by state. PostgreSQL: `pg_stat_activity` for this database. SQLite, whose
    /// pool does not tell its leases: `open` (this process's handles on the file), `writing` (a
    /// write transaction holds one) and `waiting` (writers queued for the write lock).
    public var connections: [String: Int]

    public static func read(sql: any SQLDatabase) async throws -> OperationsReadings {
        let run = try await sql.raw(
            """
            SELECT month, business_date, status, finished_at FROM month_end_runs
            ORDER BY CASE WHEN status = 'running' THEN 0 ELSE 1 END, month DESC LIMIT 1
            """
        ).first()
        var monthEnd: MonthEndReading?
        if let run {
            let month = try run.decode(column: "month", as: String.self)
            var done: [String: Int] = [:]
            for row in try await sql.raw(
                """
                SELECT step, COUNT(*) AS n FROM month_end_batches WHERE month = \(bind: month) GROUP BY step
                """
            ).all() {
                done[try row.decode(column: "step", as: String.self)] = try row.decode(
                    column: "n", as: Int.self)
            }
            let running = try run.decode(column: "status", as: String.self) == "running"
            var total: Int?
            if running,
                let date = try? BusinessDate(
                    iso: try run.decode(column: "business_date", as: String.self))
            {
                total = try await MonthEnd.communes(on: date, sql: sql).count
            }
            monthEnd = MonthEndReading(
                month: month, running: running, communesDone: done, communesTotal: total,
                finishedAtMillis: try run.decode(column: "finished_at", as: Int64?.self))
        }
        let verify = try await VerifyLog(sql: sql).last()
        return OperationsReadings(
            monthEnd: monthEnd, verify: verify, connections: try await connections(sql))
    }

    static func connections(_ sql: any SQLDatabase) async throws -> [String: Int] {
        guard sql.dialect.name == "postgresql" else { return try await sqliteConnections(sql) }
        var result: [String: Int] = [:]
        for row in try await sql.raw(
            """
            SELECT COALESCE(state, 'unknown') AS state, COUNT(*) AS n FROM pg_stat_activity
            WHERE datname = current_database() GROUP BY COALESCE(state, 'unknown')
            """
        ).all() {
            result[try row.decode(column: "state", as: String.self)] = try row.decode(
                column: "n", as: Int.self)
        }
        return result
    }
}

/// Nhật ký kiểm tra sổ cái: each `verify` (the command, a backup's check) leaves its result, so
/// the server can report the last one.
public struct VerifyLog: Sendable {
    let sql: any SQLDatabase

    public init(sql: any SQLDatabase) { self.sql = sql }

    public func record(problems: Int, source: String, world: World) async throws {
        try await sql.insert(into: "verify_runs").columns("id", "finished_at", "problems", "source")
            .values(world.newID(), world.nowMillis, problems, source).run()
    }

    public func last() async throws -> OperationsReadings.VerifyReading? {
        guard
            let row = try await sql.raw(
                """
                SELECT finished_at, problems, source FROM verify_runs ORDER BY finished_at DESC, id DESC LIMIT 1
                """
            ).first()
        else { return nil }
        return OperationsReadings.VerifyReading(
            finishedAtMillis: try row.decode(column: "finished_at", as: Int64.self),
            problems: try row.decode(column: "problems", as: Int.self),
            source: try row.decode(column: "source", as: String.self))
    }
}
