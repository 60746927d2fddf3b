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

/// Reads the session cookie or the bearer token and finds the user; rejects nothing itself.
struct Authenticator: AsyncMiddleware {
    static let sessionCookie = "pc_session"

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let bearer = req.headers.bearerAuthorization?.token {
            if let user = try await SessionStore(sql: req.sql, world: req.world).tokenUser(tokenHash: Secrets.hash(bearer)) {
                req.identity = Identity(user: user, sessionHash: nil, csrfToken: nil)
            }
        } else if let cookie = req.cookies[Self.sessionCookie]?.string, !cookie.isEmpty {
            let hash = Secrets.hash(cookie)
            if let session = try await SessionStore(sql: req.sql, world: req.world).session(tokenHash: hash) {
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
    /// Before sign-in there is no session: the login form uses a double-submit cookie.
    static let preSessionCookie = "pc_csrf"

    static func check(_ req: Request, expected: String?) throws {
        guard let expected, let sent = try? req.content.get(String.self, at: field), Secrets.equal(sent, expected) else {
            throw PlatformError.csrfMismatch
        }
    }

    static func checkPreSession(_ req: Request) throws {
        guard let cookie = req.cookies[preSessionCookie]?.string, !cookie.isEmpty else { throw PlatformError.csrfMismatch }
        try check(req, expected: cookie)
    }

    /// The pre-session token for a login form: the cookie already set, or a new one.
    static func preSessionToken(_ req: Request) -> String {
        if let existing = req.cookies[preSessionCookie]?.string, existing.count == 64 { return existing }
        return req.world.randomToken()
    }
}

/// Headers that cost nothing and close common holes.
struct SecurityHeaders: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: req)
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        response.headers.replaceOrAdd(name: "Content-Security-Policy",
                                      value: "default-src 'self'; img-src 'self' data:; style-src 'self'; form-action 'self'; frame-ancestors 'none'")
        return response
    }
}
