import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeReconciliation
import Foundation

/// What deciding a dispute did: the dispute as decided, the decisions recorded (none for a rejection), and the
/// scores that moved.
public struct DisputeOutcome: Sendable {
    public let dispute: Dispute
    public let decisions: [ReconcileDecision]
    public let scores: [ScoreMove]
    public let dryRun: Bool

    /// The lines the command prints.
    public var lines: [String] {
        var out = ["\(dryRun ? "would \(dispute.state == .accepted ? "accept" : "reject")" : dispute.state.rawValue) dispute \(dispute.id)"]
        out += decisions.map { "  \(dryRun ? "would record" : "recorded") decision \(dryRun ? "" : "#\($0.sequence) ")\($0.summary)" }
        out.append("scores that move: \(scores.count)")
        out += scores.map { "  \($0.line)" }
        return out
    }
}

/// Officers' disputes of their tasks (docs/reconciliation.md, "Disputes").
extension Bridge {
    /// The largest evidence file an officer may attach.
    public static let evidenceLimit = 5 << 20

    /// Raises `officer`'s dispute of `task`: the task must count for them, the value must fit the kind (a day for
    /// an extension or a completion, a product type, another task's key), a reason is needed, and the same
    /// officer may not have the same kind open on the task twice.
    public func raiseDispute(
        officer: String, task key: TaskKey, kind: Dispute.Kind, value: String?, reason: String, document: String? = nil,
        evidence: (name: String, data: Data)? = nil, actor: String, at time: Timestamp
    ) throws -> Dispute {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw AppError("a dispute needs a reason") }
        guard reason.count <= 2_000 else { throw AppError("the reason is longer than 2,000 characters") }
        guard let task = try store.tasks.task(key)?.task, scoreBook.officers(of: task).contains(officer) else {
            throw AppError("no task '\(key.rawValue)' of \(officer)")
        }
        let value = value?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        switch kind {
        case .notMine: break
        case .deadlineExtended, .completedOn:
            guard let value, CalendarDay(iso: value) != nil else { throw AppError("\(kind.rawValue) needs a day (YYYY-MM-DD), not '\(value ?? "")'") }
        case .wrongProductType:
            guard value != nil else { throw AppError("wrong-product-type needs the right product type") }
        case .countedTwice:
            guard let value, value != key.rawValue, try store.tasks.task(TaskKey(value)) != nil else {
                throw AppError("counted-twice needs the key of the other task that is the same work, not '\(value ?? "")'")
            }
        }
        if let evidence, evidence.data.count > Self.evidenceLimit {
            throw AppError("the evidence file is \(evidence.data.count) bytes: at most \(Self.evidenceLimit >> 20) MiB")
        }
        if try store.disputes.list(officer: officer).contains(where: { $0.task == key && $0.kind == kind && $0.state == .open }) {
            throw AppError("\(officer) has an open \(kind.rawValue) dispute of this task already")
        }
        let dispute = Dispute(
            officer: officer, task: key, kind: kind, value: kind == .notMine ? nil : value, reason: reason,
            document: document?.trimmingCharacters(in: .whitespaces).nilIfEmpty, raisedAt: time)
        return try store.disputes.raise(dispute, evidence: evidence, actor: actor)
    }

    /// The decisions accepting `dispute` records: for not-mine, the officer the admin names (`value`) becomes the
    /// main handler; an extension sets the deadline; a completion day sets the status completed (when it is not)
    /// and the completion time; a product type sets it; counted twice links the two tasks into one unit.
    func requests(accepting dispute: Dispute, value: String?, _ tx: LedgerTransaction) throws -> [ReconcileRequest] {
        switch dispute.kind {
        case .notMine:
            guard let value = value?.nilIfEmpty else { throw AppError("accepting a not-mine dispute needs the officer whose task it is (value)") }
            return [.override(dispute.task, field: "mainHandler", value: value)]
        case .deadlineExtended:
            return [.override(dispute.task, field: "dueAt", value: dispute.value ?? "")]
        case .completedOn:
            let completed = try tx.tasks.storedTasks([dispute.task])[dispute.task]?.task.status == .completed
            return (completed ? [] : [.override(dispute.task, field: "status", value: "completed")])
                + [.override(dispute.task, field: "completedAt", value: dispute.value ?? "")]
        case .wrongProductType:
            return [.override(dispute.task, field: "productType", value: dispute.value ?? "")]
        case .countedTwice:
            return [.link(dispute.task, TaskKey(dispute.value ?? ""))]
        }
    }

    /// Accepts or rejects open dispute `id`, in one transaction with the decisions it asks for; `dryRun` works it
    /// out and rolls it back (the score impact an admin sees before deciding).
    @discardableResult
    public func decideDispute(
        _ id: Int64, accept: Bool, value: String? = nil, reason: String, actor: String, at time: Timestamp, dryRun: Bool = false
    ) throws -> DisputeOutcome {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw AppError("deciding a dispute needs a reason") }
        let projector = importer.projector
        let outcome = try store.write(dryRun: dryRun, failure: "deciding the dispute failed") { tx -> DisputeOutcome in
            guard let dispute = try DisputeStore.dispute(tx, id) else { throw AppError("no dispute \(id)") }
            guard dispute.state == .open else { throw AppError("dispute \(id) is \(dispute.state.rawValue) already") }
            let before = try tx.scores.storedScoreBodies()
            var recorded: [ReconcileDecision] = []
            let note = "dispute \(id) by \(dispute.officer): \(reason)"
            if accept {
                for request in try requests(accepting: dispute, value: value, tx) {
                    let decision = try Self.decision(for: request, tx, reason: note, actor: actor, at: time, precedence: projector.precedence)
                    recorded.append(try ReconcileStore.record(tx, decision))
                    // A later request reads what the earlier one did (a completion after its status).
                    _ = try projector.drain(tx, at: time, cause: "dispute \(id)", keepChanges: false)
                }
            }
            let applied = accept ? (dispute.kind == .notMine ? value : dispute.value) : nil
            try DisputeStore.decide(tx, id: id, accepted: accept, value: applied, reason: reason, actor: actor, at: time)
            _ = try projector.drain(tx, at: time, cause: "dispute \(id)", keepChanges: false)
            guard let decided = try DisputeStore.dispute(tx, id) else { throw AppError("no dispute \(id)") }
            return DisputeOutcome(dispute: decided, decisions: recorded, scores: ScoreMove.between(before, try tx.scores.storedScoreBodies()), dryRun: dryRun)
        }
        if !dryRun { try store.makeDurable() }
        return outcome
    }

    /// The dispute a conflict of the queue stands for.
    public static func disputeId(of conflict: Conflict) -> Int64? {
        guard conflict.kind == .dispute, let subject = conflict.subject, subject.hasPrefix("dispute:") else { return nil }
        return Int64(subject.dropFirst("dispute:".count))
    }
}

extension String {
    /// Nil for an empty string.
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
