import BridgeLedger
import BridgeModel
import Foundation

/// What `replay run` prints.
public enum ReplayReport {
    public static func render(_ outcomes: [ReplayOutcome], dryRun: Bool) -> String {
        guard !outcomes.isEmpty else { return "no unresolved dead letter matches" }
        var lines = outcomes.map { o in
            "dead letter \(o.letter.id) (\(o.letter.source), \(o.letter.failureClass.rawValue)): "
                + (o.resolved ? (dryRun ? "would be resolved" : "resolved") : "still failing — \(o.failures[0])")
        }
        var total = CommitSummary()
        for o in outcomes { total.add(o.summary) }
        let verb = dryRun ? "would" : "did"
        lines.append("")
        lines.append("\(outcomes.filter(\.resolved).count) of \(outcomes.count) \(dryRun ? "would be" : "were") resolved; tasks that \(verb) appear: \(total.newTasks), change: \(total.updatedTasks)")
        if !total.changedTasks.isEmpty {
            lines.append("tasks: " + total.changedTasks.map(\.rawValue).sorted().joined(separator: ", "))
        }
        if !total.movedScores.isEmpty {
            lines.append("scores that \(verb) move: " + total.movedScores.sorted().joined(separator: ", "))
        }
        if dryRun { lines.append("(dry run: nothing was kept)") }
        return lines.joined(separator: "\n")
    }
}
