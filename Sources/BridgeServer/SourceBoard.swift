import BridgeLedger
import BridgeModel
import BridgePipeline
import Foundation

/// What `serve` knows about each source's syncs, for `/api/v1/sources` and the schedulers: the last run, the
/// last success, the last error, failures in a row, the next run.
public actor SourceBoard {
    /// One source's state.
    public struct State: Codable, Sendable, Hashable {
        public let source: String
        public var running = false
        public var lastRun: Timestamp?
        public var lastSuccess: Timestamp?
        public var lastError: String?
        public var failuresInRow = 0
        public var nextRun: Timestamp?
        public var lastRecords = 0
        /// The circuit breaker after the last run (`closed`, `open`, `half-open`).
        public var breaker = "closed"
        /// The configured interval between passes, in seconds.
        public var interval = 0
        /// When the service began watching the source.
        public var watchedSince: Timestamp
        /// As of the time asked (`all(at:)`): seconds since the last success — since the service started when
        /// there was none —, how long the pass in flight has run, and whether the source is failing (no success
        /// for three intervals, or its last pass failed, or its breaker is not closed).
        public var lagSeconds: Double?
        public var passSeconds: Double?
        public var failing = false

        init(source: String, interval: Int, since: Timestamp) {
            self.source = source
            self.interval = interval
            watchedSince = since
        }

        /// The state with its health as of `now`.
        func health(at now: Timestamp) -> State {
            var out = self
            let lag = Double(now.millis - (lastSuccess ?? watchedSince).millis) / 1000
            out.lagSeconds = lag
            out.passSeconds = running ? lastRun.map { Double(now.millis - $0.millis) / 1000 } : nil
            out.failing = failuresInRow > 0 || breaker != "closed" || (interval > 0 && lag > Double(3 * interval))
            return out
        }
    }

    private var states: [String: State]

    /// A board for `sources` (id and interval in seconds), watched from `time`.
    public init(sources: [(id: String, interval: Int)], at time: Timestamp = Timestamp(Date())) {
        states = Dictionary(uniqueKeysWithValues: sources.map { ($0.id, State(source: $0.id, interval: $0.interval, since: time)) })
    }

    /// Every source's state with its health as of `now`, in id order.
    public func all(at now: Timestamp = Timestamp(Date())) -> [State] { states.values.sorted { $0.source < $1.source }.map { $0.health(at: now) } }

    public func state(_ source: String) -> State? { states[source] }

    func started(_ source: String, at time: Timestamp) {
        states[source]?.running = true
        states[source]?.lastRun = time
    }

    /// Records how a run ended; returns the failures in a row (0 after a success).
    @discardableResult
    func finished(_ source: String, at time: Timestamp, summary: PollSummary?, error: String?) -> Int {
        guard var state = states[source] else { return 0 }
        state.running = false
        let failure = error ?? summary?.failure
        if let failure {
            state.lastError = failure
            state.failuresInRow += 1
        } else {
            state.lastSuccess = time
            state.failuresInRow = 0
        }
        if let summary {
            state.lastRecords = summary.commits.records
            state.breaker = summary.circuit
        }
        states[source] = state
        return state.failuresInRow
    }

    func scheduled(_ source: String, at time: Timestamp) { states[source]?.nextRun = time }
}
