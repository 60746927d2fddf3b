import Testing
import Vapor

@Suite("Health check")
struct HealthTests {
    @Test("GET /healthz answers ok when the database answers", arguments: TestDriver.available)
    func healthz(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let response = try await t.client().get("/healthz")
            #expect(response.status == .ok)
            #expect(response.body.string == #"{"status":"ok"}"#)
        }
    }
}
