import Domain
import Foundation
import Prometheus
import Store
import Vapor

/// Chỉ số vận hành: what this server process counts itself (requests, their latency, the imports
/// it runs), kept in one Prometheus registry. What lives in the database (month-end, the last
/// `verify`, connections) is read when `/metrics` is asked, so a run by the command line shows
/// too. Every family is made here, with one help text and one set of buckets, because the
/// registry traps on two differing definitions of a name.
public final class ServerMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()

    /// Latency buckets, seconds: a page is quick; an import or an export may take a minute.
    static let buckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
        .seconds(10),
        .seconds(30), .seconds(60),
    ]

    nonisolated(unsafe) static let requests = descriptor(
        "http_requests", "total", "Requests answered, by route pattern, method and status.")
    nonisolated(unsafe) static let latency = descriptor(
        "http_request_duration", "seconds",
        "Time from the request's head to its answer, by route pattern and method.")
    nonisolated(unsafe) static let importsRunning = descriptor(
        "imports_running", "count", "Imports this server is running now, by kind.")
    nonisolated(unsafe) static let importRows = descriptor(
        "import_rows", "total",
        "Rows of finished imports, by kind and outcome (added, updated, unchanged, rejected).")
    nonisolated(unsafe) static let importRuns = descriptor(
        "import_runs", "total", "Imports finished, by kind and result (applied, refused, failed).")
    nonisolated(unsafe) static let importStarted = descriptor(
        "import_last_started", "timestamp_seconds",
        "When the last import of each kind started (Unix time).")

    // The descriptors above are structs of `let`s that swift-prometheus does not mark Sendable;
    // nothing mutates them, hence `nonisolated(unsafe)`.
    public init() {}

    /// A family's name (`policy_credit_NAME_UNIT`) with its one help text.
    static func descriptor(_ name: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "policy_credit", metricName: name, unitName: unit, helpText: help)
    }

    /// One answered request. `route` is the registered pattern (`/loans/:id`), never the path a
    /// client sent, so the number of series stays that of the route table.
    func answered(route: String, method: String, status: UInt, seconds: Duration) {
        let labels = [("route", route), ("method", method), ("status", String(status))]
        registry.makeCounter(descriptor: Self.requests, labels: labels).increment()
        registry.makeDurationHistogram(
            descriptor: Self.latency, labels: [("route", route), ("method", method)],
            buckets: Self.buckets
        ).record(seconds)
    }

    /// Wraps an import: counts it as running while `body` runs, then its rows and its result.
    func importing<Result: Sendable>(
        _ kind: String, startedAt: Double,
        _ body: () async throws -> (Result, rows: [String: Int])
    ) async throws -> Result {
        let running = registry.makeGauge(descriptor: Self.importsRunning, labels: [("kind", kind)])
        registry.makeGauge(descriptor: Self.importStarted, labels: [("kind", kind)]).set(startedAt)
        running.increment()
        defer { running.decrement() }
        do {
            let (result, rows) = try await body()
            for (outcome, count) in rows.sorted(by: { $0.key < $1.key }) where count > 0 {
                registry.makeCounter(
                    descriptor: Self.importRows, labels: [("kind", kind), ("outcome", outcome)]
                )
                .increment(by: Int64(count))
            }
            finished(kind, "applied")
            return result
        } catch {
            finished(
                kind, error is any AbortError || error is any DomainError ? "refused" : "failed")
            throw error
        }
    }

    /// `importing` for a household or group import's outcome.
    func importing<Result: Sendable>(
        _ kind: String, _ req: Request,
        _ body: () async throws -> Result
    ) async throws -> Result
    where Result: ImportCounts {
        try await importing(
            kind, startedAt: Double(req.application.settings.world.nowMillis) / 1000
        ) {
            let result = try await body()
            return (result, rows: result.rowCounts)
        }
    }

    private func finished(_ kind: String, _ result: String) {
        registry.makeCounter(
            descriptor: Self.importRuns, labels: [("kind", kind), ("result", result)]
        ).increment()
    }
}

extension Application {
    private struct MetricsKey: StorageKey { typealias Value = ServerMetrics }

    /// The process's metrics, made on first use.
    public var metrics: ServerMetrics {
        if let metrics = storage[MetricsKey.self] { return metrics }
        let metrics = ServerMetrics()
        storage[MetricsKey.self] = metrics
        return metrics
    }
}

/// What an import's outcome tells `/metrics`, by outcome.
protocol ImportCounts { var rowCounts: [String: Int] { get } }

extension HouseholdImporter.Outcome: ImportCounts {
    var rowCounts: [String: Int] {
        ["added": added, "updated": updated, "unchanged": unchanged, "rejected": rejected.count]
    }
}

extension GroupImporter.Outcome: ImportCounts {
    var rowCounts: [String: Int] {
        ["added": membersAdded, "unchanged": unchanged, "rejected": skippedRows]
    }
}
