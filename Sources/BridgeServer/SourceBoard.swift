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
    }

    private var states: [String: State]

    public init(sources: [String]) {
        states = Dictionary(uniqueKeysWithValues: sources.map { ($0, State(source: $0)) })
    }

    /// Every source's state, in id order.
    public func all() -> [State] { states.values.sorted { $0.source < $1.source } }

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
