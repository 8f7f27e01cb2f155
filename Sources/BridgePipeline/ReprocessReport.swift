import BridgeLedger
import BridgeModel

/// What re-deriving a source's stored payloads did (or, in a dry run, would do).
public struct ReprocessReport: Sendable {
    /// Payloads mapped again.
    public var payloads = 0
    public var summary = CommitSummary()
    /// Tasks that appear or change, by key; a task that changes and changes back is not listed.
    public var changes: [TaskChange] = []
    /// Tasks no record derives any more: kept as they were, listed for the operator.
    public var orphaned: [TaskKey] = []
}
