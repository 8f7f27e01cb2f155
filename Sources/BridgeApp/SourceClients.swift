import BridgeSources
import Foundation
import Synchronization

/// The HTTP clients of a long-running service's sources (`serve`), each made once and kept for the life of the
/// service: a circuit breaker opened on one pass is still open on the next, a renewed access token is reused, and
/// sources on the same host share one rate limiter — the lowest rate any of them configures — so together they
/// never ask a host faster than one of them may. A one-off `sync` makes its clients afresh.
public final class SourceClients: Sendable {
    private let clock = ContinuousClock()
    private let state = Mutex<(clients: [String: HTTPSourceClient<ContinuousClock>], limiters: [String: RateLimiter<ContinuousClock>])>(([:], [:]))

    public init() {}

    /// The kept client of `source`, made by `make` with the host's shared limiter the first time it is asked for.
    func client(
        for source: BridgeConfiguration.Source, configuration: BridgeConfiguration,
        make: (ContinuousClock, RateLimiter<ContinuousClock>) throws -> HTTPSourceClient<ContinuousClock>
    ) throws -> HTTPSourceClient<ContinuousClock> {
        try state.withLock { state in
            if let kept = state.clients[source.id] { return kept }
            let host = source.baseURL?.host ?? source.id
            let limiter = state.limiters[host] ?? RateLimiter(clock: clock, requestsPerSecond: Double(Self.rate(of: host, in: configuration, default: source.rate)))
            state.limiters[host] = limiter
            let client = try make(clock, limiter)
            state.clients[source.id] = client
            return client
        }
    }

    /// The lowest rate configured among the sources on `host`.
    static func rate(of host: String, in configuration: BridgeConfiguration, default rate: Int) -> Int {
        configuration.sources.filter { ($0.baseURL?.host ?? $0.id) == host }.map(\.rate).min() ?? rate
    }
}
