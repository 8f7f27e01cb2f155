import BridgeModel
import Foundation

extension LedgerTransaction {
    /// The task projection's queue and rows, for the projector.
    public var tasks: Tasks { Tasks(db: db) }

    /// A queued task key and the record that queued it first.
    public struct QueuedTask: Sendable, Hashable {
        public let key: TaskKey
        public let cause: String

        /// The source whose record queued the task (a cause `source/recordId@version`); nil for a cause no
        /// record gave (a link, a rebuild, reconciliation).
        public var source: String? {
            guard let slash = cause.firstIndex(of: "/"), cause[slash...].contains("@") else { return nil }
            return String(cause[..<slash])
        }
    }

    /// A task as stored now: its revision and value.
    public struct StoredTask: Sendable {
        public let revision: Int
        public let task: UnifiedTask
    }

    /// What writing a folded task did.
    public enum TaskWrite: Sendable, Equatable {
        /// Stored as it was.
        case unchanged
        /// Only its provenance grew (a re-sent or duplicate record): kept, but no new revision.
        case provenance
        /// A new revision (1 for a new task).
        case revised(Int)
    }

    /// A folded task to write, over the task as stored until now (nil for a new one), and what queued it.
    public struct FoldedTask: Sendable {
        public let task: UnifiedTask
        public let stored: StoredTask?
        public let cause: String

        public init(_ task: UnifiedTask, over stored: StoredTask?, cause: String) {
            self.task = task
            self.stored = stored
            self.cause = cause
        }
    }

    /// The task projection's queue and rows (`tx.tasks`): a handle over the transaction.
    public struct Tasks {
        let db: any LedgerSQL

        /// Up to `limit` queued task keys, in key order.
        public func queuedTasks(limit: Int) throws -> [QueuedTask] {
            try db.fetchRecords(Table.TaskDirty.self, order: "task_key", limit: limit)
                .map { QueuedTask(key: TaskKey($0.taskKey), cause: $0.cause) }
        }

        /// Takes keys off the queue (after their tasks are written, in the same transaction).
        public func dequeueTasks(_ keys: [TaskKey]) throws {
            try db.deleteLater(Table.TaskDirty.self, keys: keys.map { [$0.rawValue] })
        }

        /// Queues every task that any patch names, and every stored task (a rebuild).
        public func queueEveryTask(cause: String) throws {
            try db.execute(
                sql: """
                    INSERT INTO task_dirty (task_key, cause)
                      SELECT task_key, CAST(?1 AS TEXT) FROM task_patch UNION SELECT key, CAST(?1 AS TEXT) FROM task WHERE true
                    ON CONFLICT DO NOTHING
                    """,
                arguments: [cause])
        }

        /// Every patch of each key, read in a few queries.
        public func patches(of keys: [TaskKey]) throws -> [TaskKey: [TaskPatch]] {
            var out: [TaskKey: [TaskPatch]] = [:]
            try forEachRow("SELECT task_key, body FROM task_patch WHERE task_key IN", keys) { row in
                out[TaskKey(try row["task_key"] as String), default: []].append(try LedgerStore.decodePatch(row["body"]))
            }
            return out
        }

        /// The stored tasks among `keys`.
        public func storedTasks(_ keys: [TaskKey]) throws -> [TaskKey: StoredTask] {
            var out: [TaskKey: StoredTask] = [:]
            try forEachRow("SELECT key, revision, body FROM task WHERE key IN", keys) { row in
                out[TaskKey(try row["key"] as String)] = StoredTask(revision: try row["revision"], task: try LedgerStore.decodeTask(row["body"]))
            }
            return out
        }

        /// The primary task of each of `keys` that is merged into a unit with other members (most tasks are in none).
        public func unitPrimaries(_ keys: [TaskKey]) throws -> [TaskKey: TaskKey] {
            var out: [TaskKey: TaskKey] = [:]
            try forEachRow("SELECT key, unit_primary FROM task WHERE unit_primary IS NOT NULL AND key IN", keys) { row in
                out[TaskKey(try row["key"] as String)] = TaskKey(try row["unit_primary"] as String)
            }
            return out
        }

        /// Runs `sql` followed by an `(?, …)` list of at most 500 keys at a time, and calls `body` with each row.
        func forEachRow(_ sql: String, _ keys: [TaskKey], _ body: (LedgerRow) throws -> Void) throws {
            try forEachRow(sql, keys.map(\.rawValue), body)
        }

        /// `forEachRow` over any text values.
        func forEachRow(_ sql: String, _ values: [String], _ body: (LedgerRow) throws -> Void) throws {
            try db.forEachRow(sql, values, body)
        }

        /// Writes folded tasks, each unless the stored one is equal: its row, a revision when its values changed, and
        /// the officer rows that differ from the stored ones; one outcome per task, in order. The rows go out together
        /// (`TaskRows`). With `rewriteOfficers` (a rebuild, after the officer rows were dropped) every officer row is
        /// written again. Each task key at most once.
        public func write(_ folded: [FoldedTask], at time: Timestamp, rewriteOfficers: Bool = false) throws -> [TaskWrite] {
            var rows = TaskRows()
            let outcomes = folded.map { item -> TaskWrite in
                let task = item.task
                // Compared as values: a body written by an earlier release in another format is not a change.
                let same = item.stored?.task == task
                if let stored = item.stored, same || Self.sameValues(stored.task, task) {
                    if !same { rows.replaceBody(of: task) }
                    if rewriteOfficers { rows.officers(task, previous: stored.task, insertAll: true) }
                    return same ? .unchanged : .provenance
                }
                let revision = (item.stored?.revision ?? 0) + 1
                rows.store(
                    task, previous: item.stored?.task, body: LedgerStore.encode(task), revision: revision, cause: item.cause, at: time,
                    insertAllOfficers: rewriteOfficers)
                return .revised(revision)
            }
            try rows.write(db)
            return outcomes
        }

        /// Drops the officer rows (a rebuild writes them all again).
        public func dropOfficerRows() throws {
            try db.execute(sql: "DELETE FROM task_officer")
        }

        /// Calls `body` with every stored task, in key order, through a cursor (a large ledger does not fit in memory).
        public func forEachTask(_ body: (UnifiedTask) throws -> Void) throws {
            try db.forEachRow(sql: "SELECT body FROM task ORDER BY key") { try body(try LedgerStore.decodeTask($0["body"])) }
        }

        /// The tasks that name each of `officers` (main handler or coordinator), each list ordered by key, read in a
        /// few queries for a batch.
        public func officerTasks(of officers: [String]) throws -> [String: [UnifiedTask]] {
            var out: [String: [UnifiedTask]] = [:]
            var seen = Set<[String]>()
            // Rows come in no particular order (PostgreSQL's is not SQLite's): a task that names the officer as main
            // handler and as coordinator is kept once, and each list is sorted below.
            try forEachRow(
                "SELECT o.officer, o.task_key, t.body FROM task_officer o JOIN task t ON t.key = o.task_key WHERE o.officer IN", officers
            ) { row in
                let officer: String = try row["officer"]
                guard seen.insert([officer, try row["task_key"]]).inserted else { return }
                out[officer, default: []].append(try LedgerStore.decodeTask(row["body"]))
            }
            return out.mapValues { $0.sorted { $0.key.rawValue.utf8.lexicographicallyPrecedes($1.key.rawValue.utf8) } }  // as SQL orders them: by bytes
        }

        /// Every task that names `officer` (main handler or coordinator), ordered by key.
        public func officerTasks(_ officer: String) throws -> [UnifiedTask] {
            try LedgerStore.officerTasks(db, officer)
        }

        /// True when two folds differ at most in their provenance.
        public static func sameValues(_ a: UnifiedTask, _ b: UnifiedTask) -> Bool {
            var a = a
            var b = b
            a.provenance = []
            b.provenance = []
            return a == b
        }
    }
}
