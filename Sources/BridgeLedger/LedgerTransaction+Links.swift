import BridgeModel
import Foundation

/// The reconciliation projections (match keys, the conflict queue) and the admins' decisions, for the projector.
extension LedgerTransaction {
    /// One stored match key: a task and its source under a key.
    public struct MatchRow: Sendable, Hashable {
        public let key: String
        public let task: TaskKey
        public let source: String
    }

    /// Makes the stored match keys of each task in `keys` exactly `keys[task]`, writing only what differs;
    /// returns the keys they were stored under before.
    @discardableResult
    public func writeMatchKeys(_ keys: [TaskKey: (source: String, keys: [String])]) throws -> Set<String> {
        var stored: [TaskKey: Set<MatchRow>] = [:]
        try forEachRow("SELECT match_key, task_key, source FROM task_match WHERE task_key IN", Array(keys.keys)) { row in
            let task = TaskKey(try row["task_key"] as String)
            stored[task, default: []].insert(MatchRow(key: try row["match_key"], task: task, source: try row["source"]))
        }
        var before = Set<String>()
        var gone: [[(any SQLBindable)?]] = []
        var added: [[(any SQLBindable)?]] = []
        for (task, wanted) in keys.sorted(by: { $0.key < $1.key }) {
            let new = Set(wanted.keys.map { MatchRow(key: $0, task: task, source: wanted.source) })
            let old = stored[task] ?? []
            before.formUnion(old.map(\.key))
            for row in old.subtracting(new) { gone.append([row.key, task.rawValue]) }
            for row in new.subtracting(old) { added.append([row.key, task.rawValue, row.source]) }
        }
        // Together, as the projector's other rows (a key whose source changed is deleted and inserted again).
        try db.deleteLater(from: "task_match", key: ["match_key", "task_key"], rows: gone)
        try db.insertLater(
            "INSERT INTO task_match (match_key, task_key, source)", rows: added,
            suffix: "ON CONFLICT (match_key, task_key) DO UPDATE SET source = excluded.source")
        return before
    }

    /// Every task stored under any of `matchKeys`, by key.
    public func tasksSharing(_ matchKeys: [String]) throws -> [String: [MatchRow]] {
        var out: [String: [MatchRow]] = [:]
        try forEachRow("SELECT match_key, task_key, source FROM task_match WHERE match_key IN", Array(Set(matchKeys)).sorted()) { row in
            let match = MatchRow(key: try row["match_key"], task: TaskKey(try row["task_key"] as String), source: try row["source"])
            out[match.key, default: []].append(match)
        }
        return out
    }

    /// The stored match keys of `tasks`.
    public func matchKeys(of tasks: [TaskKey]) throws -> [TaskKey: [MatchRow]] {
        var out: [TaskKey: [MatchRow]] = [:]
        try forEachRow("SELECT match_key, task_key, source FROM task_match WHERE task_key IN", tasks) { row in
            let match = MatchRow(key: try row["match_key"], task: TaskKey(try row["task_key"] as String), source: try row["source"])
            out[match.task, default: []].append(match)
        }
        return out
    }

    /// Every admin decision, in order.
    public func decisions() throws -> [ReconcileDecision] {
        try ReconcileStore.decisions(db)
    }

    /// One conflict of the queue by id, or nil.
    public func conflict(_ id: String) throws -> Conflict? {
        try ReconcileStore.conflict(db, id)
    }

    /// Replaces the queue's conflicts that involve any of `tasks`, and the candidates under any of `matchKeys`,
    /// by `conflicts`.
    public func replaceConflicts(involving tasks: [TaskKey], candidatesUnder matchKeys: [String] = [], with conflicts: [Conflict]) throws {
        // The queue is small next to the tasks: find what to delete in indexed reads, not deletes per key.
        var stale = Set<String>()
        try forEachRow("SELECT id FROM conflict WHERE task_a IN", tasks) { stale.insert(try $0["id"]) }
        try forEachRow("SELECT id FROM conflict WHERE task_b IN", tasks) { stale.insert(try $0["id"]) }
        try forEachRow("SELECT id FROM conflict WHERE kind = 'candidate' AND match_key IN", matchKeys) { stale.insert(try $0["id"]) }
        try db.deleteLater(from: "conflict", key: ["id"], rows: stale.sorted().map { [$0] })
        // One row per id, the last given (one multi-row upsert may not touch a row twice).
        var last: [String: Int] = [:]
        for (index, conflict) in conflicts.enumerated() { last[conflict.id] = index }
        try db.insertLater(
            "INSERT INTO conflict (id, kind, state, task_a, task_b, match_key, agency, body)",
            rows: try conflicts.enumerated().filter { last[$0.element.id] == $0.offset }.map(\.element).map { conflict in
                [
                    conflict.id, conflict.kind.rawValue, conflict.state.rawValue, conflict.task?.rawValue, conflict.other?.rawValue,
                    conflict.key, conflict.agency, try LedgerStore.encode(conflict),
                ]
            },
            suffix: """
                ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, state = excluded.state, task_a = excluded.task_a,
                  task_b = excluded.task_b, match_key = excluded.match_key, agency = excluded.agency, body = excluded.body
                """)
    }

    /// Empties the conflict queue (a rebuild computes it again).
    public func dropConflicts() throws {
        try db.execute(sql: "DELETE FROM conflict")
    }
}
