import BridgeModel
import BridgeSources
import BridgeTestSupport
import Foundation
import Testing

struct RetryPolicyTests {
    @Test(arguments: [1, 2, 3, 4, 8, 20])
    func backoffIsFullJitterUnderAnExponentialCeiling(attempt: Int) {
        var policy = RetryPolicy()
        policy.baseDelay = .milliseconds(100)
        policy.maxDelay = .seconds(2)
        let ceiling = min(Duration.seconds(2), .milliseconds(100) * (1 << (attempt - 1)))
        var random = SeededGenerator(seed: UInt64(attempt))
        let delays = (0..<200).map { _ in policy.delay(afterAttempt: attempt, retryAfter: nil, random: &random) }
        #expect(delays.allSatisfy { $0 >= .zero && $0 <= ceiling })
        #expect(Set(delays).count > 100)  // jittered, not fixed
    }

    @Test func retryAfterWinsOverBackoff() {
        var random = SeededGenerator(seed: 1)
        #expect(RetryPolicy().delay(afterAttempt: 3, retryAfter: .seconds(7), random: &random) == .seconds(7))
    }

    @Test(arguments: [("7", 7_000), ("0", 0), ("Thu, 01 Jan 1970 00:01:40 GMT", 60_000), ("soon", -1), ("", -1)])
    func readsRetryAfterSecondsAndHTTPDates(header: String, millis: Int) {
        let value = RetryPolicy.retryAfter(header, nowSeconds: 40)
        #expect(value == (millis < 0 ? nil : .milliseconds(millis)))
    }

    @Test(arguments: [(429, true), (500, true), (502, true), (503, true), (501, false), (404, false), (400, false), (200, false)])
    func retriesOnlyWhatCanGetBetter(status: Int, retryable: Bool) {
        #expect(RetryPolicy.isRetryable(status: status) == retryable)
    }
}

struct CircuitBreakerTests {
    /// `allowRequest` mutates, which `#expect` cannot take directly.
    func allow(_ breaker: inout CircuitBreaker<ManualClock.Instant>, _ clock: ManualClock) -> Bool {
        breaker.allowRequest(at: clock.now)
    }

    @Test func opensAfterTheThresholdAndClosesAfterARecoveredTrial() {
        let clock = ManualClock()
        var breaker = CircuitBreaker<ManualClock.Instant>(threshold: 3, cooldown: .seconds(30))
        for _ in 0..<2 {
            #expect(allow(&breaker, clock))
            breaker.recordFailure(at: clock.now)
        }
        #expect(breaker.label == "closed")
        breaker.recordFailure(at: clock.now)
        #expect(breaker.label == "open")
        clock.advance(by: .seconds(29))
        #expect(!allow(&breaker, clock))
        clock.advance(by: .seconds(1))
        #expect(allow(&breaker, clock))
        #expect(breaker.label == "half-open")
        breaker.recordSuccess()
        #expect(breaker.label == "closed")
    }

    @Test func aFailedTrialReopensForAnotherCooldown() {
        let clock = ManualClock()
        var breaker = CircuitBreaker<ManualClock.Instant>(threshold: 1, cooldown: .seconds(10))
        breaker.recordFailure(at: clock.now)
        clock.advance(by: .seconds(10))
        #expect(allow(&breaker, clock))
        breaker.recordFailure(at: clock.now)
        #expect(breaker.label == "open")
        clock.advance(by: .seconds(9))
        #expect(!allow(&breaker, clock))
    }
}
