/// Spaces requests to each host at least `interval` apart, politely, whatever the number of sources on it.
public actor RateLimiter<C: Clock> where C.Duration == Swift.Duration {
    private let clock: C
    private let interval: Duration
    private var next: [String: C.Instant] = [:]

    public init(clock: C, requestsPerSecond: Double) {
        self.clock = clock
        self.interval = requestsPerSecond > 0 ? .nanoseconds(Int64(1e9 / requestsPerSecond)) : .zero
    }

    /// Waits until a request to `host` may go out.
    public func acquire(host: String) async throws {
        let now = clock.now
        let slot = max(now, next[host] ?? now)
        next[host] = slot.advanced(by: interval)
        if slot > now { try await clock.sleep(until: slot, tolerance: nil) }
    }
}
