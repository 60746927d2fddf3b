import Domain
import FluentKit
import Foundation
import SQLKit

/// Lệnh chuyển tiền chống trùng: a money command runs once per (user, Idempotency-Key). The key is
/// claimed in the same transaction as the command's postings, so a refused or failed command
/// leaves no key behind; the same key with the same body returns the first result and posts
/// nothing; with another body it is a conflict.
///
/// Commands with different keys on the same loan, application or group run one after the other:
/// the transaction is a `WriteTransaction` and takes the command's `locking` rows before the body
/// reads anything, so the body decides on the standing as the previous command left it.
public enum IdempotentCommand {
    public static func run<Result: Codable & Sendable>(
        database: any Database, world: World, actor: Actor, key: String?, request: some Encodable,
        locking locks: [RowLock] = [],
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> (result: Result, replayed: Bool) {
        guard let key = key?.trimmingCharacters(in: .whitespaces), !key.isEmpty, key.count <= 200 else {
            throw LedgerError.idempotencyKeyMissing
        }
        let fingerprint = try StoredJSON.text(request)
        let owner = actor.userID ?? actor.username
        let sql = try database.sqlDatabase()
        if let replay = try await stored(sql: sql, owner: owner, key: key, fingerprint: fingerprint, as: Result.self) {
            return (replay, true)
        }
        do {
            let result = try await WriteTransaction.run(database) { sql in
                // Claimed first: a concurrent twin fails here on the primary key and rolls back whole.
                try await sql.insert(into: "idempotency_keys").columns("actor", "key", "request_hash", "response", "created_at")
                    .values(owner, key, fingerprint, "", world.nowMillis).run()
                try await sql.lock(locks)
                let result = try await body(sql)
                try await sql.update("idempotency_keys").set("response", to: try StoredJSON.text(result))
                    .where("actor", .equal, owner).where("key", .equal, key).run()
                return result
            }
            return (result, false)
        } catch let error as any DomainError {
            throw error
        } catch {
            // The twin committed first: answer as a replay.
            if let replay = try await stored(sql: sql, owner: owner, key: key, fingerprint: fingerprint, as: Result.self) { return (replay, true) }
            throw error
        }
    }

    static func stored<Result: Decodable>(sql: any SQLDatabase, owner: String, key: String, fingerprint: String,
                                          as: Result.Type) async throws -> Result? {
        guard let row = try await sql.select().columns("request_hash", "response").from("idempotency_keys")
            .where("actor", .equal, owner).where("key", .equal, key).first() else { return nil }
        guard try row.decode(column: "request_hash", as: String.self) == fingerprint else { throw LedgerError.idempotencyKeyReused }
        return try StoredJSON.value(Result.self, from: try row.decode(column: "response", as: String.self))
    }
}
