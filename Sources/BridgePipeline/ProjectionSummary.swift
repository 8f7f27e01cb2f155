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
    /// The tasks created and changed by the source whose record queued them (the first, when records of
    /// several sources queued one task; tasks queued by no record — a link, a rebuild — are on no source).
    public private(set) var bySource: [String: SourceShare] = [:]

    /// One source's share of a run: counts only (the keys stay in `changedTasks`, once).
    public struct SourceShare: Sendable, Hashable {
        public var newTasks = 0
        public var updatedTasks = 0
    }

    public init(keepsChanges: Bool = false) { self.keepsChanges = keepsChanges }

    /// Keys of the tasks created or changed.
    public var changedTasks: Set<TaskKey> { changedKeys }

    /// Notes one revision of a task (`revision` 1: a new task), queued by `source`'s record, keeping the value it
    /// had before the run.
    mutating func record(before: UnifiedTask?, after: UnifiedTask, revision: Int, source: String?) {
        if revision == 1 { newTasks += 1 } else { updatedTasks += 1 }
        if let source {
            if revision == 1 { bySource[source, default: .init()].newTasks += 1 } else { bySource[source, default: .init()].updatedTasks += 1 }
        }
        changedKeys.insert(after.key)
        guard keepsChanges else { return }
        changes[after.key] = TaskChange(before: changes[after.key].map(\.before) ?? before, after: after)
    }

    /// Adds a later run's work.
    public mutating func add(_ other: ProjectionSummary) {
        newTasks += other.newTasks
        updatedTasks += other.updatedTasks
        changedKeys.formUnion(other.changedKeys)
        if keepsChanges {
            for change in other.changes.values { changes[change.after.key] = TaskChange(before: changes[change.after.key].map(\.before) ?? change.before, after: change.after) }
        }
        for (source, share) in other.bySource {
            bySource[source, default: .init()].newTasks += share.newTasks
            bySource[source, default: .init()].updatedTasks += share.updatedTasks
        }
        orphaned.formUnion(other.orphaned)
        orphaned.subtract(other.changedKeys)
        movedScores.formUnion(other.movedScores)
    }

    /// `source`'s share of the run, as a summary of its own: its counts of new and changed tasks (a sync's line
    /// for the source), without the keys, changes or scores, which are the whole run's.
    public func share(of source: String) -> ProjectionSummary {
        var out = ProjectionSummary()
        guard let share = bySource[source] else { return out }
        out.newTasks = share.newTasks
        out.updatedTasks = share.updatedTasks
        out.bySource = [source: share]
        return out
    }
}
