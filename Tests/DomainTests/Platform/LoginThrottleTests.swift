import Domain
import Testing

@Suite("Login throttling")
struct LoginThrottleTests {
    let policy = LoginThrottle.pairDefault

    @Test("Free failures, then doubling waits, capped")
    func delays() {
        for failures in 0..<policy.freeFailures { #expect(policy.delaySeconds(afterFailures: failures) == 0) }
        #expect(policy.delaySeconds(afterFailures: 5) == 2)
        #expect(policy.delaySeconds(afterFailures: 6) == 4)
        #expect(policy.delaySeconds(afterFailures: 10) == 64)
        #expect(policy.delaySeconds(afterFailures: 100) == policy.maxDelaySeconds)
    }

    @Test("Waits are monotonic in failures and never exceed the cap")
    func monotonic() {
        var last = 0
        for failures in 0...1_000 {
            let delay = policy.delaySeconds(afterFailures: failures)
            #expect(delay >= last && delay <= policy.maxDelaySeconds)
            last = delay
        }
    }

    @Test("The wait runs down with time and ends with the window")
    func remaining() {
        #expect(policy.remainingWait(failures: 6, secondsSinceLastFailure: 0) == 4)
        #expect(policy.remainingWait(failures: 6, secondsSinceLastFailure: 3) == 1)
        #expect(policy.remainingWait(failures: 6, secondsSinceLastFailure: 4) == 0)
        #expect(policy.remainingWait(failures: 50, secondsSinceLastFailure: policy.windowSeconds) == 0)
    }
}
