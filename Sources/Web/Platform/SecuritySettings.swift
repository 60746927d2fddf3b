import Domain
import Foundation
import NIOConcurrencyHelpers
import Store
import Vapor

/// The dated security settings every request needs (idle minutes, which roles need a second
/// factor), read from reference data and kept a minute per process, like `ScopeCache`.
final class SecuritySettings: Sendable {
    struct Values: Sendable {
        let idleMillis: Int64
        let twoFactor: TwoFactorPolicy
    }

    private let cached = NIOLockedValueBox<(values: Values, expires: Date)?>(nil)

    func values(_ req: Request) async throws -> Values {
        let now = req.world.now()
        if let hit = cached.withLockedValue({ $0 }), hit.expires > now { return hit.values }
        let reference = ReferenceDataStore(database: req.db, world: req.world)
        let today = req.world.today
        let minutes = try await reference.value(key: "session_idle_minutes", on: today).flatMap { Int64($0.value) } ?? 30
        let roles = try await reference.value(key: "mfa_required_roles", on: today)?.value
        let values = Values(idleMillis: max(1, minutes) * 60_000, twoFactor: TwoFactorPolicy(referenceValue: roles))
        cached.withLockedValue { $0 = (values, now.addingTimeInterval(60)) }
        return values
    }
}

extension Application {
    private struct SecuritySettingsKey: StorageKey { typealias Value = SecuritySettings }

    var securitySettings: SecuritySettings {
        if let settings = storage[SecuritySettingsKey.self] { return settings }
        let settings = SecuritySettings()
        storage[SecuritySettingsKey.self] = settings
        return settings
    }
}
