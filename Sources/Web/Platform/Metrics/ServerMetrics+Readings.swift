import Foundation
import Prometheus
import Store

/// The database's readings as gauges, set just before each scrape. Their label sets are fixed
/// (no month, no time in a label), so an old run leaves no series behind.
extension ServerMetrics {
    nonisolated(unsafe) static let monthEndRunning = descriptor(
        "month_end_running", "bool",
        "1 while a month-end run holds its checkpoints open, else 0.")
    nonisolated(unsafe) static let monthEndMonth = descriptor(
        "month_end_month", "yyyymm",
        "The month of the running month-end, or of the last one (e.g. 202611).")
    nonisolated(unsafe) static let monthEndDone = descriptor(
        "month_end_communes_done", "count",
        "Communes the running (or last) month-end has finished, by step.")
    nonisolated(unsafe) static let monthEndTotal = descriptor(
        "month_end_communes", "count",
        "Communes the running month-end has to do (0 when none runs).")
    nonisolated(unsafe) static let monthEndFinished = descriptor(
        "month_end_last_finished", "timestamp_seconds",
        "When the last month-end finished (Unix time; 0 while it runs).")
    nonisolated(unsafe) static let verifyProblems = descriptor(
        "ledger_verify_problems", "count",
        "Differences the last `verify` found (0: the ledger holds; -1: never run).")
    nonisolated(unsafe) static let verifyAt = descriptor(
        "ledger_verify_last", "timestamp_seconds",
        "When the last `verify` finished (Unix time; 0: never).")
    nonisolated(unsafe) static let connections = descriptor(
        "database_connections", "count",
        "PostgreSQL: this database's connections by state (pg_stat_activity). "
            + "SQLite: the pool's maximum, handles open on the file, writers holding and "
            + "waiting for the write lock.")

    func record(_ readings: OperationsReadings, driver: String) {
        let me = readings.monthEnd
        registry.makeGauge(descriptor: Self.monthEndRunning).set(
            Double(me?.running == true ? 1 : 0))
        let month = me.map { Double($0.month.replacingOccurrences(of: "-", with: "")) ?? 0 } ?? 0
        registry.makeGauge(descriptor: Self.monthEndMonth).set(month)
        for step in ["overdue", "figures"] {
            registry.makeGauge(descriptor: Self.monthEndDone, labels: [("step", step)])
                .set(Double(me?.communesDone[step] ?? 0))
        }
        registry.makeGauge(descriptor: Self.monthEndTotal).set(Double(me?.communesTotal ?? 0))
        registry.makeGauge(descriptor: Self.monthEndFinished)
            .set(me?.finishedAtMillis.map { Double($0) / 1000 } ?? 0)
        registry.makeGauge(descriptor: Self.verifyProblems).set(
            Double(readings.verify?.problems ?? -1))
        registry.makeGauge(descriptor: Self.verifyAt)
            .set(readings.verify.map { Double($0.finishedAtMillis) / 1000 } ?? 0)
        if driver == "postgresql" {
            for state in ["active", "idle", "idle in transaction", "idle in transaction (aborted)"]
            {
                registry.makeGauge(descriptor: Self.connections, labels: [("state", state)])
                    .set(Double(readings.connections[state] ?? 0))
            }
        } else {
            // One connection per event loop (DatabaseTarget), one loop per core.
            registry.makeGauge(descriptor: Self.connections, labels: [("state", "pool_max")])
                .set(Double(ProcessInfo.processInfo.activeProcessorCount))
            for state in ["open", "writing", "waiting"] {
                registry.makeGauge(descriptor: Self.connections, labels: [("state", state)])
                    .set(Double(readings.connections[state] ?? 0))
            }
        }
    }
}
