import BridgeModel
import Foundation

extension LedgerTransaction {
    /// The reconciliation projections (match keys, the conflict queue) and the admins' decisions, for the
    /// projector (`tx.links`).
    public var links: Links { Links(db: db) }

    /// One stored match key: a task and its source under a key.
    public struct MatchRow: Sendable, Hashable {
        public let key: String
        public let task: TaskKey
        public let source: String

        init(_ row: Table.TaskMatch) {
            key = row.matchKey
            task = TaskKey(row.taskKey)
            source = row.source
        }

        init(key: String, task: TaskKey, source: String) {
            self.key = key
            self.task = task
            self.source = source
        }

        var record: Table.TaskMatch { Table.TaskMatch(matchKey: key, taskKey: task.rawValue, source: source) }
    }

    /// The reconciliation projections and decisions: a handle over the transaction.
    public struct Links {
        let db: any LedgerSQL

        /// Makes the stored match keys of each task in `keys` exactly `keys[task]`, writing only what differs;
        /// returns the keys they were stored under before.
        @discardableResult
        public func writeMatchKeys(_ keys: [TaskKey: (source: String, keys: [String])]) throws -> Set<String> {
            var stored: [TaskKey: Set<MatchRow>] = [:]
            try db.forEachRecord(Table.TaskMatch.self, whereIn: "task_key", keys.keys.map(\.rawValue)) { row in
                stored[TaskKey(row.taskKey), default: []].insert(MatchRow(row))
            }
            var before = Set<String>()
            var gone: [Table.TaskMatch] = []
            var added: [Table.TaskMatch] = []
            for (task, wanted) in keys.sorted(by: { $0.key < $1.key }) {
                let new = Set(wanted.keys.map { MatchRow(key: $0, task: task, source: wanted.source) })
                let old = stored[task] ?? []
                before.formUnion(old.map(\.key))
                for row in old.subtracting(new) { gone.append(row.record) }
                for row in new.subtracting(old) { added.append(row.record) }
            }
            // Together, as the projector's other rows (a key whose source changed is deleted and inserted again).
            try db.deleteLater(gone)
            try db.insertLater(added, onConflict: .update)
            return before
        }

        /// Every task stored under any of `matchKeys`, by key.
        public func tasksSharing(_ matchKeys: [String]) throws -> [String: [MatchRow]] {
            var out: [String: [MatchRow]] = [:]
            try db.forEachRecord(Table.TaskMatch.self, whereIn: "match_key", Array(Set(matchKeys)).sorted()) { row in
                let match = MatchRow(row)
                out[match.key, default: []].append(match)
            }
            return out
        }

        /// The stored match keys of `tasks`.
        public func matchKeys(of tasks: [TaskKey]) throws -> [TaskKey: [MatchRow]] {
            var out: [TaskKey: [MatchRow]] = [:]
            try db.forEachRecord(Table.TaskMatch.self, whereIn: "task_key", tasks.map(\.rawValue)) { row in
                let match = MatchRow(row)
                out[match.task, default: []].append(match)
            }
            return out
        }

        /// Every admin decision, in order.
        public func decisions() throws -> [ReconcileDecision] {
            try ReconcileStore.decisions(db)
        }

        /// One stored conflict of the queue by id, or nil.
        public func conflict(_ id: String) throws -> Conflict? {
            try ReconcileStore.conflict(db, id)
        }

        /// What the conflicts computed on read are made from, as this transaction sees it.
        public func conflictInputs() throws -> ConflictInputs {
            try ReconcileStore.conflictInputs(db)
        }

        /// Replaces the queue's conflicts that involve any of `tasks`, and the candidates under any of `matchKeys`,
        /// by `conflicts`.
        public func replaceConflicts(involving tasks: [TaskKey], candidatesUnder matchKeys: [String] = [], with conflicts: [Conflict]) throws {
            // The queue is small next to the tasks: find what to delete in indexed reads, not deletes per key.
            var stale = Set<String>()
            let keys = tasks.map(\.rawValue)
            try db.forEachRow("SELECT id FROM conflict WHERE task_a IN", keys) { stale.insert(try $0["id"]) }
            try db.forEachRow("SELECT id FROM conflict WHERE task_b IN", keys) { stale.insert(try $0["id"]) }
            try db.forEachRow("SELECT id FROM conflict WHERE kind = 'candidate' AND match_key IN", matchKeys) { stale.insert(try $0["id"]) }
            try db.deleteLater(Table.Conflict.self, keys: stale.sorted().map { [$0] })
            // One row per id, the last given (one multi-row upsert may not touch a row twice).
            var last: [String: Int] = [:]
            for (index, conflict) in conflicts.enumerated() { last[conflict.id] = index }
            try db.insertLater(
                try conflicts.enumerated().filter { last[$0.element.id] == $0.offset }.map { try Table.Conflict($0.element) }, onConflict: .update)
        }

        /// Empties the conflict queue (a rebuild computes it again).
        public func dropConflicts() throws {
            try db.execute(sql: "DELETE FROM conflict")
        }
    }
}
