import BridgeLedger
import BridgeModel

/// What a projector run did: tasks created and changed, the change of each (first before, last after), tasks
/// no record derives any more, and the stored scores that moved.
public struct ProjectionSummary: Sendable {
    public var newTasks = 0
    public var updatedTasks = 0
    /// Keep each change's values (`changes`), not only its key: a reprocess shows them; a bulk run of 200,000
    /// tasks would hold them all in memory.
    public var keepsChanges = false
    /// Each changed task's value before the run (nil: it is new) and after it, by key (when `keepsChanges`).
    public private(set) var changes: [TaskKey: TaskChange] = [:]
    private var changedKeys = Set<TaskKey>()
    /// Tasks that no record derives any more: kept as they were, listed for the operator.
    public var orphaned: Set<TaskKey> = []
    /// Stored scores whose numbers moved, as `officer period`.
    public var movedScores: Set<String> = []

    public init(keepsChanges: Bool = false) { self.keepsChanges = keepsChanges }

    /// Keys of the tasks created or changed.
    public var changedTasks: Set<TaskKey> { changedKeys }

    /// Notes one revision of a task, keeping the value it had before the run.
    mutating func record(before: UnifiedTask?, after: UnifiedTask) {
        changedKeys.insert(after.key)
        guard keepsChanges else { return }
        changes[after.key] = TaskChange(before: changes[after.key].map(\.before) ?? before, after: after)
    }

    /// Adds a later run's work.
    public mutating func add(_ other: ProjectionSummary) {
        newTasks += other.newTasks
        updatedTasks += other.updatedTasks
        changedKeys.formUnion(other.changedKeys)
        if keepsChanges { for change in other.changes.values { record(before: change.before, after: change.after) } }
        orphaned.formUnion(other.orphaned)
        orphaned.subtract(other.changedKeys)
        movedScores.formUnion(other.movedScores)
    }
}
