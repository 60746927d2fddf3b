import SQLKit
import Vapor

/// `GET /api/v1/openapi.json`: the OpenAPI 3.1 document of the JSON API, shipped as a resource
/// and checked against the app's routes and real responses by the tests.
struct OpenAPIRoutes {
    func register(_ app: Application) {
        app.on(.GET, ["api", "v1", "openapi.json"], access: .open, kind: .api) { req -> Response in
            guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json", subdirectory: "Public") else {
                throw Abort(.internalServerError)
            }
            let data = try Data(contentsOf: url)
            let response = Response(status: .ok, body: .init(data: data))
            response.headers.contentType = .json
            return response
        }
    }
}
