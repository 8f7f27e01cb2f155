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
        "\(s.source): \(s.failure == nil ? "ok" : "failed") — \(s.pages) page(s), \(s.commits.records) record(s), \(s.commits.newTasks) new, \(s.commits.updatedTasks) updated, \(s.notModified) not modified, \(s.retries) retries"
    }
}
