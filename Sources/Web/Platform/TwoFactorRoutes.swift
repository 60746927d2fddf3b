import Domain
import Store
import SQLKit
import Vapor

/// Xác thực hai lớp: the second step of a sign-in, and the account page where a user turns a
/// TOTP authenticator on (a QR code drawn by the server, a first code to confirm, ten recovery
/// codes shown once) or off again.
struct TwoFactorRoutes {
    struct CodeForm: Content { var code: String?; var password: String? }
    struct StepPage: Encodable { let preCsrf: String }
    struct AccountPage: Encodable {
        let enabled: Bool; let forced: Bool; let qr: String; let secret: String; let codesLeft: Int; let recoveryCodes: [String]
    }

    static let paths = ["/account/two-factor", "/account/two-factor/enable", "/account/two-factor/disable"]

    func register(_ app: Application) {
        app.on(.GET, ["login", "second-factor"], access: .open, kind: .page) { req in try await Self.stepPage(req) }
        app.on(.POST, ["login", "second-factor"], access: .open, kind: .page) { req in try await Self.step(req) }
        app.on(.GET, ["account", "two-factor"], access: .signedIn, kind: .page) { req in try await Self.account(req) }
        app.on(.POST, ["account", "two-factor", "enable"], access: .signedIn, kind: .page) { req in try await Self.enable(req) }
        app.on(.POST, ["account", "two-factor", "disable"], access: .signedIn, kind: .page) { req in try await Self.disable(req) }
    }

    /// The password was right: a challenge for the second step, in a cookie, for five minutes.
    static func challenge(_ req: Request, user: UserRecord, next: String) async throws -> Response {
        let token = req.world.randomToken()
        try await LoginChallenges(sql: req.sql, world: req.world).create(tokenHash: Secrets.hash(token), userID: user.id, next: next)
        let response = req.redirect(to: "/login/second-factor")
        SessionCookies.set(SessionCookies.challenge, token, maxAge: Int(LoginChallenges.lifetimeMillis / 1000),
                           sameSite: .strict, on: response, for: req)
        return response
    }

    static func stepPage(_ req: Request, error: String? = nil, status: HTTPStatus = .ok) async throws -> Response {
        guard SessionCookies.read(SessionCookies.challenge, req) != nil else { return req.redirect(to: "/login") }
        let token = CSRF.preSessionToken(req)
        let response = try await req.page("platform/second-factor", title: "Xác thực hai lớp", status: status, error: error,
                                          StepPage(preCsrf: token))
        SessionCookies.set(SessionCookies.preSession, token, maxAge: nil, sameSite: .strict, on: response, for: req)
        return response
    }

    static func step(_ req: Request) async throws -> Response {
        guard let token = SessionCookies.read(SessionCookies.challenge, req),
              let pending = try await LoginChallenges(sql: req.sql, world: req.world).attempt(tokenHash: Secrets.hash(token)),
              let user = try await UserStore(database: req.db, world: req.world).user(id: pending.userID), !user.disabled else {
            let response = req.redirect(to: "/login")
            SessionCookies.expire(SessionCookies.challenge, on: response)
            return response
        }
        do {
            try await SignIn.secondFactor(req, user: user, code: try req.content.decode(CodeForm.self).code)
        } catch let error as PlatformError {
            return try await stepPage(req, error: error.message, status: ErrorResponder.status(of: error.kind))
        }
        try await LoginChallenges(sql: req.sql, world: req.world).end(tokenHash: Secrets.hash(token))
        return try await SignIn.startSession(req, user: user, next: pending.next)
    }

    static func account(_ req: Request, codes: [String] = [], error: String? = nil,
                        status: HTTPStatus = .ok) async throws -> Response {
        let viewer = try req.requireViewer()
        let users = UserStore(database: req.db, world: req.world)
        var state = try await users.twoFactor(userID: viewer.user.id)
        if !state.enabled, state.secret == nil {
            try await users.beginTwoFactor(userID: viewer.user.id, secret: Self.newSecret(req))
            state = try await users.twoFactor(userID: viewer.user.id)
        }
        var qr = "", secret = ""
        if !state.enabled, let pending = state.secret {
            let uri = TOTP.provisioningURI(secret: pending, account: viewer.user.username, issuer: "NHCSXH Tin dung chinh sach")
            qr = (try? QRCode.encode(uri, correction: .medium))?.svg(label: "Mã QR để thêm tài khoản vào ứng dụng xác thực") ?? ""
            secret = Self.grouped(Base32.encode(pending))
        }
        let forced = try await req.application.securitySettings.values(req).twoFactor.requires(viewer.role) && !state.enabled
        return try await req.page("platform/two-factor", title: "Xác thực hai lớp", status: status, error: error,
                                  AccountPage(enabled: state.enabled, forced: forced, qr: qr, secret: secret,
                                              codesLeft: state.recoveryCodesLeft, recoveryCodes: codes))
    }

    static func enable(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let users = UserStore(database: req.db, world: req.world)
        let state = try await users.twoFactor(userID: viewer.user.id)
        let code = (try req.content.decode(CodeForm.self).code ?? "").filter { !$0.isWhitespace }
        guard !state.enabled, let secret = state.secret,
              let counter = TOTP.match(code, secret: secret, unixSeconds: Int64(req.world.now().timeIntervalSince1970)) else {
            return try await account(req, error: PlatformError.wrongOTP.message, status: .unprocessableEntity)
        }
        let codes = (0..<10).map { _ in Self.recoveryCode(req) }
        try await users.confirmTwoFactor(userID: viewer.user.id, counter: Int64(clamping: counter),
                                         recoveryHashes: codes.map { Secrets.hash($0.replacingOccurrences(of: "-", with: "")) },
                                         actor: viewer.actor)
        await SignIn.log(req, .twoFactorEnabled, username: viewer.user.username, userID: viewer.user.id)
        return try await account(req, codes: codes)
    }

    /// Off again, with the password and a current code (or a recovery code).
    static func disable(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let form = try req.content.decode(CodeForm.self)
        guard !(form.password ?? "").isEmpty, !(form.code ?? "").isEmpty else {
            return try await account(req, error: "Nhập mật khẩu và mã xác thực (hoặc một mã dự phòng) để tắt.", status: .badRequest)
        }
        do {
            let user = try await SignIn.password(req, username: viewer.user.username, password: form.password ?? "")
            try await SignIn.secondFactor(req, user: user, code: form.code)
            try await SignIn.succeeded(req, user: user)
        } catch let error as PlatformError {
            return try await account(req, error: error.message, status: ErrorResponder.status(of: error.kind))
        }
        try await UserStore(database: req.db, world: req.world).disableTwoFactor(userID: viewer.user.id, actor: viewer.actor)
        await SignIn.log(req, .twoFactorDisabled, username: viewer.user.username, userID: viewer.user.id)
        return Flash.redirect(req, to: "/account/two-factor", success: "Đã tắt xác thực hai lớp.")
    }

    /// 160 bits (RFC 4226's recommended length), drawn from the world's random tokens.
    static func newSecret(_ req: Request) -> [UInt8] {
        Array(SHA256.hash(data: Data(req.world.randomToken().utf8)).prefix(20))
    }

    /// "ab12c-9f03e": ten hex digits, shown once; only their hash is kept.
    static func recoveryCode(_ req: Request) -> String {
        let hex = Secrets.hash(req.world.randomToken())
        return String(hex.prefix(5)) + "-" + String(hex.dropFirst(5).prefix(5))
    }

    static func grouped(_ text: String) -> String {
        stride(from: 0, to: text.count, by: 4).map { start in
            let from = text.index(text.startIndex, offsetBy: start)
            return String(text[from..<(text.index(from, offsetBy: 4, limitedBy: text.endIndex) ?? text.endIndex)])
        }.joined(separator: " ")
    }
}
