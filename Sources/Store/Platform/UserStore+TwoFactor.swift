import Domain
import FluentKit
import Foundation
import SQLKit

/// What the store holds of a user's second factor: the TOTP secret (pending until a first code
/// confirms it), the last time step used (so a code is good once), and recovery codes (hashed).
public struct TwoFactorState: Sendable, Equatable {
    public let secret: [UInt8]?
    public let enabled: Bool
    public let lastCounter: Int64?
    public let recoveryCodesLeft: Int
}

extension UserStore {
    public func twoFactor(userID: String) async throws -> TwoFactorState {
        guard let row = try await sql.select().columns("totp_secret", "totp_enabled_at", "totp_last_counter").from("users")
            .where("id", .equal, userID).first() else { throw PlatformError.notFound }
        let secret = try row.decode(column: "totp_secret", as: String?.self).flatMap(Base32.decode)
        let left = try await sql.raw("SELECT COUNT(*) AS n FROM recovery_codes WHERE user_id = \(bind: userID) AND used_at IS NULL")
            .first(decodingColumn: "n", as: Int.self) ?? 0
        return TwoFactorState(secret: secret, enabled: try row.decode(column: "totp_enabled_at", as: Int64?.self) != nil,
                              lastCounter: try row.decode(column: "totp_last_counter", as: Int64?.self), recoveryCodesLeft: left)
    }

    /// A new secret, pending until `confirmTwoFactor` (an enabled factor is never replaced here).
    public func beginTwoFactor(userID: String, secret: [UInt8]) async throws {
        try await sql.raw("""
            UPDATE users SET totp_secret = \(bind: Base32.encode(secret)), totp_last_counter = NULL
            WHERE id = \(bind: userID) AND totp_enabled_at IS NULL
            """).run()
    }

    /// The first good code turns the factor on, with the recovery codes' hashes; audited.
    public func confirmTwoFactor(userID: String, counter: Int64, recoveryHashes: [String], actor: Actor) async throws {
        try await WriteTransaction.run(database) { sql in
            try await sql.update("users").set("totp_enabled_at", to: world.nowMillis).set("totp_last_counter", to: counter)
                .where("id", .equal, userID).run()
            try await sql.delete(from: "recovery_codes").where("user_id", .equal, userID).run()
            try await sql.insertBatches(into: "recovery_codes", columns: ["user_id", "code_hash", "used_at"],
                                        rows: recoveryHashes.map { [userID, $0, nil as Int64?] })
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "user.two_factor_on", recordType: "user", recordID: userID, provinceCode: nil,
                before: ["twoFactor": "off"], after: ["twoFactor": "on", "recoveryCodes": String(recoveryHashes.count)])
        }
    }

    /// Off again (the user with a code, or an administrator for a lost phone); audited.
    public func disableTwoFactor(userID: String, actor: Actor) async throws {
        try await WriteTransaction.run(database) { sql in
            try await sql.raw("""
                UPDATE users SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_counter = NULL WHERE id = \(bind: userID)
                """).run()
            try await sql.delete(from: "recovery_codes").where("user_id", .equal, userID).run()
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "user.two_factor_off", recordType: "user", recordID: userID, provinceCode: nil,
                before: ["twoFactor": "on"], after: ["twoFactor": "off"])
        }
    }

    /// Takes a time step for sign-in only if it is later than the last one taken: a code seen once
    /// (on the wire, over a shoulder) cannot be used again. Atomic, so two at once take it once.
    public func takeCounter(userID: String, counter: Int64) async throws -> Bool {
        try await !sql.raw("""
            UPDATE users SET totp_last_counter = \(bind: counter) WHERE id = \(bind: userID)
            AND (totp_last_counter IS NULL OR totp_last_counter < \(bind: counter)) RETURNING id
            """).all().isEmpty
    }

    /// Uses a recovery code once (by its hash).
    public func takeRecoveryCode(userID: String, hash: String) async throws -> Bool {
        try await !sql.raw("""
            UPDATE recovery_codes SET used_at = \(bind: world.nowMillis) WHERE user_id = \(bind: userID)
            AND code_hash = \(bind: hash) AND used_at IS NULL RETURNING code_hash
            """).all().isEmpty
    }
}

/// A sign-in half done: the password was right and the second factor is still to come. Kept in
/// the database (any process may take the second step), by the hash of a random token, for five
/// minutes and five tries.
public struct LoginChallenges: Sendable {
    let sql: any SQLDatabase
    let world: World
    public static let lifetimeMillis: Int64 = 5 * 60_000
    public static let maxAttempts = 5

    public init(sql: any SQLDatabase, world: World) {
        self.sql = sql
        self.world = world
    }

    public func create(tokenHash: String, userID: String, next: String) async throws {
        let now = world.nowMillis
        try await sql.insert(into: "login_challenges").columns("token_hash", "user_id", "next", "created_at", "expires_at", "attempts")
            .values(tokenHash, userID, next, now, now + Self.lifetimeMillis, 0).run()
    }

    /// The user and where to go next, counting this attempt; nil once expired or used up.
    public func attempt(tokenHash: String) async throws -> (userID: String, next: String)? {
        let rows = try await sql.raw("""
            UPDATE login_challenges SET attempts = attempts + 1
            WHERE token_hash = \(bind: tokenHash) AND expires_at > \(bind: world.nowMillis) AND attempts < \(bind: Self.maxAttempts)
            RETURNING user_id, next
            """).all()
        guard let row = rows.first else { return nil }
        return (try row.decode(column: "user_id", as: String.self), try row.decode(column: "next", as: String.self))
    }

    public func end(tokenHash: String) async throws {
        try await sql.delete(from: "login_challenges").where("token_hash", .equal, tokenHash).run()
    }
}
