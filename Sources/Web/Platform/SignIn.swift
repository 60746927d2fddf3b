import Domain
import Store
import SQLKit
import Vapor

/// Đăng nhập: the password (throttled, and as slow for an unknown user as for a known one), the
/// second factor when the account has one, the session or token, and the security log.
enum SignIn {
    struct Keys { let pair: String; let address: String }

    static func keys(_ req: Request, username: String) -> Keys {
        let address = req.remoteAddress?.ipAddress ?? "unknown"
        return Keys(pair: "pair:\(username)|\(address)", address: "address:\(address)")
    }

    /// Checks the password, counting the attempt first (`ThrottleStore.admit`). An unknown user
    /// name is checked against a hash of the same cost, so the answer takes as long as for a
    /// wrong password and names cannot be probed by timing or by message.
    static func password(_ req: Request, username: String, password: String) async throws -> UserRecord {
        let keys = keys(req, username: username)
        let wait = try await ThrottleStore(database: req.db, world: req.world)
            .admit(keys: [(keys.pair, .pairDefault), (keys.address, .addressDefault)])
        guard wait == 0 else {
            await log(req, .signInThrottled, username: username, detail: "chờ \(wait) giây")
            throw PlatformError.throttled(seconds: wait)
        }
        let users = UserStore(database: req.db, world: req.world)
        let stored = try await users.passwordHash(username: username)
        let user = stored == nil ? nil : try await users.user(username: username)
        let hash = stored ?? req.application.dummyPasswordHash
        let hasher = req.application.settings.hasher
        let matches = (try? await req.application.threadPool.runIfActive { try hasher.verify(password, hash) }) ?? false
        guard stored != nil, matches, let user, !user.disabled else {
            await log(req, .signInFailed, username: username, detail: user?.disabled == true ? "tài khoản bị khóa" : "")
            throw PlatformError.wrongCredentials
        }
        return user
    }

    /// A six-digit code of the user's authenticator (each time step once) or one of their
    /// recovery codes (each once). Nothing to check for a user without a second factor.
    static func secondFactor(_ req: Request, user: UserRecord, code: String?) async throws {
        let users = UserStore(database: req.db, world: req.world)
        let state = try await users.twoFactor(userID: user.id)
        guard state.enabled, let secret = state.secret else { return }
        let given = (code ?? "").filter { !$0.isWhitespace && $0 != "-" }.lowercased()
        guard !given.isEmpty else { throw PlatformError.otpRequired }
        let now = Int64(req.world.now().timeIntervalSince1970)
        if let counter = TOTP.match(given, secret: secret, unixSeconds: now),
           try await users.takeCounter(userID: user.id, counter: Int64(clamping: counter)) { return }
        if given.count == 10, try await users.takeRecoveryCode(userID: user.id, hash: Secrets.hash(given)) { return }
        await log(req, .secondFactorFailed, username: user.username, userID: user.id)
        throw PlatformError.wrongOTP
    }

    /// Both factors passed: the attempt counts no more against the user or the address.
    static func succeeded(_ req: Request, user: UserRecord) async throws {
        let keys = keys(req, username: user.username)
        try await ThrottleStore(database: req.db, world: req.world).succeeded(pairKey: keys.pair, addressKey: keys.address)
    }

    /// A browser session, its cookie, and the log line.
    static func startSession(_ req: Request, user: UserRecord, next: String) async throws -> Response {
        try await succeeded(req, user: user)
        let token = req.world.randomToken()
        try await SessionStore(sql: req.sql, world: req.world).createSession(
            tokenHash: Secrets.hash(token), csrfToken: req.world.randomToken(), userID: user.id,
            address: req.remoteAddress?.ipAddress)
        await log(req, .signIn, username: user.username, userID: user.id, detail: user.twoFactorEnabled ? "hai lớp" : "")
        let response = req.redirect(to: user.mustChangePassword ? "/account/password" : AuthRoutes.safeNext(next))
        SessionCookies.set(SessionCookies.session, token, maxAge: Int(SessionStore.sessionLifetimeMillis / 1000),
                           sameSite: .lax, on: response, for: req)
        SessionCookies.expire(SessionCookies.preSession, on: response)
        SessionCookies.expire(SessionCookies.challenge, on: response)
        return response
    }

    /// Writes a line of the security log; a failure to write it never fails the request.
    static func log(_ req: Request, _ kind: SecurityEventKind, username: String, userID: String? = nil,
                    detail: String = "") async {
        do {
            try await SecurityLog(sql: req.sql, world: req.world).record(
                kind, username: username, userID: userID, address: req.remoteAddress?.ipAddress,
                route: "\(req.method.rawValue) \(req.url.path)", detail: detail)
        } catch {
            req.logger.error("security log: \(String(describing: error))")
        }
    }
}

extension Application {
    private struct DummyHashKey: StorageKey { typealias Value = String }

    /// A hash of a random password at the configured cost, made once: what an unknown user
    /// name is checked against.
    var dummyPasswordHash: String {
        get { storage[DummyHashKey.self] ?? "" }
        set { storage[DummyHashKey.self] = newValue }
    }
}
