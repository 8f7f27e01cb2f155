import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeReconciliation
import Foundation

/// What an admin asks of the reconciliation queue (`kpibridge reconcile …`).
public enum ReconcileRequest: Sendable {
    /// Two tasks are the same work.
    case link(TaskKey, TaskKey)
    /// Two tasks are not the same work.
    case unlink(TaskKey, TaskKey)
    /// A candidate is the same work; a disagreement's value as precedence gives it is right.
    case accept(String)
    /// A candidate is not the same work.
    case reject(String)
    /// A unit takes a field from one source; `subject` is a conflict id or a task key.
    case choose(subject: String, field: String, source: String)
    /// A task's field is a value, whatever its sources say.
    case override(TaskKey, field: String, value: String)
}

/// What a decision did, or would do (a dry run): the decision as recorded and the scores that move.
public struct ReconcileOutcome: Sendable {
    public let decision: ReconcileDecision
    public let scores: [ScoreMove]
    /// Tasks whose values changed, by key.
    public let tasks: [TaskKey]
    public let dryRun: Bool

    /// The lines the command prints.
    public var lines: [String] {
        var out = ["\(dryRun ? "would record" : "recorded") decision \(dryRun ? "" : "#\(decision.sequence) ")\(decision.summary)"]
        out.append("tasks that change: \(tasks.count)")
        out += tasks.prefix(50).map { "  \($0.rawValue)" }
        out.append("scores that move: \(scores.count)")
        out += scores.prefix(50).map { "  \($0.line)" }
        if scores.count > 50 { out.append("  … and \(scores.count - 50) more") }
        return out
    }
}

extension ReconcileDecision {
    /// One line: the action and what it is about.
    public var summary: String {
        switch action {
        case .link, .unlink: "\(action.rawValue) \(task.rawValue) \(other?.rawValue ?? "")"
        case .accept: "accept \(field ?? "") of \(task.rawValue)"
        case .choose: "choose \(field ?? "") of \(task.rawValue) from \(source ?? "")"
        case .override: "override \(field ?? "") of \(task.rawValue) to \(value ?? "")"
        }
    }
}

extension Bridge {
    /// The reconciliation queue: the conflicts the projector stores, then those computed on read (accounts no
    /// officer holds, records a source no longer lists, officers' disputes), by kind then id.
    public func conflicts(_ filter: ConflictFilter = .init()) throws -> [Conflict] {
        let computedKinds: Set<Conflict.Kind> = [.person, .missing, .dispute]
        let stored = filter.kind.map(computedKinds.contains) == true ? [] : try store.reconcile.conflicts(filter)
        // The computed kinds are read only when the filter can list them (their inputs scan the officer rows).
        guard filter.kind.map(computedKinds.contains) ?? true else { return stored }
        return stored + ComputedConflicts.all(try store.reconcile.conflictInputs()).filter(filter.matches)
    }

    /// One conflict of the queue by id (any case), or nil.
    public func findConflict(_ id: String) throws -> Conflict? {
        if let stored = try store.reconcile.conflict(id) { return stored }
        return ComputedConflicts.all(try store.reconcile.conflictInputs()).first { $0.id == id.uppercased() }
    }

    /// One conflict, or an error naming the id.
    public func conflict(_ id: String) throws -> Conflict {
        guard let conflict = try findConflict(id) else {
            throw AppError("no conflict '\(id)' in the queue (kpibridge reconcile list)")
        }
        return conflict
    }

    /// Records an admin's decision (a fact: who, when, why — `reason` is required), projects what it changes and
    /// returns the KPI impact. With `dryRun` the same is worked out in a transaction that is rolled back.
    @discardableResult
    public func decide(_ request: ReconcileRequest, reason: String, actor: String, at time: Timestamp, dryRun: Bool = false) throws -> ReconcileOutcome {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw AppError("a reconciliation decision needs --reason") }
        let projector = importer.projector
        let outcome = try store.write(dryRun: dryRun, failure: "recording the decision failed") { tx in
            let before = try tx.scores.storedScoreBodies()
            let decision = try Self.decision(for: request, tx, reason: reason, actor: actor, at: time, precedence: projector.precedence)
            let recorded = try ReconcileStore.record(tx, decision)
            let summary = try projector.drain(tx, at: time, cause: "decision \(recorded.sequence)", keepChanges: true)
            return ReconcileOutcome(
                decision: recorded, scores: ScoreMove.between(before, try tx.scores.storedScoreBodies()), tasks: summary.changes.keys.sorted(), dryRun: dryRun)
        }
        if !dryRun { try store.makeDurable() }
        return outcome
    }

    /// The decision a request makes, checked against the ledger: tasks that exist, a conflict of the right kind,
    /// a source that is a member, a value the field can hold.
    static func decision(
        for request: ReconcileRequest, _ tx: LedgerTransaction, reason: String, actor: String, at time: Timestamp, precedence: Precedence
    ) throws -> ReconcileDecision {
        func make(_ action: ReconcileDecision.Action, _ task: TaskKey, other: TaskKey? = nil, field: String? = nil, source: String? = nil,
                  value: String? = nil, evidence: String? = nil) -> ReconcileDecision {
            ReconcileDecision(action: action, task: task, other: other, field: field, source: source, value: value, evidence: evidence,
                              actor: actor, reason: reason, at: time)
        }
        switch request {
        case .link(let a, let b), .unlink(let a, let b):
            guard a != b else { throw AppError("a task cannot be linked to itself") }
            let stored = try tx.tasks.storedTasks([a, b])
            for key in [a, b] where stored[key] == nil { throw AppError("no task '\(key.rawValue)' in the ledger") }
            let together = stored[a]!.task.link.map { $0.members.contains(b) } ?? false
            if case .link = request {
                guard !together else { throw AppError("\(a.rawValue) and \(b.rawValue) are one unit of work already") }
                return make(.link, a, other: b)
            }
            guard together else { throw AppError("\(a.rawValue) and \(b.rawValue) are not linked") }
            return make(.unlink, a, other: b)
        case .accept(let id), .reject(let id):
            let conflict = try Self.conflict(id, tx)
            let accepting = if case .accept = request { true } else { false }
            switch conflict.kind {
            case .candidate:
                return make(accepting ? .link : .unlink, conflict.task!, other: conflict.other!)
            case .disagreement, .override:
                guard accepting else {
                    throw AppError("\(conflict.id) is a disagreement: settle it with accept, choose or override; reconcile unlink separates records that are not the same work")
                }
                return make(.accept, conflict.task!, field: conflict.subject, evidence: Survivorship.fingerprint(conflict.sides))
            case .person:
                throw AppError("\(conflict.id) is an account no officer holds: kpibridge directory link \(conflict.subject ?? "ACCOUNT") OFFICER --reason …")
            case .dispute:
                throw AppError("\(conflict.id) is an officer's dispute: kpibridge dispute \(accepting ? "accept" : "reject") \(Self.disputeId(of: conflict) ?? 0) --reason …")
            case .missing:
                guard accepting else {
                    throw AppError("\(conflict.id) is a record its source no longer lists: accept keeps the task; kpibridge reconcile override \(conflict.task?.rawValue ?? "TASK") status cancelled takes it out of KPI")
                }
                return make(.accept, conflict.task!, field: conflict.subject)
            }
        case .choose(let subject, let fieldName, let source):
            let field = try Self.field(fieldName)
            let task = try Self.subjectTask(subject, field: field, tx)
            let members = try Self.members(of: task, tx)
            guard members.count > 1 else { throw AppError("\(task.rawValue) is not linked to a record of another system: nothing to choose from (override sets a value)") }
            guard members.contains(where: { $0.source == source }) else {
                throw AppError("source '\(source)' gives no record of this unit (\(Set(members.map(\.source)).sorted().joined(separator: ", ")))")
            }
            return make(.choose, task, field: field.rawValue, source: source, evidence: Self.evidence(field, members))
        case .override(let key, let fieldName, let value):
            let field = try Self.field(fieldName)
            let members = try Self.members(of: key, tx)
            guard let primary = members.first else { throw AppError("no task '\(key.rawValue)' in the ledger") }
            // Checked against the unit as the decisions so far leave it (a completion time after a status override).
            let keys = Set(members.map(\.task.key))
            let earlier = try tx.links.decisions().filter { keys.contains($0.task) && $0.action == .override }
            var probe = Survivorship.merge(members, precedence: precedence, decisions: earlier).tasks[0]
            do { try Survivorship.overriding(field, with: value, in: &probe, directory: try tx.directory()) } catch {
                throw AppError("override \(field.rawValue) of \(key.rawValue): \(error)")
            }
            return make(.override, primary.task.key, field: field.rawValue, value: value, evidence: Self.evidence(field, members))
        }
    }

    /// A field a decision may name.
    static func field(_ name: String) throws -> UnitField {
        guard let field = UnitField(rawValue: name) else {
            throw AppError("'\(name)' is not a field a decision can name (\(UnitField.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return field
    }

    /// A conflict of the queue by id inside a transaction, or nil.
    static func findConflict(_ id: String, _ tx: LedgerTransaction) throws -> Conflict? {
        if let stored = try tx.links.conflict(id) { return stored }
        return ComputedConflicts.all(try tx.links.conflictInputs()).first { $0.id == id.uppercased() }
    }

    /// A conflict by id inside a transaction.
    static func conflict(_ id: String, _ tx: LedgerTransaction) throws -> Conflict {
        guard let conflict = try findConflict(id, tx) else {
            throw AppError("no conflict '\(id)' in the queue (kpibridge reconcile list)")
        }
        return conflict
    }

    /// The task a `choose` is about: a disagreement's unit (its field must be the one named), or a task key.
    static func subjectTask(_ subject: String, field: UnitField, _ tx: LedgerTransaction) throws -> TaskKey {
        if let conflict = try findConflict(subject, tx) {
            guard conflict.kind == .disagreement || conflict.kind == .override, let task = conflict.task else {
                throw AppError("\(conflict.id) is a \(conflict.kind.rawValue), not a disagreement about a field")
            }
            guard conflict.subject == field.rawValue else { throw AppError("\(conflict.id) is about \(conflict.subject ?? "another field"), not \(field.rawValue)") }
            return task
        }
        return TaskKey(subject)
    }

    /// The members of the unit `key` is in (the task alone when it is in none), each folded from its own records,
    /// primary first; empty when there is no such task.
    static func members(of key: TaskKey, _ tx: LedgerTransaction) throws -> [UnitMember] {
        guard let stored = try tx.tasks.storedTasks([key])[key] else { return [] }
        let keys = stored.task.link?.members ?? [key]
        let patches = try tx.tasks.patches(of: keys)
        let directory = try tx.directory()
        var members = keys.compactMap { member -> UnitMember? in
            guard let list = patches[member], !list.isEmpty else { return nil }
            let task = directory.resolved(TaskFolder.fold(key: member, patches: list))
            return UnitMember(task: task, source: UnitMember.source(of: task))
        }
        let primary = stored.task.link?.primary ?? key
        members.sort { ($0.task.key != primary ? 1 : 0, $0.task.key) < ($1.task.key != primary ? 1 : 0, $1.task.key) }
        return members
    }

    /// The field's values across the members as a decision keeps them.
    static func evidence(_ field: UnitField, _ members: [UnitMember]) -> String {
        Survivorship.fingerprint(members.compactMap { member in
            Survivorship.value(field, of: member.task).map { Conflict.Side(task: member.task.key, source: member.source, value: $0, records: []) }
        })
    }
}

extension Bridge {
    /// What each way of settling a conflict would do to stored scores, worked out by dry runs: a candidate
    /// accepted; a disagreement accepted as it is, or settled by each source in turn.
    public func impacts(of conflict: Conflict, at time: Timestamp) throws -> [(option: String, scores: [ScoreMove])] {
        var options: [(String, ReconcileRequest)] = []
        switch conflict.kind {
        case .candidate:
            options = [("accept (link)", .accept(conflict.id))]
        case .disagreement, .override:
            options = [("accept as shown", .accept(conflict.id))]
            for source in Set(conflict.sides.map(\.source)).sorted() {
                options.append(("choose \(source)", .choose(subject: conflict.id, field: conflict.subject ?? "", source: source)))
            }
        case .person:
            return []
        case .dispute:
            guard let id = Self.disputeId(of: conflict) else { return [] }
            var options: [(String, [ScoreMove])] = [("reject", [])]
            // Not-mine waits for the admin to name the officer: its impact is shown once they do.
            if let accepted = try? decideDispute(id, accept: true, reason: "impact", actor: "impact", at: time, dryRun: true) {
                options.insert(("accept the dispute", accepted.scores), at: 0)
            }
            return options
        case .missing:
            guard let task = conflict.task else { return [] }
            options = [("accept (keep the task)", .accept(conflict.id)), ("cancel the task", .override(task, field: "status", value: "cancelled"))]
        }
        return try options.map { option in
            (option.0, try decide(option.1, reason: "impact", actor: "impact", at: time, dryRun: true).scores)
        }
    }
}
