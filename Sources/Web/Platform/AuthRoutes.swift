import Domain
import Store
import SQLKit
import Vapor

/// Sign-in (pages and API tokens), sign-out, and changing one's own password.
struct AuthRoutes {
    struct LoginForm: Content { var username: String?; var password: String?; var next: String? }
    struct LoginPage: Encodable { let username: String; let next: String; let preCsrf: String }
    struct TokenRequest: Content { let username: String; let password: String }
    struct TokenResponse: Content { let token: String; let expiresAt: String }
    struct OwnPasswordRequest: Content { let currentPassword: String; let newPassword: String }
    struct PasswordForm: Content { var current: String?; var password: String?; var confirm: String? }
    struct PasswordPage: Encodable { let forced: Bool }

    func register(_ app: Application) {
        app.on(.GET, ["login"], access: .open, kind: .page) { req in try await loginPage(req) }
        app.on(.POST, ["login"], access: .open, kind: .page) { req in try await login(req) }
        app.on(.POST, ["logout"], access: .signedIn, kind: .page) { req in try await logout(req) }
        app.on(.GET, ["account", "password"], access: .signedIn, kind: .page) { req in
            try await req.page("platform/password", title: "Đổi mật khẩu",
                               PasswordPage(forced: req.identity?.user.mustChangePassword ?? false))
        }
        app.on(.POST, ["account", "password"], access: .signedIn, kind: .page) { req in try await changePassword(req) }
        app.on(.POST, ["api", "v1", "auth", "token"], access: .open, kind: .api) { req in try await token(req) }
        app.on(.POST, ["api", "v1", "me", "password"], access: .signedIn, kind: .api) { req -> Response in
            let body = try req.content.decode(OwnPasswordRequest.self)
            let viewer = try req.requireViewer()
            try await UserStore(database: req.db, world: req.world).changeOwnPassword(
                id: viewer.user.id, current: body.currentPassword, newPassword: body.newPassword, keepSessionHash: nil,
                hasher: req.application.settings.hasher)
            return Response(status: .noContent)
        }
    }

    func loginPage(_ req: Request, username: String = "", error: String? = nil, status: HTTPStatus = .ok) async throws -> Response {
        if req.identity != nil, error == nil { return req.redirect(to: "/") }
        let token = CSRF.preSessionToken(req)
        let next = Self.safeNext((try? req.query.get(String.self, at: "next")) ?? (try? req.content.get(String.self, at: "next")))
        let response = try await req.page("platform/login", title: "Đăng nhập", status: status, error: error,
                                          LoginPage(username: username, next: next, preCsrf: token))
        response.cookies[CSRF.preSessionCookie] = HTTPCookies.Value(string: token, path: "/", isHTTPOnly: true, sameSite: .strict)
        return response
    }

    func login(_ req: Request) async throws -> Response {
        let form = try req.content.decode(LoginForm.self)
        let username = (form.username ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        do {
            let user = try await Self.authenticate(req, username: username, password: form.password ?? "")
            let token = req.world.randomToken()
            let csrf = req.world.randomToken()
            try await SessionStore(sql: req.sql, world: req.world).createSession(
                tokenHash: Secrets.hash(token), csrfToken: csrf, userID: user.id, address: req.remoteAddress?.ipAddress)
            let target = user.mustChangePassword ? "/account/password" : Self.safeNext(form.next)
            let response = req.redirect(to: target)
            response.cookies[Authenticator.sessionCookie] = HTTPCookies.Value(
                string: token, maxAge: Int(SessionStore.sessionLifetimeMillis / 1000), path: "/",
                isSecure: req.application.settings.secureCookies, isHTTPOnly: true, sameSite: .lax)
            response.cookies[CSRF.preSessionCookie] = .expired
            return response
        } catch let error as PlatformError {
            let status = ErrorResponder.status(of: error.kind)
            return try await loginPage(req, username: username, error: error.message, status: status)
        }
    }

    /// Checks the password, slowing repeated failures (see `LoginThrottle`). The same answer for
    /// an unknown user and a wrong password, so usernames cannot be probed.
    static func authenticate(_ req: Request, username: String, password: String) async throws -> UserRecord {
        let address = req.remoteAddress?.ipAddress ?? "unknown"
        let keys: [(String, LoginThrottle)] = [("pair:\(username)|\(address)", .pairDefault), ("address:\(address)", .addressDefault)]
        let throttle = ThrottleStore(sql: try req.sql, world: req.world)
        let wait = try await throttle.remainingWait(keys: keys)
        guard wait == 0 else { throw PlatformError.throttled(seconds: wait) }
        let users = UserStore(database: req.db, world: req.world)
        let hasher = req.application.settings.hasher
        guard let hash = try await users.passwordHash(username: username),
              let user = try await users.user(username: username),
              try await req.application.threadPool.runIfActive({ try hasher.verify(password, hash) }),
              !user.disabled else {
            try await throttle.recordFailure(keys: keys)
            throw PlatformError.wrongCredentials
        }
        try await throttle.clear(key: keys[0].0)
        return user
    }

    func logout(_ req: Request) async throws -> Response {
        if let hash = req.viewer?.sessionHash { try await SessionStore(sql: req.sql, world: req.world).end(tokenHash: hash) }
        let response = req.redirect(to: "/login")
        response.cookies[Authenticator.sessionCookie] = .expired
        return response
    }

    func token(_ req: Request) async throws -> Response {
        let body = try req.content.decode(TokenRequest.self)
        let user = try await Self.authenticate(req, username: body.username.trimmingCharacters(in: .whitespaces).lowercased(),
                                               password: body.password)
        let token = req.world.randomToken()
        let expires = try await SessionStore(sql: req.sql, world: req.world).createToken(tokenHash: Secrets.hash(token), userID: user.id)
        let expiresAt = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(expires) / 1000))
        return try await TokenResponse(token: token, expiresAt: expiresAt).encodeResponse(for: req)
    }

    func changePassword(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let form = try req.content.decode(PasswordForm.self)
        do {
            guard form.password == form.confirm else { throw PlatformError.passwordMismatch }
            try await UserStore(database: req.db, world: req.world).changeOwnPassword(
                id: viewer.user.id, current: form.current ?? "", newPassword: form.password ?? "",
                keepSessionHash: viewer.sessionHash, hasher: req.application.settings.hasher)
        } catch let error as PlatformError {
            return try await req.page("platform/password", title: "Đổi mật khẩu", status: ErrorResponder.status(of: error.kind),
                                      error: error.message, PasswordPage(forced: viewer.user.mustChangePassword))
        }
        return Flash.redirect(req, to: "/", success: "Đã đổi mật khẩu.")
    }

    /// Only local paths, so the login form cannot send anyone to another site.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\") else { return "/" }
        return next
    }
}
