import BridgeModel
import Foundation

/// The conflicts of the queue that are computed when read, not stored by the projector (docs/reconciliation.md):
/// an account that tasks name and no directory officer holds (`person`), and a task made by a record its source
/// no longer lists (`missing`), and an officer's dispute of a task (`dispute`). Their notes tell an admin what to
/// do, with the command.
public enum ComputedConflicts {
    /// Every kind: people first, then missing records, then disputes.
    public static func all(_ inputs: ConflictInputs) -> [Conflict] {
        people(inputs) + missing(inputs) + disputes(inputs)
    }

    /// One conflict per account no directory officer holds, listing the tasks that name it (always open: it ends
    /// when the directory or a link gives the account to an officer).
    public static func people(_ inputs: ConflictInputs) -> [Conflict] {
        var byAccount: [String: [Conflict.Side]] = [:]
        var agency: [String: String] = [:]
        for use in inputs.unheldAccounts {
            byAccount[use.account, default: []].append(Conflict.Side(task: use.task, source: "", value: use.role, records: []))
            if agency[use.account] == nil, let value = use.agency { agency[use.account] = value }
        }
        return byAccount.keys.sorted().map { account in
            let sides = byAccount[account]!
            return Conflict(
                kind: .person, state: .open, task: nil, subject: account, agency: agency[account], sides: sides,
                note: "\(sides.count) task(s) name \(account), which no directory officer holds: kpibridge directory link \(account) OFFICER --reason …")
        }
    }

    /// One conflict per task made by a record its source no longer lists (the latest audit of each source);
    /// resolved once an admin accepts it (the decision names the record: `missingSubject`).
    public static func missing(_ inputs: ConflictInputs) -> [Conflict] {
        let accepted = Set(inputs.decisions.filter { $0.action == .accept }.compactMap { d in d.field.map { "\(d.task.rawValue) \($0)" } })
        var out: [Conflict] = []
        for audit in inputs.audits {
            for (record, tasks) in audit.missing.sorted(by: { $0.key < $1.key }) {
                for task in tasks {
                    let subject = missingSubject(source: audit.source, record: record)
                    let stored = inputs.auditedTasks[task]
                    let refs = stored?.provenance.filter { $0.source == audit.source && $0.recordId == record } ?? []
                    out.append(Conflict(
                        kind: .missing, state: accepted.contains("\(task.rawValue) \(subject)") ? .resolved : .open, task: task, subject: subject,
                        agency: stored?.agency,
                        sides: [Conflict.Side(task: task, source: audit.source, value: "not listed by \(audit.source) at \(audit.at)", records: refs)],
                        note: "\(audit.source) no longer lists record \(record) (audit of \(audit.at) by \(audit.actor)): deleted or withdrawn there? "
                            + "accept keeps the task as it is; kpibridge reconcile override \(task.rawValue) status cancelled takes it out of KPI"))
                }
            }
        }
        return out
    }

    /// One conflict per officer's dispute: open until an admin accepts or rejects it.
    public static func disputes(_ inputs: ConflictInputs) -> [Conflict] {
        inputs.disputes.sorted { $0.id < $1.id }.map { dispute in
            var conflict = Conflict(
                kind: .dispute, state: dispute.state == .open ? .open : .resolved, task: dispute.task, subject: dispute.subject, agency: dispute.agency,
                sides: [Conflict.Side(task: dispute.task, source: "officer:\(dispute.officer)", value: claim(dispute), records: [])],
                note: "\(dispute.officer) disputes \(dispute.task.rawValue): \(claim(dispute)). Reason: \(dispute.reason)"
                    + (dispute.document.map { "; document \($0)" } ?? "") + (dispute.evidence.map { "; evidence \($0.name) (\($0.size) bytes)" } ?? ""))
            if dispute.state != .open { conflict.note += " — \(dispute.state.rawValue) by \(dispute.decidedBy ?? "?")" }
            return conflict
        }
    }

    /// What a dispute says, in a line.
    public static func claim(_ dispute: Dispute) -> String {
        switch dispute.kind {
        case .notMine: "not mine"
        case .deadlineExtended: "deadline extended to \(dispute.value ?? "?")"
        case .completedOn: "completed on \(dispute.value ?? "?")"
        case .wrongProductType: "product type should be \(dispute.value ?? "?")"
        case .countedTwice: "the same work as \(dispute.value ?? "?"), counted twice"
        }
    }

    /// The field name an acceptance of a missing record carries: `missing:SOURCE/RECORD`.
    public static func missingSubject(source: String, record: String) -> String { "missing:\(source)/\(record)" }
}
