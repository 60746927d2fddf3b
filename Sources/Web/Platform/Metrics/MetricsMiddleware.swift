import Vapor

/// Counts every answer by route pattern and status, and times it. Outermost, so the status is
/// the one the client got, after `ErrorResponder` has turned an error into a page or JSON.
struct MetricsMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        let metrics = req.application.metrics
        do {
            let response = try await next.respond(to: req)
            metrics.answered(
                route: Self.pattern(req), method: Self.method(req),
                status: response.status.code, seconds: ContinuousClock.now - start)
            return response
        } catch {
            // Nothing inside should throw past ErrorResponder; count it as Vapor will answer it.
            let status = (error as? any AbortError)?.status.code ?? 500
            metrics.answered(
                route: Self.pattern(req), method: Self.method(req), status: status,
                seconds: ContinuousClock.now - start)
            throw error
        }
    }

    static let methods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    /// The method, or OTHER for one a client made up.
    static func method(_ req: Request) -> String {
        methods.contains(req.method.rawValue) ? req.method.rawValue : "OTHER"
    }

    /// `/loans/:id` for a matched route; one label for all that matched none (a client's paths
    /// must not each become a series).
    static func pattern(_ req: Request) -> String {
        guard let route = req.route else { return "unmatched" }
        return "/" + route.path.map(\.description).joined(separator: "/")
    }
}
