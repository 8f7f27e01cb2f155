import Foundation

/// A clock whose time moves only when code sleeps on it: a sleep returns at once with `now` advanced to its
/// deadline. Backoff, Retry-After and circuit cooldowns then run instantly and exactly in tests.
public final class ManualClock: Clock, @unchecked Sendable {
    /// An instant on the manual clock: the time since the clock's start. `lock` guards `current`.
    public struct Instant: InstantProtocol, Hashable, Sendable {
        public let offset: Swift.Duration

        public func advanced(by duration: Swift.Duration) -> Instant { Instant(offset: offset + duration) }
        public func duration(to other: Instant) -> Swift.Duration { other.offset - offset }
        public static func < (a: Instant, b: Instant) -> Bool { a.offset < b.offset }
    }

    private let lock = NSLock()
    private var current = Instant(offset: .zero)
    private var sleeps: [Swift.Duration] = []

    public init() {}

    public var now: Instant { lock.withLock { current } }
    public var minimumResolution: Swift.Duration { .nanoseconds(1) }

    /// Every sleep requested so far, in order.
    public var slept: [Swift.Duration] { lock.withLock { sleeps } }

    public func sleep(until deadline: Instant, tolerance: Swift.Duration?) async throws {
        try Task.checkCancellation()
        lock.withLock {
            sleeps.append(deadline.offset - current.offset)
            if deadline > current { current = deadline }
        }
    }

    /// Moves time forward without sleeping.
    public func advance(by duration: Swift.Duration) {
        lock.withLock { current = current.advanced(by: duration) }
    }
}
