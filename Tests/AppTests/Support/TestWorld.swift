import Foundation
import NIOConcurrencyHelpers
import Store

/// A clock tests move by hand, and ids that count up: every run sees the same world.
final class TestClock: Sendable {
    private let state: NIOLockedValueBox<(now: Date, counter: Int)>

    /// 25 November 2026, 09:00 in Vietnam.
    static let start = Date(timeIntervalSince1970: 1_795_572_000)

    init(now: Date = TestClock.start) { state = NIOLockedValueBox((now, 0)) }

    func advance(seconds: TimeInterval) { state.withLockedValue { $0.now += seconds } }

    var world: World {
        World(
            now: { [state] in state.withLockedValue { $0.now } },
            newID: { [state] in
                let n = state.withLockedValue { s -> Int in s.counter += 1; return s.counter }
                return String(format: "test-%08d", n)
            },
            randomToken: { [state] in
                let n = state.withLockedValue { s -> Int in s.counter += 1; return s.counter }
                // Unique per call, 64 hex characters like the live tokens.
                return String(repeating: "0", count: 48) + String(format: "%016x", n &* 2_654_435_761)
            })
    }
}
