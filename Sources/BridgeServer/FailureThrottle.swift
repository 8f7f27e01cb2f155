import Foundation

/// Failed tokens counted per client address (docs/operations.md, "Tokens"): a client that sent `limit` failed
/// tokens within `window` is refused until the window that began with its first failure has passed. Counted per
/// client, never globally, so one client's guesses lock out no one else. Time is the service's clock's
/// `elapsed`, which setting the wall clock back cannot stretch.
actor FailureThrottle {
    private var state: FailureWindow
    private let elapsed: @Sendable () -> Duration

    init(limit: Int = 20, window: Duration = .seconds(60), maxClients: Int = 10_000, clock: ServiceClock = .system) {
        state = FailureWindow(limit: limit, window: window, maxClients: maxClients)
        elapsed = clock.elapsed
    }

    /// Counts a failed token from `client`.
    func failed(_ client: String) {
        state.failed(client, at: elapsed())
    }

    /// The whole seconds `client` must wait before it is heard again, or nil when it is not blocked.
    func blocked(_ client: String) -> Int? {
        state.wait(client, at: elapsed()).map { max(1, Int(($0 + .milliseconds(999)).components.seconds)) }
    }
}

/// The throttle's state as a value, time passed in (`at`: time since some fixed start): failures per client, each
/// client's window starting at its first failure.
struct FailureWindow: Sendable, Equatable {
    struct Entry: Sendable, Equatable {
        var since: Duration
        var failures: Int
    }

    let limit: Int
    let window: Duration
    /// Clients remembered at most; past it, the entries whose windows have ended are forgotten, then the oldest.
    let maxClients: Int
    private(set) var clients: [String: Entry] = [:]

    init(limit: Int, window: Duration, maxClients: Int) {
        self.limit = limit
        self.window = window
        self.maxClients = maxClients
    }

    /// Counts a failure from `client` at `time`.
    mutating func failed(_ client: String, at time: Duration) {
        if var entry = clients[client], time - entry.since < window {
            entry.failures += 1
            clients[client] = entry
        } else {
            if clients.count >= maxClients { forget(at: time) }
            clients[client] = Entry(since: time, failures: 1)
        }
    }

    /// How long `client` must still wait at `time`, or nil when it may be heard.
    func wait(_ client: String, at time: Duration) -> Duration? {
        guard let entry = clients[client], entry.failures >= limit else { return nil }
        let left = entry.since + window - time
        return left > .zero ? left : nil
    }

    /// Forgets the clients whose windows have ended, and the oldest half when that is not enough.
    private mutating func forget(at time: Duration) {
        clients = clients.filter { time - $0.value.since < window }
        if clients.count >= maxClients {
            let kept = clients.sorted { $0.value.since > $1.value.since }.prefix(maxClients / 2)
            clients = Dictionary(uniqueKeysWithValues: kept.map { ($0.key, $0.value) })
        }
    }
}
