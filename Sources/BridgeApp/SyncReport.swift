import BridgeLedger
import BridgePipeline
import Foundation

/// The per-source summary `sync` prints.
public enum SyncReport {
    public static func table(_ summaries: [PollSummary]) -> String {
        let rows = summaries.map { s in
            [s.source, s.failure == nil ? "ok" : "FAILED", "\(s.requests)", "\(s.notModified)", "\(s.retries)", "\(s.pages)",
             "\(s.commits.records)", "\(s.commits.newTasks)", "\(s.commits.updatedTasks)", "\(s.commits.unchanged)",
             "\(s.commits.deadLetters)", s.circuit, String(format: "%.1f", s.seconds)]
        }
        var text = TextTable.render(
            header: ["source", "result", "requests", "304", "retries", "pages", "records", "new", "updated", "unchanged", "dead", "circuit", "seconds"],
            rows: rows)
        for s in summaries { if let failure = s.failure { text += "\n\(s.source): \(failure)" } }
        return text
    }

    /// One line as a source finishes (for logs and non-terminal output).
    public static func line(_ s: PollSummary) -> String {
        "\(s.source): \(s.failure == nil ? "ok" : "failed") — \(s.pages) page(s), \(s.commits.records) record(s), \(s.commits.newTasks) new, \(s.commits.updatedTasks) updated, \(s.commits.deadLetters) dead letter(s) (\(s.commits.newDeadLetters) new), \(s.notModified) not modified, \(s.retries) retries"
    }

    /// The last line of a sync that met dead letters: how many, how many new, and where an operator finds them.
    public static func deadLetterNote(_ summaries: [PollSummary]) -> String? {
        let dead = summaries.reduce(0) { $0 + $1.commits.deadLetters }
        guard dead > 0 else { return nil }
        let new = summaries.reduce(0) { $0 + $1.commits.newDeadLetters }
        let sources = summaries.filter { $0.commits.deadLetters > 0 }.map(\.source).joined(separator: ", ")
        return "\(dead) record(s) kept as dead letters, \(new) new (\(sources)): kpibridge replay list"
    }
}
