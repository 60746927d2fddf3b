import Domain
import Foundation

/// The clock and the source of new ids, in one value that tests pin. Nothing outside the live
/// world calls `Date()` or `UUID()`.
public struct World: Sendable {
    public var now: @Sendable () -> Date
    public var newID: @Sendable () -> String
    /// Random bytes for session tokens and CSRF tokens (hex); never pinned to something guessable
    /// outside tests.
    public var randomToken: @Sendable () -> String

    public init(now: @escaping @Sendable () -> Date, newID: @escaping @Sendable () -> String,
                randomToken: @escaping @Sendable () -> String) {
        self.now = now
        self.newID = newID
        self.randomToken = randomToken
    }

    public static let live = World(
        now: { Date() },
        newID: { UUID().uuidString.lowercased() },
        randomToken: {
            var generator = SystemRandomNumberGenerator()
            return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        }
    )

    /// Vietnam keeps one time zone (UTC+7, no daylight saving): the business date is the
    /// calendar date there.
    public var today: BusinessDate {
        BusinessDate(dayNumber: Int((now().timeIntervalSince1970 + 7 * 3600) / 86_400))
    }

    public var nowMillis: Int64 { Int64((now().timeIntervalSince1970 * 1000).rounded()) }
}
