import BridgeModel
import Foundation

extension Table {
    /// A row of `dispute`: an officer's dispute of a task, and how it was decided. A fact: the claim is never
    /// changed; the decision columns are written once.
    struct Dispute: LedgerRecord, Equatable {
        static let table = "dispute"
        static let generatedId: String? = "id"
        static let columns = [
            "officer", "task_key", "kind", "value", "reason", "document", "evidence_hash", "evidence_name", "evidence_size", "raised_at", "state",
            "decided_at", "decided_by", "decision_reason", "decided_value",
        ]
        static let key: [String] = []

        var id: Int64?
        var dispute: BridgeModel.Dispute

        var values: [(any SQLBindable)?] {
            [
                dispute.officer, dispute.task.rawValue, dispute.kind.rawValue, dispute.value, dispute.reason, dispute.document, dispute.evidence?.hash,
                dispute.evidence?.name, dispute.evidence?.size, StoredInstant.value(dispute.raisedAt), dispute.state.rawValue,
                dispute.decidedAt.map(StoredInstant.value), dispute.decidedBy, dispute.decisionReason, dispute.decidedValue,
            ]
        }
    }
}

extension Table.Dispute {
    init(row: LedgerRow) throws {
        id = try row["id"]
        let hash: String? = try row["evidence_hash"]
        let kindText: String = try row["kind"], stateText: String = try row["state"]
        guard let kind = BridgeModel.Dispute.Kind(rawValue: kindText), let state = BridgeModel.Dispute.State(rawValue: stateText) else {
            throw LedgerError("dispute \(id ?? 0): kind '\(kindText)' or state '\(stateText)' is not one this release knows")
        }
        dispute = BridgeModel.Dispute(
            id: id ?? 0, officer: try row["officer"], task: TaskKey(try row["task_key"] as String), kind: kind, value: try row["value"],
            reason: try row["reason"], document: try row["document"],
            evidence: try hash.map { BridgeModel.Dispute.Evidence(hash: $0, name: try row["evidence_name"] ?? "", size: try row["evidence_size"] ?? 0) },
            raisedAt: try StoredInstant.read(row, "raised_at"), state: state,
            decidedAt: try StoredInstant.readOptional(row, "decided_at"),
            decidedBy: try row["decided_by"], decisionReason: try row["decision_reason"], decidedValue: try row["decided_value"])
    }
}
