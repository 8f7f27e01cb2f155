import BridgeModel
import Foundation

/// The rows a batch of folded tasks writes — current rows, revisions, officer rows — gathered first and then sent
/// together (`write`): a few multi-row statements on PostgreSQL, where each statement costs a round of the
/// network, and the same cached single-row statements as before on SQLite. A batch names each task once.
struct TaskRows {
    private var current: [[(any SQLBindable)?]] = []
    private var provenance: [[(any SQLBindable)?]] = []
    private var revisions: [[(any SQLBindable)?]] = []
    private var officersGone: [[(any SQLBindable)?]] = []
    private var officersNew: [[(any SQLBindable)?]] = []

    /// A new revision of `task`: its current row, the revision, and who it names now (see `officers`).
    mutating func store(
        _ task: UnifiedTask, previous: UnifiedTask?, body: Data, revision: Int, cause: String, at now: String, insertAllOfficers: Bool
    ) {
        current.append([
            task.key.rawValue, revision, task.block?.rawValue, task.agency, task.status.rawValue,
            task.mainHandler?.officerKey, task.dueAt?.millis, body, now, LedgerStore.unitPrimary(task),
        ])
        revisions.append([task.key.rawValue, revision, body, cause, now])
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
        for row in old.subtracting(new).sorted() { officersGone.append([task.key.rawValue, row.officer, row.role]) }
        for row in (insertAll ? new : new.subtracting(old)).sorted() { officersNew.append([task.key.rawValue, row.officer, row.role]) }
    }

    /// Sends the gathered rows, tasks before the rows that refer to them.
    func write(_ db: any LedgerSQL) throws {
        try db.insertLater(
            "INSERT INTO task (key, revision, block, agency, status, main_handler, due_at, body, updated_at, unit_primary)", rows: current,
            suffix: """
                ON CONFLICT(key) DO UPDATE SET revision = excluded.revision, block = excluded.block,
                  agency = excluded.agency, status = excluded.status, main_handler = excluded.main_handler,
                  due_at = excluded.due_at, body = excluded.body, updated_at = excluded.updated_at,
                  unit_primary = excluded.unit_primary
                """)
        for row in provenance { try db.executeLater(sql: "UPDATE task SET body = ? WHERE key = ?", arguments: row) }
        try db.insertLater("INSERT INTO task_revision (task_key, revision, body, cause, at)", rows: revisions, suffix: "")
        try db.deleteLater(from: "task_officer", key: ["task_key", "officer", "role"], rows: officersGone)
        try db.insertLater("INSERT INTO task_officer (task_key, officer, role)", rows: officersNew, suffix: "ON CONFLICT DO NOTHING")
    }
}
