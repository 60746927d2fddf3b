import Domain
import FluentKit
import SQLKit

/// A signed-in session (cookie) or API token, found by the hash of its secret.
public struct SessionRecord: Sendable, Equatable {
    public let tokenHash: String
    public let csrfToken: String
    public let user: UserRecord
    public let expiresAtMillis: Int64
}

/// Sessions and API tokens live in the database, so any process can answer any request and
/// signing out ends the session everywhere.
public struct SessionStore: Sendable {
    let sql: any SQLDatabase
    let world: World

    public init(sql: any SQLDatabase, world: World) {
        self.sql = sql
        self.world = world
    }

    public static let sessionLifetimeMillis: Int64 = 12 * 3600 * 1000
    public static let tokenLifetimeMillis: Int64 = 24 * 3600 * 1000

    public func createSession(tokenHash: String, csrfToken: String, userID: String, address: String?) async throws {
        let now = world.nowMillis
        try await sql.insert(into: "sessions")
            .columns("token_hash", "user_id", "csrf_token", "address", "created_at", "expires_at", "ended_at", "last_seen_at")
            .values(tokenHash, userID, csrfToken, address, now, now + Self.sessionLifetimeMillis, nil as Int64?, now)
            .run()
    }

    /// The session, if it has not ended, expired, or been idle for `idleMillis`; a session in use
    /// is marked seen (at most once a minute, so a page view is not a write).
    public func session(tokenHash: String, idleMillis: Int64) async throws -> SessionRecord? {
        let now = world.nowMillis
        let row = try await sql.raw("""
            SELECT s.token_hash AS token_hash, s.csrf_token AS csrf_token, s.expires_at AS expires_at,
                   COALESCE(s.last_seen_at, s.created_at) AS last_seen_at,
                   u.id AS id, u.username AS username, u.display_name AS display_name, u.role AS role,
                   u.scope_kind AS scope_kind, u.scope_ref AS scope_ref,
                   u.must_change_password AS must_change_password, u.disabled AS disabled,
                   u.organisation AS organisation, u.group_id AS group_id, u.totp_enabled_at AS totp_enabled_at
            FROM sessions s JOIN users u ON u.id = s.user_id
            WHERE s.token_hash = \(bind: tokenHash) AND s.ended_at IS NULL AND s.expires_at > \(bind: world.nowMillis)
            """).first()
        guard let row else { return nil }
        let user = try UserStore.record(row)
        guard !user.disabled else { return nil }
        let seen = try row.decode(column: "last_seen_at", as: Int64.self)
        guard now - seen < idleMillis else {
            try await end(tokenHash: tokenHash)
            return nil
        }
        if now - seen > 60_000 {
            try await sql.update("sessions").set("last_seen_at", to: now).where("token_hash", .equal, tokenHash).run()
        }
        return SessionRecord(tokenHash: tokenHash, csrfToken: try row.decode(column: "csrf_token", as: String.self),
                             user: user, expiresAtMillis: try row.decode(column: "expires_at", as: Int64.self))
    }

    public func end(tokenHash: String) async throws {
        try await sql.update("sessions").set("ended_at", to: world.nowMillis).where("token_hash", .equal, tokenHash)
            .where("ended_at", .is, SQLLiteral.null).run()
    }

    /// Ends every session and revokes every token of a user (disabled, password reset).
    public func endAll(userID: String, except keep: String? = nil) async throws {
        var update = sql.update("sessions").set("ended_at", to: world.nowMillis).where("user_id", .equal, userID)
            .where("ended_at", .is, SQLLiteral.null)
        if let keep { update = update.where("token_hash", .notEqual, keep) }
        try await update.run()
        try await sql.update("api_tokens").set("revoked_at", to: world.nowMillis).where("user_id", .equal, userID)
            .where("revoked_at", .is, SQLLiteral.null).run()
    }

    public func createToken(tokenHash: String, userID: String) async throws -> Int64 {
        let now = world.nowMillis
        let expires = now + Self.tokenLifetimeMillis
        try await sql.insert(into: "api_tokens").columns("token_hash", "user_id", "created_at", "expires_at", "revoked_at")
            .values(tokenHash, userID, now, expires, nil as Int64?).run()
        return expires
    }

    public func tokenUser(tokenHash: String) async throws -> UserRecord? {
        let row = try await sql.raw("""
            SELECT u.id AS id, u.username AS username, u.display_name AS display_name, u.role AS role,
                   u.scope_kind AS scope_kind, u.scope_ref AS scope_ref,
                   u.must_change_password AS must_change_password, u.disabled AS disabled,
                   u.organisation AS organisation, u.group_id AS group_id, u.totp_enabled_at AS totp_enabled_at
            FROM api_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.token_hash = \(bind: tokenHash) AND t.revoked_at IS NULL AND t.expires_at > \(bind: world.nowMillis)
            """).first()
        guard let row else { return nil }
        let user = try UserStore.record(row)
        return user.disabled ? nil : user
    }
}

/// Counts sign-in attempts per key (see `LoginThrottle`). An attempt is counted before its
/// password is checked, in one write transaction that reads the counts under a lock: a hundred
/// guesses sent at once are admitted one after another, so no more of them are checked than the
/// throttle allows one at a time.
public struct ThrottleStore: Sendable {
    let database: any Database
    let world: World

    public init(database: any Database, world: World) {
        self.database = database
        self.world = world
    }

    /// Seconds the caller must still wait (nothing counted), or 0 with the attempt counted.
    public func admit(keys: [(String, LoginThrottle)]) async throws -> Int {
        let now = world.nowMillis
        return try await WriteTransaction.run(database) { sql in
            for (key, _) in keys {
                try await sql.raw("""
                    INSERT INTO login_failures (key, failures, last_failure_at) VALUES (\(bind: key), 0, 0)
                    ON CONFLICT (key) DO NOTHING
                    """).run()
            }
            try await sql.lock([RowLock("login_failures", column: "key", keys: keys.map(\.0))])
            var wait = 0
            for (key, policy) in keys {
                guard let row = try await sql.select().columns("failures", "last_failure_at").from("login_failures")
                    .where("key", .equal, key).first() else { continue }
                let failures = try row.decode(column: "failures", as: Int.self)
                let elapsed = Int(clamping: (now - (try row.decode(column: "last_failure_at", as: Int64.self))) / 1000)
                wait = max(wait, policy.remainingWait(failures: failures, secondsSinceLastFailure: elapsed))
            }
            guard wait == 0 else { return wait }
            for (key, policy) in keys {
                // A count older than the window starts again at one.
                try await sql.raw("""
                    UPDATE login_failures SET failures = CASE WHEN \(bind: now) - last_failure_at >= \(bind: Int64(policy.windowSeconds) * 1000)
                    THEN 1 ELSE failures + 1 END, last_failure_at = \(bind: now) WHERE key = \(bind: key)
                    """).run()
            }
            return 0
        }
    }

    /// After a good password: the pair's count starts again, and the address gets back the
    /// attempt it was charged (people sharing one address are not slowed by each other's sign-ins).
    public func succeeded(pairKey: String, addressKey: String) async throws {
        let sql = try database.sqlDatabase()
        try await sql.delete(from: "login_failures").where("key", .equal, pairKey).run()
        try await sql.raw("UPDATE login_failures SET failures = failures - 1 WHERE key = \(bind: addressKey) AND failures > 0").run()
    }
}
