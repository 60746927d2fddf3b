import Foundation
import Domain
import FluentKit
import SQLKit

/// A user as the product knows them. The password hash never leaves the store.
public struct UserRecord: Sendable, Codable, Equatable {
    public let id: String
    public var username: String
    public var displayName: String
    public var role: Role
    public var scope: ScopeSpec
    public var mustChangePassword: Bool
    public var disabled: Bool
    /// The entrusted organisation an organisation officer works for: narrows their scope to its groups.
    public var organisation: Organisation? = nil
    /// The group a group leader leads: narrows their scope to it.
    public var groupID: String? = nil
    /// Signs in with a second factor (TOTP).
    public var twoFactorEnabled: Bool = false
}

/// Hashes and checks passwords (Bcrypt, supplied by the web layer, which owns the crypto).
public struct PasswordHashing: Sendable {
    public var hash: @Sendable (String) throws -> String
    public var verify: @Sendable (String, String) throws -> Bool

    public init(hash: @escaping @Sendable (String) throws -> String, verify: @escaping @Sendable (String, String) throws -> Bool) {
        self.hash = hash
        self.verify = verify
    }
}

/// New user, as an administrator or the command line asks for it.
public struct NewUser: Sendable {
    public var username: String
    public var displayName: String
    public var password: String
    public var role: Role
    public var scope: ScopeSpec
    public var mustChangePassword: Bool

    public init(username: String, displayName: String, password: String, role: Role, scope: ScopeSpec, mustChangePassword: Bool) {
        self.username = username
        self.displayName = displayName
        self.password = password
        self.role = role
        self.scope = scope
        self.mustChangePassword = mustChangePassword
    }
}

/// Users, roles and scopes. Every write is audited in its own transaction.
public struct UserStore: Sendable {
    let database: any Database
    let world: World
    var sql: any SQLDatabase { get throws { try database.sqlDatabase() } }

    public init(database: any Database, world: World) {
        self.database = database
        self.world = world
    }

    static let columns = ["id", "username", "display_name", "role", "scope_kind", "scope_ref", "must_change_password", "disabled",
                          "organisation", "group_id", "totp_enabled_at"]

    public func create(_ new: NewUser, hasher: PasswordHashing, actor: Actor) async throws -> UserRecord {
        let username = try Credentials.validate(username: new.username)
        try Credentials.validate(password: new.password, username: username, common: CommonPasswords.list)
        let displayName = new.displayName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !displayName.isEmpty, displayName.count <= 120 else {
            throw PlatformError.invalidInput(field: "displayName", message: "Họ tên phải có từ 1 đến 120 ký tự.")
        }
        try await checkScopeExists(new.scope)
        if try await user(username: username) != nil { throw PlatformError.duplicateUsername(username) }
        let record = UserRecord(id: world.newID(), username: username, displayName: displayName, role: new.role,
                                scope: new.scope, mustChangePassword: new.mustChangePassword, disabled: false)
        let hash = try hasher.hash(new.password)
        let now = world.nowMillis
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            try await sql.insert(into: "users")
                .columns("id", "username", "display_name", "password_hash", "role", "scope_kind", "scope_ref",
                         "must_change_password", "disabled", "created_at", "updated_at")
                .values(record.id, record.username, record.displayName, hash, record.role.rawValue, record.scope.kind,
                        record.scope.reference, record.mustChangePassword, false, now, now)
                .run()
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "user.create", recordType: "user", recordID: record.id,
                provinceCode: nil, before: nil as UserRecord?, after: record)
        }
        return record
    }

    /// Role, scope, name and the disabled flag. Disabling ends the user's sessions and tokens.
    public func update(id: String, displayName: String, role: Role, scope: ScopeSpec, disabled: Bool, actor: Actor) async throws -> UserRecord {
        guard let before = try await user(id: id) else { throw PlatformError.notFound }
        if let refusal = OwnAccount.refusal(actorID: actor.userID, userID: id, from: before.scope, before.role,
                                            to: scope, role, disabling: disabled && !before.disabled) {
            throw refusal
        }
        let name = displayName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 120 else {
            throw PlatformError.invalidInput(field: "displayName", message: "Họ tên phải có từ 1 đến 120 ký tự.")
        }
        try await checkScopeExists(scope)
        var after = before
        after.displayName = name
        after.role = role
        after.scope = scope
        after.disabled = disabled
        let final = after
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            try await sql.update("users").set("display_name", to: final.displayName).set("role", to: final.role.rawValue)
                .set("scope_kind", to: final.scope.kind).set("scope_ref", to: final.scope.reference)
                .set("disabled", to: final.disabled).set("updated_at", to: world.nowMillis)
                .where("id", .equal, id).run()
            if final.disabled || final.scope != before.scope || final.role != before.role {
                try await SessionStore(sql: sql, world: world).endAll(userID: id)
            }
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "user.update", recordType: "user", recordID: id, provinceCode: nil, before: before, after: final)
        }
        return final
    }

    /// Ties an organisation officer to their organisation, or a group leader to their group; the
    /// scope of either is narrowed to it on their next request.
    public func linkNetwork(id: String, organisation: Organisation?, groupID: String?, actor: Actor) async throws -> UserRecord {
        guard let before = try await user(id: id) else { throw PlatformError.notFound }
        if let refusal = NetworkLink.refusal(role: before.role, organisation: organisation, groupID: groupID) { throw refusal }
        if actor.userID == id { throw PlatformError.ownAccountChange }
        var after = before
        after.organisation = organisation
        after.groupID = groupID
        let final = after
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            try await sql.update("users").set("organisation", to: organisation?.rawValue).set("group_id", to: groupID)
                .set("updated_at", to: world.nowMillis).where("id", .equal, id).run()
            try await SessionStore(sql: sql, world: world).endAll(userID: id)
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "user.link_network", recordType: "user", recordID: id, provinceCode: nil, before: before, after: final)
        }
        return final
    }

    /// An administrator sets a new password: the user must change it at next sign-in, and every
    /// session of theirs ends.
    public func resetPassword(id: String, newPassword: String, hasher: PasswordHashing, actor: Actor) async throws {
        if let refusal = OwnAccount.resetRefusal(actorID: actor.userID, userID: id) { throw refusal }
        try await setPassword(id: id, newPassword: newPassword, mustChange: true, hasher: hasher, actor: actor, action: "user.reset_password")
    }

    /// The user changes their own password (keeps the current session; ends the others).
    public func changeOwnPassword(id: String, current: String, newPassword: String, keepSessionHash: String?,
                                  hasher: PasswordHashing) async throws {
        guard let user = try await user(id: id), let hash = try await passwordHash(username: user.username),
              try hasher.verify(current, hash) else { throw PlatformError.wrongCurrentPassword }
        try await setPassword(id: id, newPassword: newPassword, mustChange: false, hasher: hasher,
                              actor: Actor(userID: id, username: user.username), action: "user.change_password",
                              keepSessionHash: keepSessionHash)
    }

    func setPassword(id: String, newPassword: String, mustChange: Bool, hasher: PasswordHashing, actor: Actor,
                     action: String, keepSessionHash: String? = nil) async throws {
        guard let user = try await user(id: id) else { throw PlatformError.notFound }
        try Credentials.validate(password: newPassword, username: user.username, common: CommonPasswords.list)
        let hash = try hasher.hash(newPassword)
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            try await sql.update("users").set("password_hash", to: hash).set("must_change_password", to: mustChange)
                .set("updated_at", to: world.nowMillis).where("id", .equal, id).run()
            try await SessionStore(sql: sql, world: world).endAll(userID: id, except: keepSessionHash)
            // The hash is never written to the log: only the fact and the flag.
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: action, recordType: "user", recordID: id, provinceCode: nil,
                before: ["mustChangePassword": user.mustChangePassword], after: ["mustChangePassword": mustChange])
        }
    }

    public func user(id: String) async throws -> UserRecord? {
        try await sql.select().columns(Self.columns).from("users").where("id", .equal, id).first().map(Self.record)
    }

    public func user(username: String) async throws -> UserRecord? {
        try await sql.select().columns(Self.columns).from("users").where("username", .equal, username.lowercased())
            .first().map(Self.record)
    }

    public func passwordHash(username: String) async throws -> String? {
        try await sql.select().column("password_hash").from("users").where("username", .equal, username.lowercased())
            .first(decodingColumn: "password_hash", as: String.self)
    }

    public func list(text: String?, paging: Paging) async throws -> Page<UserRecord> {
        func filter<B: SQLPredicateBuilder>(_ b: B) -> B {
            guard let text, !text.isEmpty else { return b }
            let pattern = likePattern(containing: text.lowercased())
            return b.where { $0.where("username", .like, pattern).orWhere(SQLFunction("LOWER", args: SQLColumn("display_name")), .like, SQLBind(pattern)) }
        }
        let total = try await filter(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("users"))
            .first(decodingColumn: "n", as: Int.self) ?? 0
        let rows = try await filter(sql.select().columns(Self.columns).from("users")).orderBy("username")
            .limit(paging.limit).offset(paging.offset).all()
        return Page(items: try rows.map(Self.record), total: total)
    }

    public func count() async throws -> Int {
        try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("users")
            .first(decodingColumn: "n", as: Int.self) ?? 0
    }

    /// A scope must name a unit or office that exists: a typo would silently give an empty scope.
    func checkScopeExists(_ scope: ScopeSpec) async throws {
        let found: Bool
        switch scope {
        case .everything: return
        case .province(let code):
            found = try await sql.select().column("id").from("units").where("level", .equal, "province")
                .where("code", .equal, code.value).where("valid_to", .is, SQLLiteral.null).first() != nil
        case .commune(let code):
            found = try await sql.select().column("id").from("units").where("level", .equal, "commune")
                .where("code", .equal, code.value).where("valid_to", .is, SQLLiteral.null).first() != nil
        case .office(let id):
            found = try await sql.select().column("id").from("offices").where("id", .equal, id.rawValue).first() != nil
        }
        guard found else { throw PlatformError.invalidScope(scope.kind) }
    }

    static func record(_ row: any SQLRow) throws -> UserRecord {
        let role = try row.decode(column: "role", as: String.self)
        let scope = try ScopeSpec(kind: try row.decode(column: "scope_kind", as: String.self),
                                  reference: try row.decode(column: "scope_ref", as: String?.self))
        return UserRecord(
            id: try row.decode(column: "id", as: String.self),
            username: try row.decode(column: "username", as: String.self),
            displayName: try row.decode(column: "display_name", as: String.self),
            role: Role(rawValue: role) ?? .inspector,
            scope: scope,
            mustChangePassword: try row.decode(column: "must_change_password", as: Bool.self),
            disabled: try row.decode(column: "disabled", as: Bool.self),
            organisation: try row.decode(column: "organisation", as: String?.self).flatMap(Organisation.init(rawValue:)),
            groupID: try row.decode(column: "group_id", as: String?.self),
            twoFactorEnabled: try row.decode(column: "totp_enabled_at", as: Int64?.self) != nil)
    }
}

/// The shipped list of common passwords (`Resources/Data/common-passwords.txt`), read once.
public enum CommonPasswords {
    public static let list: Set<String> = {
        guard let url = Bundle.module.url(forResource: "common-passwords", withExtension: "txt", subdirectory: "Data"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return Set(text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") })
    }()
}
