import BridgeModel
import Foundation

/// The unified tasks as the projector keeps them, for readers: lists, one task with its history, by officer.
public struct TaskStore: Sendable {
    let database: LedgerDatabase

    /// The store over `database` (a ledger file's, or `LedgerDatabase.inMemory()`).
    public init(_ database: LedgerDatabase) { self.database = database }

    /// Current tasks matching `filter`, ordered by key.
    public func list(_ filter: TaskFilter) throws -> [UnifiedTask] {
        let (whereSQL, arguments) = Self.conditions(filter, agencies: nil)
        return try database.read { db in
            try Data.fetchAll(db, sql: "SELECT body FROM task\(whereSQL) ORDER BY key", arguments: arguments)
                .map(LedgerStore.decodeTask)
                .filter { task in
                    !filter.unresolvedOnly || task.mainHandler?.officer == nil && task.mainHandler != nil
                        || task.coordinators.contains { $0.officer == nil } || task.assignedBy.map { $0.officer == nil } == true
                }
        }
    }

    /// The tasks not completed or cancelled whose deadline falls between `from` and `to` (inclusive), by deadline.
    public func open(dueFrom from: Timestamp, to: Timestamp) throws -> [UnifiedTask] {
        try database.read { db in
            try Data.fetchAll(
                db, sql: "SELECT body FROM task WHERE due_at BETWEEN ? AND ? AND status NOT IN ('completed', 'cancelled') ORDER BY due_at, key",
                arguments: [from.millis, to.millis]
            ).map(LedgerStore.decodeTask)
        }
    }

    /// One page of the tasks matching `filter` in key order, and how many match in all; only tasks of
    /// `agencies` when given (a token's scope: tasks without an agency are then left out). Read alone — the page,
    /// not the whole list (a served API page on a province's ledger).
    public func page(_ filter: TaskFilter, agencies: [String]?, limit: Int, offset: Int) throws -> (total: Int, items: [UnifiedTask]) {
        let (whereSQL, arguments) = Self.conditions(filter, agencies: agencies)
        return try database.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM task\(whereSQL)", arguments: arguments) ?? 0
            let items = try Data.fetchAll(db, sql: "SELECT body FROM task\(whereSQL) ORDER BY key LIMIT ? OFFSET ?", arguments: arguments + [limit, offset])
                .map(LedgerStore.decodeTask)
            return (total, items)
        }
    }

    /// The WHERE clause of a filter (its `unresolvedOnly` is applied by `list` after decoding).
    private static func conditions(_ filter: TaskFilter, agencies: [String]?) -> (String, [(any SQLBindable)?]) {
        var clauses: [String] = []
        var arguments: [(any SQLBindable)?] = []
        if let agency = filter.agency { clauses.append("agency = ?"); arguments += [agency] }
        if let status = filter.status { clauses.append("status = ?"); arguments += [status.rawValue] }
        if let block = filter.block { clauses.append("block = ?"); arguments += [block.rawValue] }
        if let officer = filter.officer { clauses.append("main_handler = ?"); arguments += [officer] }
        if let agencies {
            clauses.append("agency IN (\(agencies.map { _ in "?" }.joined(separator: ", ")))")
            arguments += agencies.map { $0 as (any SQLBindable)? }
        }
        return (clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND "), arguments)
    }

    /// One task with its revisions, or nil.
    public func task(_ key: TaskKey) throws -> (task: UnifiedTask, revisions: [TaskRevision])? {
        try database.read { db in
            guard let body = try Data.fetchOne(db, sql: "SELECT body FROM task WHERE key = ?", arguments: [key.rawValue])
            else { return nil }
            let revisions = try db.fetchRecords(Table.TaskRevision.self, where: "task_key = ?", order: "revision", arguments: [key.rawValue]).map { row in
                TaskRevision(revision: row.revision, at: row.at.description, cause: row.cause, task: try LedgerStore.decodeTask(row.body))
            }
            return (try LedgerStore.decodeTask(body), revisions)
        }
    }

    /// The current tasks of `keys` that exist (no revisions), by key.
    public func tasks(_ keys: Set<TaskKey>) throws -> [TaskKey: UnifiedTask] {
        try database.read { db in
            var out: [TaskKey: UnifiedTask] = [:]
            for key in keys.sorted() {
                if let body = try Data.fetchOne(db, sql: "SELECT body FROM task WHERE key = ?", arguments: [key.rawValue]) {
                    out[key] = try LedgerStore.decodeTask(body)
                }
            }
            return out
        }
    }

    /// Every task that names `officer` (main handler or coordinator), ordered by key.
    public func named(officer: String) throws -> [UnifiedTask] {
        try database.read { db in try LedgerStore.officerTasks(db, officer) }
    }

    /// Tasks per officer (main handler or coordinator), for scoring everyone at once.
    public func byOfficer() throws -> [String: [UnifiedTask]] {
        try database.read { db in
            var out: [String: [UnifiedTask]] = [:]
            for row in try LedgerRow.fetchAll(
                db, sql: "SELECT o.officer, t.body FROM task_officer o JOIN task t ON t.key = o.task_key ORDER BY o.officer, t.key")
            {
                let officer: String = try row["officer"]
                let task = try LedgerStore.decodeTask(row["body"])
                if out[officer]?.last?.key != task.key { out[officer, default: []].append(task) }
            }
            return out
        }
    }
}
