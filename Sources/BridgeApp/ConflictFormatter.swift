import BridgeLedger
import BridgeModel
import Foundation

/// How the reconciliation queue is shown (`kpibridge reconcile list` and `show`).
public enum ConflictFormatter {
    /// The queue as a table: id, kind, state, agency, what it is about, the tasks.
    public static func table(_ conflicts: [Conflict]) -> String {
        TextTable.render(
            header: ["id", "kind", "state", "agency", "about", "tasks"],
            rows: conflicts.map { c in
                [c.id, c.kind.rawValue, c.state.rawValue, c.agency ?? "", c.subject ?? "", tasks(c).joined(separator: " ")]
            }) + "\n\(conflicts.count) conflict(s)"
    }

    /// `reconcile list --format json`: every conflict with its sides (source, task, value), without the records
    /// behind them (`reconcile show` lists those); pretty, key-sorted, so the same queue prints the same bytes.
    public static func json(_ conflicts: [Conflict]) throws -> String {
        struct Side: Encodable { let task, source, value: String }
        struct Row: Encodable {
            let id, kind, state: String
            let task, other, subject, agency: String?
            let sides: [Side]
            let note: String
            let decision: Int?
        }
        return try TaskFormatter.json(conflicts.map { c in
            Row(
                id: c.id, kind: c.kind.rawValue, state: c.state.rawValue, task: c.task?.rawValue, other: c.other?.rawValue, subject: c.subject,
                agency: c.agency, sides: c.sides.map { Side(task: $0.task.rawValue, source: $0.source, value: $0.value) }, note: c.note,
                decision: c.decision)
        })
    }

    /// The tasks a conflict involves.
    static func tasks(_ c: Conflict) -> [String] {
        if c.kind == .person { return ["\(c.sides.count) task(s)"] }
        return [c.task?.rawValue, c.other?.rawValue].compactMap { $0 }
    }

    /// One conflict in full: what it is, each side with the records and payloads behind it, the decision that
    /// settles it, and what each way of settling it would do to scores.
    public static func detail(_ c: Conflict, decision: ReconcileDecision?, impacts: [(option: String, scores: [ScoreMove])]) -> String {
        var out = ["Conflict \(c.id)", "  kind      \(c.kind.rawValue)", "  state     \(c.state.rawValue)"]
        if let subject = c.subject { out.append("  about     \(subject)") }
        if let agency = c.agency { out.append("  agency    \(agency)") }
        out.append("  \(c.note)")
        out.append("Evidence")
        for side in c.sides {
            out.append("  \(side.source.isEmpty ? "" : side.source + "  ")\(side.task.rawValue): \(side.value)")
            for record in side.records.prefix(10) {
                out.append("    record \(record.recordId) v\(record.recordVersion) payload \(record.payloadHash.prefix(16)) mapping \(record.mappingId) v\(record.mappingVersion)")
            }
            if side.records.count > 10 { out.append("    … and \(side.records.count - 10) more record(s)") }
        }
        if let decision {
            out.append("Decision #\(decision.sequence) by \(decision.actor) at \(decision.at): \(decision.summary)")
            out.append("  reason: \(decision.reason)")
            if c.state == .reopened { out.append("  the sources changed since: was \(decision.evidence ?? "-")") }
        }
        if !impacts.isEmpty {
            out.append("KPI impact")
            for impact in impacts {
                out.append("  \(impact.option): \(impact.scores.isEmpty ? "no score moves" : "\(impact.scores.count) score(s) move")")
                out += impact.scores.prefix(20).map { "    \($0.line)" }
            }
        }
        return out.joined(separator: "\n")
    }

    /// The decisions as a table.
    public static func decisions(_ decisions: [ReconcileDecision]) -> String {
        TextTable.render(
            header: ["#", "at", "by", "decision", "reason"],
            rows: decisions.map { ["\($0.sequence)", $0.at.description, $0.actor, $0.summary, $0.reason] }) + "\n\(decisions.count) decision(s)"
    }
}
