import Domain
import Vapor

/// Cookie phiên: over HTTPS (the request's scheme, or `X-Forwarded-Proto: https` from the proxy
/// in front) or with `serve --secure-cookies`, the session and CSRF cookies are `Secure` and
/// carry the `__Host-` prefix, which a browser accepts only from a secure origin, for the whole
/// site and without a Domain: a sibling site cannot set or read them. The response then also
/// carries HSTS.
enum SessionCookies {
    static let session = "pc_session"
    static let preSession = "pc_csrf"
    static let challenge = "pc_2fa"

    static func isSecure(_ req: Request) -> Bool {
        req.application.settings.secureCookies || req.url.scheme == "https"
            || req.headers.first(name: "X-Forwarded-Proto")?.lowercased() == "https"
    }

    static func name(_ base: String, _ req: Request) -> String { isSecure(req) ? "__Host-" + base : base }

    /// The cookie's value under either name, the secure one first.
    static func read(_ base: String, _ req: Request) -> String? {
        let value = req.cookies["__Host-" + base]?.string ?? req.cookies[base]?.string
        return value.flatMap { $0.isEmpty ? nil : $0 }
    }

    static func set(_ base: String, _ value: String, maxAge: Int?, sameSite: HTTPCookies.SameSitePolicy,
                    on response: Response, for req: Request) {
        response.cookies[name(base, req)] = HTTPCookies.Value(string: value, maxAge: maxAge, path: "/",
                                                             isSecure: isSecure(req), isHTTPOnly: true, sameSite: sameSite)
    }

    /// Both names expire, so switching a server to HTTPS leaves nothing behind.
    static func expire(_ base: String, on response: Response) {
        response.cookies[base] = .expired
        response.cookies["__Host-" + base] = HTTPCookies.Value(string: "", expires: nil, maxAge: 0, path: "/",
                                                               isSecure: true, isHTTPOnly: true, sameSite: .lax)
    }
}
