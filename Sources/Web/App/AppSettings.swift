import Domain
import Foundation
import Store
import SQLKit
import Vapor

/// Everything the web layer needs to start, decided by the command line (or a test).
public struct AppSettings: Sendable {
    public var database: DatabaseTarget
    public var world: World
    /// Bcrypt cost: 12 in production; tests use the minimum to stay fast.
    public var bcryptCost: Int
    /// Cookies marked Secure when the product is served over HTTPS.
    public var secureCookies: Bool
    /// A bearer token that may read `/metrics` besides an administrator's (`serve --metrics-token`),
    /// for a Prometheus server that should not hold a person's credentials.
    public var metricsToken: String?

    public init(database: DatabaseTarget, world: World = .live, bcryptCost: Int = 12, secureCookies: Bool = false,
                metricsToken: String? = nil) {
        self.database = database
        self.world = world
        self.bcryptCost = bcryptCost
        self.secureCookies = secureCookies
        self.metricsToken = metricsToken
    }

    public var hasher: PasswordHashing {
        let cost = bcryptCost
        return PasswordHashing(
            hash: { try Bcrypt.hash($0, cost: cost) },
            verify: { try Bcrypt.verify($0, created: $1) })
    }
}

extension Application {
    private struct SettingsKey: StorageKey { typealias Value = AppSettings }

    public var settings: AppSettings {
        get {
            guard let settings = storage[SettingsKey.self] else { fatalError("configure(_:settings:) was not called") }
            return settings
        }
        set { storage[SettingsKey.self] = newValue }
    }
}

extension Request {
    var world: World { application.settings.world }
    var sql: any SQLDatabase { get throws { try db.sqlDatabase() } }
}
