import BridgeModel
import Foundation

/// The rows a batch of folded tasks writes — current rows, revisions, officer rows — gathered first and then sent
/// together (`write`): a few multi-row statements on PostgreSQL, where each statement costs a round of the
/// network, and the same cached single-row statements as before on SQLite. A batch names each task once.
struct TaskRows {
    private var current: [Table.Task] = []
    private var provenance: [[(any SQLBindable)?]] = []
    private var revisions: [Table.TaskRevision] = []
    private var officersGone: [Table.TaskOfficer] = []
    private var officersNew: [Table.TaskOfficer] = []

    /// A new revision of `task`: its current row, the revision, and who it names now (see `officers`).
    mutating func store(
        _ task: UnifiedTask, previous: UnifiedTask?, body: Data, revision: Int, cause: String, at now: Timestamp, insertAllOfficers: Bool
    ) {
        current.append(Table.Task(task, revision: revision, body: body, at: now))
        revisions.append(Table.TaskRevision(taskKey: task.key.rawValue, revision: revision, body: body, cause: cause, at: now))
        officers(task, previous: previous, insertAll: insertAllOfficers)
    }

    /// The same values with more provenance (a re-sent record): the body alone is written, no revision.
    mutating func replaceBody(of task: UnifiedTask) {
        provenance.append([LedgerStore.encode(task), task.key.rawValue])
    }

    /// Who a task names. `previous` is the task as stored until now (nil for a new task): only the officer rows
    /// that differ are deleted or inserted, by their whole key; with `insertAll` (a rebuild, after the rows were
    /// dropped) every row of the task is inserted where missing.
    /// (`DELETE … WHERE task_key = ?` on SQLite's WITHOUT ROWID table builds a temporary b-tree each time, which
    /// made it the dearest statement of a commit.)
    mutating func officers(_ task: UnifiedTask, previous: UnifiedTask?, insertAll: Bool) {
        let old = LedgerStore.officerRows(previous)
        let new = LedgerStore.officerRows(task)
        let key = task.key.rawValue
        for row in old.subtracting(new).sorted() { officersGone.append(Table.TaskOfficer(taskKey: key, officer: row.officer, role: row.role)) }
        for row in (insertAll ? new : new.subtracting(old)).sorted() {
            officersNew.append(Table.TaskOfficer(taskKey: key, officer: row.officer, role: row.role))
        }
    }

    /// Sends the gathered rows, tasks before the rows that refer to them.
    func write(_ db: any LedgerSQL) throws {
        try db.insertLater(current, onConflict: .update)
        for row in provenance { try db.executeLater(sql: "UPDATE task SET body = ? WHERE key = ?", arguments: row) }
        try db.insertLater(revisions)
        try db.deleteLater(officersGone)
        try db.insertLater(officersNew, onConflict: .ignore)
    }
}
