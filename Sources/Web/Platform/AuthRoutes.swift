import Domain
import Store
import SQLKit
import Vapor

/// Sign-in (pages and API tokens), sign-out, and changing one's own password. The steps
/// themselves are `SignIn`'s; the second factor's pages are `TwoFactorRoutes`.
struct AuthRoutes {
    struct LoginForm: Content { var username: String?; var password: String?; var next: String? }
    struct LoginPage: Encodable { let username: String; let next: String; let preCsrf: String }
    struct TokenRequest: Content { let username: String; let password: String; let otp: String? }
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
        SessionCookies.set(SessionCookies.preSession, token, maxAge: nil, sameSite: .strict, on: response, for: req)
        return response
    }

    func login(_ req: Request) async throws -> Response {
        let form = try req.content.decode(LoginForm.self)
        let username = (form.username ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        do {
            let user = try await SignIn.password(req, username: username, password: form.password ?? "")
            guard user.twoFactorEnabled else { return try await SignIn.startSession(req, user: user, next: form.next ?? "/") }
            return try await TwoFactorRoutes.challenge(req, user: user, next: Self.safeNext(form.next))
        } catch let error as PlatformError {
            return try await loginPage(req, username: username, error: error.message, status: ErrorResponder.status(of: error.kind))
        }
    }

    func logout(_ req: Request) async throws -> Response {
        if let viewer = req.viewer {
            if let hash = viewer.sessionHash { try await SessionStore(sql: req.sql, world: req.world).end(tokenHash: hash) }
            await SignIn.log(req, .signOut, username: viewer.user.username, userID: viewer.user.id)
        }
        let response = req.redirect(to: "/login")
        SessionCookies.expire(SessionCookies.session, on: response)
        return response
    }

    /// `POST /api/v1/auth/token`: with `otp` when the account signs in with a second factor.
    func token(_ req: Request) async throws -> Response {
        let body = try req.content.decode(TokenRequest.self)
        let username = body.username.trimmingCharacters(in: .whitespaces).lowercased()
        let user = try await SignIn.password(req, username: username, password: body.password)
        try await SignIn.secondFactor(req, user: user, code: body.otp)
        if !user.twoFactorEnabled, try await req.application.securitySettings.values(req).twoFactor.requires(user.role) {
            await SignIn.log(req, .refused, username: user.username, userID: user.id, detail: "chưa bật xác thực hai lớp")
            throw PlatformError.twoFactorEnrolmentRequired
        }
        try await SignIn.succeeded(req, user: user)
        let token = req.world.randomToken()
        let expires = try await SessionStore(sql: req.sql, world: req.world).createToken(tokenHash: Secrets.hash(token), userID: user.id)
        await SignIn.log(req, .tokenIssued, username: user.username, userID: user.id)
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

    /// Only a path of this site: one slash then not a second one or a backslash, and nothing a
    /// browser would drop or turn into one (control characters, spaces), so `next=` cannot send
    /// anyone to another site after sign-in.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), next.count <= TextLimit.line else { return "/" }
        let second = next.dropFirst().first
        guard second != "/", second != "\\", !next.contains("\\"),
              !next.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || $0.properties.isWhitespace })
        else { return "/" }
        return next
    }
}
