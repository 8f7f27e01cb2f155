import BridgeLedger
import BridgeModel
import BridgePipeline
import Foundation

/// What `replay run --source S --reprocess` prints: each task that would appear or change, field by field.
public enum ReprocessFormatter {
    public static func render(_ report: ReprocessReport, failures: [String], source: String, dryRun: Bool) throws -> String {
        let verb = dryRun ? "would" : "did"
        var lines: [String] = []
        for change in report.changes {
            guard let before = change.before else {
                lines.append("+ \(change.after.key) (new)")
                continue
            }
            lines.append("~ \(change.after.key)")
            for (field, old, new) in try fieldDiff(before, change.after) {
                lines.append("    \(field): \(old) → \(new)")
            }
        }
        for key in report.orphaned {
            lines.append("! \(key): no record derives it under the new mapping; kept as it was")
        }
        for failure in failures { lines.append("✗ \(failure)") }
        if !lines.isEmpty { lines.append("") }
        lines.append(
            "source \(source): \(report.payloads) stored payloads mapped again; tasks that \(verb) appear: \(report.changes.filter { $0.before == nil }.count), "
                + "change: \(report.changes.filter { $0.before != nil }.count), "
                + "no longer derived: \(report.orphaned.count); records failing: \(failures.count)")
        if !report.summary.movedScores.isEmpty {
            lines.append("scores that \(verb) move: " + report.summary.movedScores.sorted().joined(separator: ", "))
        }
        if dryRun { lines.append("(dry run: nothing was kept)") }
        return lines.joined(separator: "\n")
    }

    /// The fields whose values differ, provenance left out, as compact JSON text.
    static func fieldDiff(_ a: UnifiedTask, _ b: UnifiedTask) throws -> [(String, String, String)] {
        let left = try fields(a)
        let right = try fields(b)
        return Set(left.keys).union(right.keys).sorted().compactMap { field in
            let old = left[field] ?? "—"
            let new = right[field] ?? "—"
            return old == new ? nil : (field, old, new)
        }
    }

    private static func fields(_ task: UnifiedTask) throws -> [String: String] {
        var copy = task
        copy.provenance = []
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let object = try JSONSerialization.jsonObject(with: try encoder.encode(copy)) as? [String: Any] ?? [:]
        return try object.mapValues { value in
            let data = try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])
            return String(decoding: data, as: UTF8.self)
        }
    }
}
