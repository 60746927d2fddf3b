import Foundation
import NIOConcurrencyHelpers
import Store

/// A clock tests move by hand, and ids that count up: every run sees the same world.
final class TestClock: Sendable {
    private let state: NIOLockedValueBox<(now: Date, counter: Int)>

    /// 25 November 2026, 09:00 in Vietnam.
    static let start = Date(timeIntervalSince1970: 1_795_572_000)

    /// Each clock numbers its ids from its own prefix, so the ids of a test never meet the ids
    /// its template database was built with.
    private static let instances = NIOLockedValueBox(0)
    private let prefix: Int

    init(now: Date = TestClock.start) {
        state = NIOLockedValueBox((now, 0))
        prefix = Self.instances.withLockedValue { $0 += 1; return $0 }
    }

    func advance(seconds: TimeInterval) { state.withLockedValue { $0.now += seconds } }

    var world: World {
        World(
            now: { [state] in state.withLockedValue { $0.now } },
            newID: { [state, prefix] in
                let n = state.withLockedValue { s -> Int in s.counter += 1; return s.counter }
                return String(format: "test-%04d-%08d", prefix, n)
            },
            randomToken: { [state, prefix] in
                let n = state.withLockedValue { s -> Int in s.counter += 1; return s.counter }
                // Unique per call, 64 hex characters like the live tokens.
                return String(repeating: "0", count: 40) + String(format: "%08x%016x", prefix, n &* 2_654_435_761)
            })
    }
}
