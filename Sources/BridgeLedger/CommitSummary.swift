import BridgeModel

/// What the facts of one or more payloads did; the counts add up: records = applied + unchanged + dead letters.
/// Task and score counts come from the projector that follows (see `ProjectionSummary`), merged in by `add`.
public struct CommitSummary: Sendable, Hashable {
    /// Records in the payload.
    public var records = 0
    /// Records new to the ledger (their patches stored, their tasks queued for the projector).
    public var applied = 0
    /// Records already known (the same record applied again).
    public var unchanged = 0
    /// Records kept as dead letters (new or seen again).
    public var deadLetters = 0
    /// Dead letters not seen before.
    public var newDeadLetters = 0
    /// Tasks created and tasks changed.
    public var newTasks = 0
    public var updatedTasks = 0
    /// Keys of the tasks created or changed (by the projector).
    public var changedTasks: Set<TaskKey> = []
    /// Stored scores that moved, as `officer period`.
    public var movedScores: Set<String> = []
    /// Dead letters of this payload that its records now resolve.
    public var resolvedDeadLetters = 0

    public init() {}

    /// Adds another summary's counts.
    public mutating func add(_ other: CommitSummary) {
        records += other.records
        applied += other.applied
        unchanged += other.unchanged
        deadLetters += other.deadLetters
        newDeadLetters += other.newDeadLetters
        newTasks += other.newTasks
        updatedTasks += other.updatedTasks
        changedTasks.formUnion(other.changedTasks)
        movedScores.formUnion(other.movedScores)
        resolvedDeadLetters += other.resolvedDeadLetters
    }
}
