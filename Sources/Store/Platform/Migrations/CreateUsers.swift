import FluentKit

/// Users, their role and scope (Platform).
struct CreateUsers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users")
            .field("id", .string, .identifier(auto: false))
            .field("username", .string, .required)
            .field("display_name", .string, .required)
            .field("password_hash", .string, .required)
            .field("role", .string, .required)
            .field("scope_kind", .string, .required)
            .field("scope_ref", .string)
            .field("scope_organisation", .string)
            .field("scope_group", .string)
            .field("must_change_password", .bool, .required)
            .field("disabled", .bool, .required)
            .field("created_at", .int64, .required)
            .field("updated_at", .int64, .required)
            .unique(on: "username")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("users").delete()
    }
}

/// Sessions live in the database so that any server process can answer any request. Tokens are
/// stored as SHA-256 hashes: a copy of the table does not let anyone sign in.
struct CreateSessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sessions")
            .field("token_hash", .string, .identifier(auto: false))
            .field("user_id", .string, .required, .references("users", "id"))
            .field("csrf_token", .string, .required)
            .field("address", .string)
            .field("created_at", .int64, .required)
            .field("expires_at", .int64, .required)
            .field("ended_at", .int64)
            .create()
        try await database.schema("api_tokens")
            .field("token_hash", .string, .identifier(auto: false))
            .field("user_id", .string, .required, .references("users", "id"))
            .field("created_at", .int64, .required)
            .field("expires_at", .int64, .required)
            .field("revoked_at", .int64)
            .create()
        try await database.schema("login_failures")
            .field("key", .string, .identifier(auto: false))
            .field("failures", .int, .required)
            .field("last_failure_at", .int64, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("login_failures").delete()
        try await database.schema("api_tokens").delete()
        try await database.schema("sessions").delete()
    }
}
