import Vapor

/// Serves `Public/` through Vapor's `FileMiddleware`, but never asks the file system about a path
/// it cannot hold: a segment over 255 bytes or a path over 1 KiB makes `stat` fail with
/// ENAMETOOLONG, which `FileMiddleware` answers as a 500. No shipped file has such a name, so the
/// request goes on to the router, which answers 404.
struct PublicFiles: AsyncMiddleware {
    static let maxSegmentBytes = 255
    static let maxPathBytes = 1024
    let files: FileMiddleware

    init(directory: String) {
        files = FileMiddleware(publicDirectory: directory)
    }

    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        guard Self.fits(request.url.path) else { return try await next.respond(to: request) }
        return try await files.respond(to: request, chainingTo: next)
    }

    static func fits(_ path: String) -> Bool {
        path.utf8.count <= maxPathBytes
            && path.split(separator: "/").allSatisfy { $0.utf8.count <= maxSegmentBytes }
    }
}
