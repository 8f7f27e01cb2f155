/// Stops calling a source that keeps failing, then lets one trial request through after a pause.
///
/// A value type with no clock of its own: callers pass the time, so every transition is testable.
public struct CircuitBreaker<Instant: InstantProtocol>: Sendable where Instant.Duration == Swift.Duration {
    /// What operators see for a source.
    public enum State: Sendable, Hashable {
        /// Requests flow; `failures` consecutive failures so far.
        case closed(failures: Int)
        /// Requests are refused until `until`.
        case open(until: Instant)
        /// One trial request is allowed; its result closes or re-opens the circuit.
        case halfOpen
    }

    public private(set) var state: State = .closed(failures: 0)
    /// Consecutive failures that open the circuit.
    public let threshold: Int
    /// How long it stays open before a trial.
    public let cooldown: Duration

    public init(threshold: Int = 5, cooldown: Duration = .seconds(30)) {
        self.threshold = threshold
        self.cooldown = cooldown
    }

    /// True when a request may be sent now; an open circuit past its cooldown turns half-open.
    public mutating func allowRequest(at now: Instant) -> Bool {
        switch state {
        case .closed, .halfOpen:
            return true
        case .open(let until):
            guard now >= until else { return false }
            state = .halfOpen
            return true
        }
    }

    public mutating func recordSuccess() {
        state = .closed(failures: 0)
    }

    public mutating func recordFailure(at now: Instant) {
        switch state {
        case .closed(let failures):
            state = failures + 1 >= threshold ? .open(until: now.advanced(by: cooldown)) : .closed(failures: failures + 1)
        case .halfOpen, .open:
            state = .open(until: now.advanced(by: cooldown))
        }
    }

    /// `closed`, `open` or `half-open`, for status displays.
    public var label: String {
        switch state {
        case .closed: "closed"
        case .open: "open"
        case .halfOpen: "half-open"
        }
    }
}
