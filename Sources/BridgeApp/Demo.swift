import BridgeLedger
import BridgeModel
import BridgeScoring
import Foundation

/// `kpibridge demo`: imports the bundled E-Office samples into a fresh database and summarises the result.
public enum Demo {
    /// Runs the demo into the database at `databasePath` and returns the printed report.
    public static func run(home: String, databasePath: String) throws -> String {
        let bridge = try Bridge(configuration: .builtIn(home: home), databasePath: databasePath)
        let folder = "\(home)/Samples/eoffice"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".edxml") }.sorted()
        guard !files.isEmpty else { throw AppError("\(folder): no .edxml samples found") }
        let (summary, _) = try bridge.importFiles(files.map { "\(folder)/\($0)" }, source: "eoffice")
        let tasks = try bridge.store.tasks(TaskFilter())
        var lines = [
            "KPIBridge demo: imported \(files.count) edXML files from Samples/eoffice into \(databasePath)",
            ImportReport.line(summary), "",
        ]
        var groups: [[String]: Int] = [:]
        for task in tasks {
            groups[[task.block?.rawValue ?? "-", task.agency ?? "-", task.status.rawValue], default: 0] += 1
        }
        let rows = groups.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { $0 + [String(groups[$0]!)] }
        lines.append(TextTable.render(header: ["block", "agency", "status", "tasks"], rows: rows))
        lines.append("")
        lines.append("\(tasks.count) tasks; \(try bridge.store.deadLetters(includeResolved: false).count) dead letters (kpibridge replay list --database \(databasePath))")
        let now = Timestamp(Date())
        // The samples are dated: score the month with the most work due (the latest on a tie), as of now.
        let due = Dictionary(grouping: tasks.compactMap(\.dueAt).filter { $0 <= now }) { Period.containing($0)[0] }
        if let period = due.keys.max(by: { (due[$0]!.count, $0) < (due[$1]!.count, $1) }) {
            lines.append("")
            lines.append(try ScoreFormatter.render(try bridge.scoreReport(period: period, at: now, filter: ScoreFilter(), current: true).report, as: .table))
            lines.append("(kpibridge explain OFFICER --period \(period) --database \(databasePath) shows how a score was made)")
        }
        return lines.joined(separator: "\n")
    }
}

/// The one-line count summary printed by `import` and `demo`.
public enum ImportReport {
    public static func line(_ s: CommitSummary) -> String {
        "records \(s.records): \(s.applied) applied (new tasks \(s.newTasks), updated tasks \(s.updatedTasks)), \(s.unchanged) unchanged, \(s.deadLetters) dead letters (\(s.newDeadLetters) new)"
    }
}
