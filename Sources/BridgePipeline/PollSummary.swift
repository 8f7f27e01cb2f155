import BridgeLedger

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
