/// The configuration's `ledger:` section: group commits and projector transactions. The defaults suit a
/// province on two cores; smaller values commit more often (less waiting, more transactions).
public struct LedgerSettings: Sendable, Hashable {
    /// A group commit closes at this many payloads, records or MiB, or after this many seconds.
    public var groupPayloads = 500
    public var groupRecords = 10_000
    public var groupMB = 16
    public var groupSeconds = 1
    /// Task keys folded, and scores computed, per projector transaction.
    public var projectorTasks = 1_000
    public var projectorScores = 2_000

    public init() {}
}
