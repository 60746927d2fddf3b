import Domain
import Foundation
import Store
import SQLKit
import Vapor

/// `GET /metrics`: Prometheus's text format, to an administrator's token (or session) or to the
/// token given with `serve --metrics-token`. Open in the route table because the metrics token
/// is nobody's account; the check is here, and fails closed: 401 without a credential, 403 for
/// any other role.
struct MetricsRoutes {
    static let contentType = HTTPMediaType(
        type: "text", subType: "plain",
        parameters: ["version": "0.0.4", "charset": "utf-8"])

    func register(_ app: Application) {
        app.on(.GET, ["metrics"], access: .open, kind: .api) { req async throws -> Response in
            try Self.authorise(req)
            let metrics = req.application.metrics
            metrics.record(
                try await OperationsReadings.read(sql: req.sql), driver: try req.sql.dialect.name)
            var buffer: [UInt8] = []
            metrics.registry.emit(into: &buffer)
            let response = Response(status: .ok, body: .init(data: Data(buffer)))
            response.headers.contentType = Self.contentType
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
            return response
        }
    }

    static func authorise(_ req: Request) throws {
        let bearer = req.headers.bearerAuthorization?.token
        if let token = req.application.settings.metricsToken, !token.isEmpty, let bearer,
            Secrets.equal(bearer, token)
        {
            return
        }
        guard let identity = req.identity else { throw PlatformError.notSignedIn }
        guard identity.user.role == .admin, !identity.user.mustChangePassword else {
            throw PlatformError.forbidden
        }
    }
}
