import Testing
import Vapor
@testable import Web

/// When every pooled database connection stays busy for the pool's whole wait (sixteen commands
/// queued on one loan on a loaded machine), the answer is a 503 with Retry-After, which a client
/// may send again under the same Idempotency-Key, never a 500 that reads as a fault.
@Suite("A busy server says so")
struct ServerBusyTests {
    @Test("A pool timeout: 503 server_busy with Retry-After, as JSON under /api/ and as a page")
    func poolTimeout() async throws {
        try await withTestApp(.sqlite) { t in
            t.app.get("api", "v1", "busy-probe") { _ -> String in
                throw ConnectionPoolTimeoutError.connectionRequestTimeout
            }
            t.app.get("busy-probe") { _ -> String in
                throw ConnectionPoolTimeoutError.connectionRequestTimeout
            }
            let client = t.client()
            let api = try await client.get("/api/v1/busy-probe")
            #expect(api.status == .serviceUnavailable)
            let wait = api.headers.first(name: .retryAfter)
            #expect(wait == String(ErrorResponder.retryAfterSeconds))
            let body = try JSONValue.parse(Data(buffer: api.body))
            #expect(body["error"]?["code"]?.string == "server_busy")
            let page = try await client.get("/busy-probe")
            #expect(page.status == .serviceUnavailable)
            #expect(page.headers.first(name: .retryAfter) != nil)
            #expect(String(buffer: page.body).contains("Máy chủ đang bận"))
        }
    }
}
