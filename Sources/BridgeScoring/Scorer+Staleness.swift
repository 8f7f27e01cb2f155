import BridgeModel

extension Scorer {
    /// The first instant after `time` at which time alone can change what these tasks give a score: a score
    /// evaluated at `time` holds unchanged until then. Every comparison the scorer makes with the evaluation time
    /// is against one of a task's instants — completion (`≤`), due and assigned time (`≤`), past deadlines (`<`,
    /// so one millisecond later) — so the earliest such instant still ahead is when it may move; nil when none is.
    public func nextChange(of tasks: [UnifiedTask], after time: Timestamp) -> Timestamp? {
        var next: Int64?
        func consider(_ instant: Int64) {
            if instant > time.millis, next.map({ instant < $0 }) ?? true { next = instant }
        }
        for task in tasks where task.status != .cancelled {
            if let completed = task.completedAt { consider(completed.millis) }
            if let due = task.dueAt { consider(due.millis) }
            if let assigned = task.assignedAt { consider(assigned.millis) }
            for deadline in task.deadlines { consider(deadline.millis + 1) }
        }
        return next.map(Timestamp.init(millis:))
    }
}
