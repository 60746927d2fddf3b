import Domain
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
            .columns("token_hash", "user_id", "csrf_token", "address", "created_at", "expires_at", "ended_at")
            .values(tokenHash, userID, csrfToken, address, now, now + Self.sessionLifetimeMillis, nil as Int64?)
            .run()
    }

    public func session(tokenHash: String) async throws -> SessionRecord? {
        let row = try await sql.raw("""
            SELECT s.token_hash AS token_hash, s.csrf_token AS csrf_token, s.expires_at AS expires_at,
                   u.id AS id, u.username AS username, u.display_name AS display_name, u.role AS role,
                   u.scope_kind AS scope_kind, u.scope_ref AS scope_ref,
                   u.must_change_password AS must_change_password, u.disabled AS disabled,
                   u.organisation AS organisation, u.group_id AS group_id
            FROM sessions s JOIN users u ON u.id = s.user_id
            WHERE s.token_hash = \(bind: tokenHash) AND s.ended_at IS NULL AND s.expires_at > \(bind: world.nowMillis)
            """).first()
        guard let row else { return nil }
        let user = try UserStore.record(row)
        guard !user.disabled else { return nil }
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
                   u.organisation AS organisation, u.group_id AS group_id
            FROM api_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.token_hash = \(bind: tokenHash) AND t.revoked_at IS NULL AND t.expires_at > \(bind: world.nowMillis)
            """).first()
        guard let row else { return nil }
        let user = try UserStore.record(row)
        return user.disabled ? nil : user
    }
}

/// Counts failed sign-ins per key (see `LoginThrottle`).
public struct ThrottleStore: Sendable {
    let sql: any SQLDatabase
    let world: World

    public init(sql: any SQLDatabase, world: World) {
        self.sql = sql
        self.world = world
    }

    /// Seconds the caller must still wait, the longest over the keys.
    public func remainingWait(keys: [(String, LoginThrottle)]) async throws -> Int {
        var wait = 0
        for (key, policy) in keys {
            guard let row = try await sql.select().columns("failures", "last_failure_at").from("login_failures")
                .where("key", .equal, key).first() else { continue }
            let failures = try row.decode(column: "failures", as: Int.self)
            let last = try row.decode(column: "last_failure_at", as: Int64.self)
            let elapsed = Int((world.nowMillis - last) / 1000)
            wait = max(wait, policy.remainingWait(failures: failures, secondsSinceLastFailure: elapsed))
        }
        return wait
    }

    public func recordFailure(keys: [(String, LoginThrottle)]) async throws {
        let now = world.nowMillis
        for (key, policy) in keys {
            let row = try await sql.select().columns("failures", "last_failure_at").from("login_failures")
                .where("key", .equal, key).first()
            if let row {
                let last = try row.decode(column: "last_failure_at", as: Int64.self)
                let stale = (now - last) / 1000 >= Int64(policy.windowSeconds)
                let failures = stale ? 1 : try row.decode(column: "failures", as: Int.self) + 1
                try await sql.update("login_failures").set("failures", to: failures).set("last_failure_at", to: now)
                    .where("key", .equal, key).run()
            } else {
                try await sql.insert(into: "login_failures").columns("key", "failures", "last_failure_at")
                    .values(key, 1, now).run()
            }
        }
    }

    public func clear(key: String) async throws {
        try await sql.delete(from: "login_failures").where("key", .equal, key).run()
    }
}
