import Domain
import Store
import SQLKit
import Vapor

/// Who the request comes from, before any route rule is applied.
struct Identity: Sendable {
    let user: UserRecord
    let sessionHash: String?
    let csrfToken: String?
}

/// Reads the session cookie or the bearer token and finds the user; rejects nothing itself. A
/// session idle for longer than the dated setting `session_idle_minutes` has ended.
struct Authenticator: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let bearer = req.headers.bearerAuthorization?.token {
            if bearer.utf8.count <= TextLimit.code,
               let user = try await SessionStore(sql: req.sql, world: req.world).tokenUser(tokenHash: Secrets.hash(bearer)) {
                req.identity = Identity(user: user, sessionHash: nil, csrfToken: nil)
            }
        } else if let cookie = SessionCookies.read(SessionCookies.session, req), cookie.utf8.count <= TextLimit.code {
            let hash = Secrets.hash(cookie)
            let idle = try await req.application.securitySettings.values(req).idleMillis
            if let session = try await SessionStore(sql: req.sql, world: req.world).session(tokenHash: hash, idleMillis: idle) {
                req.identity = Identity(user: session.user, sessionHash: hash, csrfToken: session.csrfToken)
            }
        }
        return try await next.respond(to: req)
    }
}

enum Secrets {
    /// Only hashes of session and API tokens are stored.
    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Constant-time comparison, so a token cannot be guessed one character at a time.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}

/// Cross-site request forgery: every form carries a token that a foreign site cannot read.
enum CSRF {
    static let field = "_csrf"

    static func check(_ req: Request, expected: String?) throws {
        guard let expected, let sent = try? req.content.get(String.self, at: field), Secrets.equal(sent, expected) else {
            throw PlatformError.csrfMismatch
        }
    }

    static func checkPreSession(_ req: Request) throws {
        guard let cookie = SessionCookies.read(SessionCookies.preSession, req) else { throw PlatformError.csrfMismatch }
        try check(req, expected: cookie)
    }

    /// The pre-session token for a login form: the cookie already set, or a new one.
    static func preSessionToken(_ req: Request) -> String {
        if let existing = SessionCookies.read(SessionCookies.preSession, req), existing.count == 64 { return existing }
        return req.world.randomToken()
    }
}

/// Headers that cost nothing and close common holes, on every answer, error pages included (this
/// middleware sits outside `ErrorResponder`): no sniffing, no framing, no caching of what names
/// people (the API, pages of a signed-in user), HSTS over HTTPS; and the log of every export.
struct SecurityHeaders: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: req)
        if let rows = response.headers.first(name: Exporter.exportRowsHeader) {
            response.headers.remove(name: Exporter.exportRowsHeader)
            if let viewer = req.viewer {
                await SignIn.log(req, .export, username: viewer.user.username, userID: viewer.user.id,
                                 detail: "\(rows) hàng; phạm vi \(viewer.user.scope.kind):\(viewer.user.scope.reference ?? "")"
                                     + (req.url.query.map { "; \($0)" } ?? ""))
            }
        }
        if req.url.path.hasPrefix("/api/") || req.identity != nil {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        if SessionCookies.isSecure(req) {
            response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains")
        }
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        response.headers.replaceOrAdd(name: "Content-Security-Policy",
                                      value: "default-src 'self'; img-src 'self' data:; style-src 'self'; form-action 'self'; frame-ancestors 'none'")
        return response
    }
}
