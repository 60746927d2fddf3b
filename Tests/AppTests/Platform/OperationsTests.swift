import Domain
import Foundation
import Logging
import SQLKit
import Store
import Testing
import Vapor
import VaporTesting
@testable import Web

/// Issue #13 §6: `/metrics` for an administrator or the metrics token, and JSON log lines.
@Suite("Operations: /metrics and the JSON log")
struct OperationsTests {
    static func value(_ text: String, _ series: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(series + " ") }
            .flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    /// The test client sends its token to /api/ only; /metrics is read with it explicitly.
    static func scrape(_ client: TestClient) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let bearer = client.bearer {
            headers.bearerAuthorization = BearerAuthorization(token: bearer)
        }
        return try await client.send(.GET, "/metrics", headers: headers)
    }

    @Test(
        "Only an administrator or the metrics token reads /metrics; others get 401 or 403 as JSON",
        arguments: TestDriver.available)
    func access(_ driver: TestDriver) async throws {
        try await withTestApp(driver, metricsToken: "prometheus-secret-1") { t in
            let stranger = try await t.client().get("/metrics")
            #expect(
                stranger.status == .unauthorized && stranger.errorCode == "not_signed_in",
                "\(stranger.body.string)")
            let commune = t.client()
            try await commune.useToken("commune")
            let refused = try await Self.scrape(commune)
            #expect(refused.status == .forbidden && refused.headers.contentType?.subType == "json")
            var wrong = HTTPHeaders()
            wrong.bearerAuthorization = BearerAuthorization(token: "prometheus-secret-2")
            #expect(
                try await t.client().send(.GET, "/metrics", headers: wrong).status == .unauthorized)
            var right = HTTPHeaders()
            right.bearerAuthorization = BearerAuthorization(token: "prometheus-secret-1")
            let scraped = try await t.client().send(.GET, "/metrics", headers: right)
            #expect(scraped.status == .ok && scraped.headers.contentType?.subType == "plain")
            let admin = t.client()
            try await admin.useToken("admin")
            #expect(try await Self.scrape(admin).status == .ok)
        }
    }

    @Test(
        "Requests by route pattern and status, the last verify and month-end are reported",
        arguments: TestDriver.available)
    func readings(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let admin = t.client()
            try await admin.useToken("admin")
            let loan = try await HostileInputTests.loanID(t)
            for _ in 0..<3 { _ = try await admin.get("/api/v1/loans/\(loan)") }
            _ = try await admin.get("/api/v1/loans/no-such-loan")
            _ = try await admin.get("/no/such/page/\(UUID().uuidString)")
            let before = try await Self.scrape(admin).body.string
            let ok =
                #"policy_credit_http_requests_total{route="/api/v1/loans/:id",method="GET",status="200"}"#
            #expect(Self.value(before, ok) == 3, "\(before.prefix(3_000))")
            let missing =
                #"policy_credit_http_requests_total{route="/api/v1/loans/:id",method="GET",status="404"}"#
            #expect(Self.value(before, missing) == 1)
            #expect(!before.contains(loan) && before.contains(#"route="unmatched""#))
            #expect(
                before.contains(
                    #"policy_credit_http_request_duration_seconds_bucket{route="/api/v1/loans/:id""#
                ))
            #expect(Self.value(before, "policy_credit_ledger_verify_problems_count") == -1)
            #expect(Self.value(before, "policy_credit_month_end_running_bool") == 0)
            let problems = try await LoanBookCheck.verify(sql: t.sql, world: t.world)
            try await VerifyLog(sql: t.sql).record(
                problems: problems.count, source: "test", world: t.world)
            try await t.sql.insert(into: "month_end_runs").columns(
                "month", "business_date", "status", "started_at", "summary"
            )
            .values("2026-10", "2026-10-31", "running", t.world.nowMillis, "").run()
            let after = try await Self.scrape(admin).body.string
            #expect(
                Self.value(after, "policy_credit_ledger_verify_problems_count")
                    == Double(problems.count))
            #expect(
                Self.value(after, "policy_credit_ledger_verify_last_timestamp_seconds")
                    == Double(t.world.nowMillis / 1000))
            #expect(Self.value(after, "policy_credit_month_end_running_bool") == 1)
            #expect(Self.value(after, "policy_credit_month_end_month_yyyymm") == 202_610)
            #expect((Self.value(after, "policy_credit_month_end_communes_count") ?? 0) > 0)
            #expect(after.contains("policy_credit_database_connections_count{state="))
        }
    }

    /// Read inside the writer's own transaction: another connection of the pool might be the
    /// one the writer holds, and a scrape that signs in might wait for the write lock.
    @Test("SQLite: the handles open on the file, a writer holding the lock and one waiting")
    func sqliteConnections() async throws {
        try await withTestApp(.sqlite) { t in
            let (entered, enteredSignal) = AsyncStream.makeStream(of: Void.self)
            let db = t.db
            let writer = Task {
                try await WriteTransaction.run(db) { sql in
                    enteredSignal.yield()
                    var readings = try await OperationsReadings.read(sql: sql).connections
                    for _ in 0..<100 where (readings["waiting"] ?? 0) < 1 {
                        try await Task.sleep(for: .milliseconds(20))
                        readings = try await OperationsReadings.read(sql: sql).connections
                    }
                    return readings
                }
            }
            for await _ in entered { break }
            let second = Task { try await WriteTransaction.run(db) { _ in } }
            let readings = try await writer.value
            try await second.value
            #expect(readings["writing"] == 1, "\(readings)")
            #expect((readings["waiting"] ?? 0) >= 1, "\(readings)")
            #expect((readings["open"] ?? 0) >= 1, "\(readings)")
            let text = try await Self.scrape(try await signedIn(t)).body.string
            #expect(text.contains(#"policy_credit_database_connections_count{state="open"}"#))
        }
    }

    private func signedIn(_ t: TestApp) async throws -> TestClient {
        let admin = t.client()
        try await admin.useToken("admin")
        return admin
    }

    @Test("An import shows in the import counters; a refused one too")
    func imports() async throws {
        try await withTestApp(.sqlite) { t in
            let commune = t.client()
            try await commune.useToken("commune")
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "text/csv")
            let good = try await commune.send(
                .POST, "/api/v1/households/import", headers: headers,
                body: ByteBuffer(string: RegistryTests.good))
            #expect(good.status == .ok, "\(good.body.string)")
            let bad = RegistryTests.good.replacingOccurrences(of: "05/06/1972", with: "31/02/1972")
            _ = try await commune.send(
                .POST, "/api/v1/households/import", headers: headers, body: ByteBuffer(string: bad))
            let admin = t.client()
            try await admin.useToken("admin")
            let text = try await Self.scrape(admin).body.string
            #expect(
                Self.value(
                    text, #"policy_credit_import_rows_total{kind="households",outcome="added"}"#)
                    == 2)
            #expect(
                Self.value(
                    text, #"policy_credit_import_runs_total{kind="households",result="applied"}"#)
                    == 1)
            #expect(
                Self.value(
                    text, #"policy_credit_import_runs_total{kind="households",result="refused"}"#)
                    == 1)
            #expect(
                Self.value(text, #"policy_credit_imports_running_count{kind="households"}"#) == 0)
        }
    }

    @Test("--log-format json: one object per line with level, label, message and metadata")
    func jsonLog() throws {
        final class Lines: @unchecked Sendable { var data = Data() }
        let lines = Lines()
        var logger = Logger(label: "test.json") {
            JSONLogHandler(label: $0, level: .info, sink: JSONLogSink { lines.data.append($0) })
        }
        logger[metadataKey: "request"] = "abc"
        logger.info("Đã mở cổng \"8080\"\nxong", metadata: ["port": "8080"])
        logger.debug("below the level")
        let text = try #require(String(data: lines.data, encoding: .utf8))
        let rows = text.split(separator: "\n")
        #expect(rows.count == 1)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(rows[0].utf8)) as? [String: Any])
        #expect(object["level"] as? String == "info" && object["label"] as? String == "test.json")
        #expect(object["message"] as? String == "Đã mở cổng \"8080\"\nxong")
        #expect((object["metadata"] as? [String: String]) == ["request": "abc", "port": "8080"])
        #expect((object["time"] as? String)?.hasSuffix("Z") == true)
    }
}
