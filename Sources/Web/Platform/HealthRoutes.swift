import Domain
import Store
import SQLKit
import Vapor

/// `GET /healthz` → 200 `{"status":"ok"}` when the database answers.
struct HealthRoutes {
    struct Health: Content { let status: String }

    func register(_ app: Application) {
        app.on(.GET, ["healthz"], access: .open, kind: .api) { req async throws -> Response in
            do {
                _ = try await req.sql.raw("SELECT 1 AS one").first()
            } catch {
                req.logger.error("health check: database did not answer: \(String(reflecting: error))")
                let response = Response(status: .serviceUnavailable)
                try response.content.encode(Health(status: "database_unavailable"))
                return response
            }
            let response = Response(status: .ok)
            try response.content.encode(Health(status: "ok"))
            return response
        }
    }
}
