import BridgeModel
import Foundation

/// The service's time, injected once into everything of `serve` that reads the time or waits: the schedulers
/// (and their working hours), the projector service, the failed-token throttle, web sessions, `/readyz` and the
/// times decisions are stamped with. Tests give one that they move themselves.
public struct ServiceClock: Sendable {
    /// The time now.
    public let now: @Sendable () -> Date
    /// Waits `duration` (a test's clock moves `now` instead).
    public let sleep: @Sendable (Duration) async throws -> Void
    /// Time since the clock was made, never moving back (windows such as the failed-token throttle's count on
    /// it: the wall clock can be set back).
    public let elapsed: @Sendable () -> Duration

    public init(
        now: @escaping @Sendable () -> Date, sleep: @escaping @Sendable (Duration) async throws -> Void,
        elapsed: (@Sendable () -> Duration)? = nil
    ) {
        self.now = now
        self.sleep = sleep
        let start = ContinuousClock.now
        self.elapsed = elapsed ?? { ContinuousClock.now - start }
    }

    /// The system's clock.
    public static var system: ServiceClock { ServiceClock(now: { Date() }, sleep: { try await Task.sleep(for: $0) }) }

    /// The time of `clock` (a test's `ManualClock`, whose sleeps return at once and move it), counted from `start`.
    public init<C: Clock>(_ clock: C, start: Date) where C.Duration == Duration {
        let origin = clock.now
        now = { start.addingTimeInterval(origin.duration(to: clock.now).seconds) }
        sleep = { duration in try await clock.sleep(until: clock.now.advanced(by: duration), tolerance: nil) }
        elapsed = { origin.duration(to: clock.now) }
    }

    /// The time now, as the ledger stores it.
    public var timestamp: Timestamp { Timestamp(now()) }
}
