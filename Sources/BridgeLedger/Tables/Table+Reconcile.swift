import BridgeModel
import Foundation

extension Table {
    /// A row of `reconcile_decision`: an admin's decision, numbered in order. A fact the projector applies.
    struct ReconcileDecision: LedgerRecord, Equatable {
        static let table = "reconcile_decision"
        static let generatedId: String? = "sequence"
        static let columns = ["action", "task_key", "other_key", "field", "source", "value", "evidence", "actor", "reason", "at"]
        static let key: [String] = []

        var decision: BridgeModel.ReconcileDecision

        init(_ decision: BridgeModel.ReconcileDecision) { self.decision = decision }

        var values: [(any SQLBindable)?] {
            [
                decision.action.rawValue, decision.task.rawValue, decision.other?.rawValue, decision.field, decision.source, decision.value,
                decision.evidence, decision.actor, decision.reason, StoredInstant.value(decision.at),
            ]
        }
    }

    /// A row of `task_match`: a task stored under a match key, with its source. A projection.
    struct TaskMatch: LedgerRecord, Hashable {
        static let table = "task_match"
        static let columns = ["match_key", "task_key", "source"]
        static let key = ["match_key", "task_key"]

        var matchKey: String
        var taskKey: String
        var source: String

        var values: [(any SQLBindable)?] { [matchKey, taskKey, source] }
    }

    /// A row of `conflict`: one entry of the reconciliation queue (JSON `Conflict`), with the columns the queue is
    /// filtered and replaced by. A projection.
    struct Conflict: LedgerRecord, Equatable {
        static let table = "conflict"
        static let columns = ["id", "kind", "state", "task_a", "task_b", "match_key", "agency", "body"]
        static let key = ["id"]

        var id: String
        var kind: String
        var state: String
        var taskA: String?
        var taskB: String?
        var matchKey: String?
        var agency: String?
        var body: String

        init(_ conflict: BridgeModel.Conflict) throws {
            id = conflict.id
            kind = conflict.kind.rawValue
            state = conflict.state.rawValue
            taskA = conflict.task?.rawValue
            taskB = conflict.other?.rawValue
            matchKey = conflict.key
            agency = conflict.agency
            body = try LedgerStore.encode(conflict)
        }

        var values: [(any SQLBindable)?] { [id, kind, state, taskA, taskB, matchKey, agency, body] }
    }
}

extension Table.ReconcileDecision {
    init(row: LedgerRow) throws {
        let sequence: Int = try row.columns.contains("sequence") ? row["sequence"] : 0
        let action: String = try row["action"]
        guard let value = BridgeModel.ReconcileDecision.Action(rawValue: action) else {
            throw LedgerSQLError("decision \(sequence): unknown action '\(action)'")
        }
        decision = BridgeModel.ReconcileDecision(
            sequence: sequence, action: value, task: TaskKey(try row["task_key"] as String),
            other: (try row["other_key"] as String?).map(TaskKey.init(rawValue:)), field: try row["field"], source: try row["source"],
            value: try row["value"], evidence: try row["evidence"], actor: try row["actor"], reason: try row["reason"],
            at: try StoredInstant.read(row, "at"))
    }
}

extension Table.TaskMatch {
    init(row: LedgerRow) throws {
        matchKey = try row["match_key"]
        taskKey = try row["task_key"]
        source = try row["source"]
    }
}

extension Table.Conflict {
    init(row: LedgerRow) throws {
        id = try row["id"]
        kind = try row["kind"]
        state = try row["state"]
        taskA = try row["task_a"]
        taskB = try row["task_b"]
        matchKey = try row["match_key"]
        agency = try row["agency"]
        body = try row["body"]
    }
}
