import BridgeLedger
import BridgeModel
import Foundation

/// Renders tasks for `kpibridge tasks` and `kpibridge task`.
public enum TaskFormatter {
    static let columns = [
        "key", "block", "agency", "unit", "status", "main_handler", "main_handler_name", "due_at", "completed_at",
        "code", "title",
    ]

    /// The whole list in one format. JSON is the stable, documented shape: an array of unified tasks
    /// (provenance is left out of the list; `task KEY` shows it).
    public static func render(_ tasks: [UnifiedTask], as format: OutputFormat, locale: ReportLocale = .en) throws -> String {
        switch format {
        case .json:
            return try UnifiedTask.listJSON(tasks)
        case .xlsx:
            throw AppError("--format xlsx is for score and explain")
        case .csv:
            return CSVTable.render(header: columns.map(locale.header), rows: tasks.map { row($0, locale) }, delimiter: locale.csvDelimiter)
        case .table:
            // A column for work tracked in several systems, only when some task is.
            let linked = tasks.contains { $0.link != nil }
            let rows = tasks.map { task -> [String] in
                [task.key.rawValue, task.agency ?? "", locale.status(task.status), task.mainHandler?.name ?? task.mainHandler?.id ?? "",
                 locale.day(task.dueAt?.day()), TextTable.cut(task.title ?? "", to: 48)] + (linked ? [linkNote(task)] : [])
            }
            let header = ["key", "agency", "status", "handler", "due", "title"] + (linked ? ["link"] : [])
            return TextTable.render(header: header.map(locale.header), rows: rows)
                + (locale == .vi ? "\n\(tasks.count) nhiệm vụ" : "\n\(tasks.count) task(s)")
        }
    }

    /// Pretty, key-sorted JSON: byte-identical for identical ledgers.
    public static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func row(_ task: UnifiedTask, _ locale: ReportLocale = .en) -> [String] {
        [
            task.key.rawValue, task.block?.rawValue ?? "", task.agency ?? "", task.unit ?? "", locale.status(task.status),
            task.mainHandler?.identity ?? "", task.mainHandler?.name ?? "", locale.time(task.dueAt),
            locale.time(task.completedAt), task.document.code ?? "", task.title ?? "",
        ]
    }

    /// The list's short note: `unit of 2`, `disputed`, `in <primary>`.
    static func linkNote(_ task: UnifiedTask) -> String {
        guard let link = task.link else { return "" }
        guard task.countsForKPI else { return "in \(link.primary)" }
        let unit = link.members.count > 1 ? "unit of \(link.members.count)" : "overridden"
        return link.disputed.isEmpty ? unit : "\(unit), disputed"
    }

    /// How a task stands among the systems that track the same work (docs/reconciliation.md).
    static func linkFields(_ task: UnifiedTask) -> [(String, String?)] {
        guard let link = task.link else { return [] }
        guard task.countsForKPI else {
            return [("counted under", "\(link.primary) (the same work in another system; this record counts for no one)")]
        }
        var out: [(String, String?)] = []
        if link.members.count > 1 { out.append(("unit of work", link.members.map(\.rawValue).joined(separator: ", "))) }
        if !link.sources.isEmpty {
            out.append(("field sources", link.sources.sorted { $0.key < $1.key }.map { "\($0.key) ← \($0.value)" }.joined(separator: ", ")))
        }
        if !link.disputed.isEmpty { out.append(("disputed", link.disputed.joined(separator: ", ") + " (kpibridge reconcile list)")) }
        return out
    }

    static func day(_ time: Timestamp?) -> String { time.map { $0.day().description } ?? "" }

    /// `kpibridge task KEY`: current values, history, and each contributing record.
    public static func detail(_ task: UnifiedTask, revisions: [TaskRevision], at now: Timestamp) -> String {
        var lines: [String] = []
        lines.append("Task \(task.key)")
        let fields: [(String, String?)] = [
            ("title", task.title), ("status", "\(task.status.rawValue)" + (task.statusCode.map { " (code \($0))" } ?? "")),
            ("block", task.block?.rawValue), ("agency", task.agency), ("unit", task.unit),
            ("document", [task.document.code, task.document.documentType, task.document.promulgationDate?.description]
                .compactMap { $0 }.joined(separator: " · ")),
            ("document id", task.document.documentId),
            ("issuer", [task.document.issuerId, task.document.issuerName].compactMap { $0 }.joined(separator: " ")),
            ("main handler", task.mainHandler.map { "\($0.name ?? "?") <\($0.identity)>" }),
            ("assigned at", task.assignedAt?.description), ("due at", task.dueAt?.description),
            ("completed at", task.completedAt?.description), ("priority", task.priority.map(String.init)),
            ("deadlines", task.deadlines.map(\.description).joined(separator: ", ")),
            ("missed deadlines", "\(task.missedDeadlines(at: now))"),
            ("returns / major errors", "\(task.returns) / \(task.majorErrors)"),
            ("replaced by", task.replacedBy?.rawValue), ("replaces", task.replaces?.rawValue),
        ] + linkFields(task)
        for (name, value) in fields {
            guard let value, !value.isEmpty else { continue }
            lines.append("  " + name.padding(toLength: 24, withPad: " ", startingAt: 0) + value)
        }
        lines.append("History:")
        for revision in revisions {
            lines.append("  r\(revision.revision)  \(revision.at)  \(revision.task.status.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0))  \(revision.cause)")
        }
        lines.append("Source records:")
        for ref in task.provenance {
            lines.append("  \(ref.source)/\(ref.recordId) version \(ref.recordVersion)  payload sha256:\(ref.payloadHash)  mapping \(ref.mappingId) v\(ref.mappingVersion)")
        }
        return lines.joined(separator: "\n")
    }
}
