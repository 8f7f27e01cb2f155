import BridgeLedger
import BridgeSources

/// What one polling pass over one source did, for `sync`'s summary.
public struct PollSummary: Sendable {
    public let source: String
    public var pages = 0
    public var requests = 0
    public var notModified = 0
    public var retries = 0
    public var commits = CommitSummary()
    public var seconds = 0.0
    /// Why the pass stopped early, in one line; nil when it finished.
    public var failure: String?
    /// The circuit breaker's state at the end.
    public var circuit = "closed"

    public init(source: String) { self.source = source }
}

extension PollSummary {
    /// Runs one pass of `body`: a source error becomes the summary's failure, and the client's counters for the
    /// pass (requests, retries, 304s) and its circuit state are added.
    static func measuring<C: Clock>(
        _ client: HTTPSourceClient<C>, source: String, _ body: (inout PollSummary) async throws -> Void
    ) async throws -> PollSummary where C.Duration == Swift.Duration {
        let before = await client.stats
        var summary = PollSummary(source: source)
        do {
            try await body(&summary)
        } catch let error as SourceError {
            summary.failure = error.description
        }
        let after = await client.stats
        summary.requests = after.requests - before.requests
        summary.retries = after.retries - before.retries
        summary.notModified = after.notModified - before.notModified
        summary.circuit = await client.circuitState
        return summary
    }
}
