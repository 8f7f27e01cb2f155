import BridgeModel
import Foundation

extension Table {
    /// A row of `task`: a unified task as the projector folded it, with the columns lists filter on. A
    /// projection `rebuild` recomputes.
    struct Task: LedgerRecord, Equatable {
        static let table = "task"
        static let columns = ["key", "revision", "block", "agency", "status", "main_handler", "due_at", "body", "updated_at", "unit_primary"]
        static let key = ["key"]

        var key: String
        var revision: Int
        var block: String?
        var agency: String?
        var status: String
        var mainHandler: String?
        /// The deadline in force, in milliseconds (for ordering and windows).
        var dueAt: Int64?
        var body: Data
        var updatedAt: Timestamp
        /// The task whose unit-level figures this one's are (see `LedgerStore.unitPrimary`).
        var unitPrimary: String?

        init(_ task: UnifiedTask, revision: Int, body: Data, at time: Timestamp) {
            key = task.key.rawValue
            self.revision = revision
            block = task.block?.rawValue
            agency = task.agency
            status = task.status.rawValue
            mainHandler = task.mainHandler?.officerKey
            dueAt = task.dueAt?.millis
            self.body = body
            updatedAt = time
            unitPrimary = LedgerStore.unitPrimary(task)
        }

        var values: [(any SQLBindable)?] {
            [key, revision, block, agency, status, mainHandler, dueAt, body, StoredInstant.value(updatedAt), unitPrimary]
        }
    }

    /// A row of `task_revision`: one version of a task, with the record that caused it. Kept by `rebuild`
    /// (history), though the projector writes it.
    struct TaskRevision: LedgerRecord, Equatable {
        static let table = "task_revision"
        static let generatedId: String? = "id"
        static let columns = ["task_key", "revision", "body", "cause", "at"]
        static let key = ["task_key", "revision"]

        var taskKey: String
        var revision: Int
        var body: Data
        var cause: String
        var at: Timestamp

        var values: [(any SQLBindable)?] { [taskKey, revision, body, cause, StoredInstant.value(at)] }
    }

    /// A row of `task_officer`: an officer a task names, in a role (`main` or `coordinator`). A projection.
    struct TaskOfficer: LedgerRecord, Hashable, Comparable {
        static let table = "task_officer"
        static let columns = ["task_key", "officer", "role"]
        static let key = ["task_key", "officer", "role"]

        var taskKey: String
        var officer: String
        var role: String

        var values: [(any SQLBindable)?] { [taskKey, officer, role] }

        static func < (a: TaskOfficer, b: TaskOfficer) -> Bool { (a.taskKey, a.officer, a.role) < (b.taskKey, b.officer, b.role) }
    }

    /// A row of `task_dirty`: a task the projector owes a fold, with the first cause. A queue.
    struct TaskDirty: LedgerRecord, Equatable {
        static let table = "task_dirty"
        static let columns = ["task_key", "cause"]
        static let key = ["task_key"]

        var taskKey: String
        var cause: String

        var values: [(any SQLBindable)?] { [taskKey, cause] }
    }
}

extension Table.Task {
    init(row: LedgerRow) throws {
        key = try row["key"]
        revision = try row["revision"]
        block = try row["block"]
        agency = try row["agency"]
        status = try row["status"]
        mainHandler = try row["main_handler"]
        dueAt = try row["due_at"]
        body = try row["body"]
        updatedAt = try StoredInstant.read(row, "updated_at")
        unitPrimary = try row["unit_primary"]
    }
}

extension Table.TaskRevision {
    init(row: LedgerRow) throws {
        taskKey = try row["task_key"]
        revision = try row["revision"]
        body = try row["body"]
        cause = try row["cause"]
        at = try StoredInstant.read(row, "at")
    }
}

extension Table.TaskOfficer {
    init(row: LedgerRow) throws {
        taskKey = try row["task_key"]
        officer = try row["officer"]
        role = try row["role"]
    }
}

extension Table.TaskDirty {
    init(row: LedgerRow) throws {
        taskKey = try row["task_key"]
        cause = try row["cause"]
    }
}
