/// Làm chậm đăng nhập sai. Failures are counted per (username, address) and per address. The
/// pair counter slows one attacker on one account; the address counter slows one address trying
/// many accounts. Nothing counts per username alone, so nobody elsewhere can lock a user out by
/// failing on purpose: the real user, from their own address, is never delayed by others.
public struct LoginThrottle: Sendable, Equatable {
    /// Failures allowed before any wait.
    public var freeFailures: Int
    /// First wait, doubled on each further failure, up to `maxDelaySeconds`.
    public var baseDelaySeconds: Int
    public var maxDelaySeconds: Int
    /// Failures further apart than this start a fresh count.
    public var windowSeconds: Int

    public static let pairDefault = LoginThrottle(freeFailures: 5, baseDelaySeconds: 2, maxDelaySeconds: 900, windowSeconds: 3600)
    public static let addressDefault = LoginThrottle(freeFailures: 30, baseDelaySeconds: 2, maxDelaySeconds: 900, windowSeconds: 3600)

    public init(freeFailures: Int, baseDelaySeconds: Int, maxDelaySeconds: Int, windowSeconds: Int) {
        self.freeFailures = freeFailures
        self.baseDelaySeconds = baseDelaySeconds
        self.maxDelaySeconds = maxDelaySeconds
        self.windowSeconds = windowSeconds
    }

    /// Seconds to wait after the last failure before another attempt is heard.
    public func delaySeconds(afterFailures failures: Int) -> Int {
        guard failures >= freeFailures else { return 0 }
        let doublings = min(failures - freeFailures, 20)
        return min(maxDelaySeconds, baseDelaySeconds << doublings)
    }

    /// Seconds still to wait, given the count and the seconds since the last failure.
    public func remainingWait(failures: Int, secondsSinceLastFailure: Int) -> Int {
        guard secondsSinceLastFailure < windowSeconds else { return 0 }
        return max(0, delaySeconds(afterFailures: failures) - secondsSinceLastFailure)
    }
}
