import BridgeLedger
import BridgeModel

/// What a reconciliation item reaches, for agency scope (docs/operations.md, "Agency scope"): a token limited to
/// agencies sees a conflict or a decision only when every agency it touches is one of its own.
extension Bridge {
    /// Every agency a conflict touches: its own, each task it names (either side of a candidate, every side of a
    /// disagreement, the tasks naming an unclaimed account), and the directory agency of every officer those
    /// tasks name. A task the ledger no longer holds, or one without an agency, touches "no agency" (nil), which
    /// only an unlimited token sees.
    public func agencies(touchedBy conflict: Conflict) throws -> Set<String?> {
        var keys = Set(conflict.sides.map(\.task))
        if let task = conflict.task { keys.insert(task) }
        if let other = conflict.other { keys.insert(other) }
        return try agencies(touching: keys).union([conflict.agency])
    }

    /// Every agency a decision touches: those of its task and the other task of a link, and of the officers they name.
    public func agencies(touchedBy decision: ReconcileDecision) throws -> Set<String?> {
        var keys: Set<TaskKey> = [decision.task]
        if let other = decision.other { keys.insert(other) }
        return try agencies(touching: keys)
    }

    /// The agencies of `keys`' tasks and of the directory officers they name (main handler and coordinators).
    public func agencies(touching keys: Set<TaskKey>) throws -> Set<String?> {
        let tasks = try store.tasks.tasks(keys)
        let directory = try store.directory.current()
        var out: Set<String?> = []
        for key in keys {
            guard let task = tasks[key] else {
                out.insert(nil)
                continue
            }
            out.insert(task.agency)
            for person in [task.mainHandler].compactMap({ $0 }) + task.coordinators {
                if let officer = directory.officers[person.officerKey] { out.insert(officer.agency) }
            }
        }
        return out
    }
}

extension Bridge {
    /// The agency a configured source belongs to (`agency:` in its entry); nil for a source that serves several
    /// agencies (the E-Office hub) or one not configured, which only an unlimited token sees.
    public func agency(ofSource id: String) -> String? {
        configuration.sources.first { $0.id == id }?.agency
    }
}
