import Domain
import Foundation
import NIOConcurrencyHelpers
import Store
import Vapor

/// Resolved scopes, kept a minute per process. The key is the scope itself (not the user), so a
/// user whose scope an administrator changes gets the new one on the next request; only a change
/// of the map (new units, new links) waits up to a minute to show in scopes already resolved.
/// Resolving a province scope walks the map's history (hundreds of units); this keeps that walk
/// off every request.
final class ScopeCache: Sendable {
    static let lifetime: TimeInterval = 60
    private let entries = NIOLockedValueBox<[String: (scope: AccessScope, expires: Date)]>([:])

    func scope(for spec: ScopeSpec, req: Request) async throws -> AccessScope {
        let world = req.world
        let today = world.today
        let key = "\(spec.kind)|\(spec.reference ?? "")|\(today.iso)"
        let now = world.now()
        if let hit = entries.withLockedValue({ $0[key] }), hit.expires > now { return hit.scope }
        let scope = try await ScopeResolver(sql: req.sql).resolve(spec, today: today)
        entries.withLockedValue { entries in
            if entries.count > 10_000 { entries.removeAll() }
            entries[key] = (scope, now.addingTimeInterval(Self.lifetime))
        }
        return scope
    }
}

extension Application {
    private struct ScopeCacheKey: StorageKey { typealias Value = ScopeCache }

    var scopeCache: ScopeCache {
        if let cache = storage[ScopeCacheKey.self] { return cache }
        let cache = ScopeCache()
        storage[ScopeCacheKey.self] = cache
        return cache
    }
}
