import BridgeModel
import BridgePipeline
import BridgeScoring
import Foundation

/// Renders `kpibridge score` and `kpibridge explain`.
public enum ScoreFormatter {
    static let columns = [
        "officer", "name", "agency", "unit", "block", "assignedUnits", "completedUnits", "assignedTasks", "completedTasks",
        "quantity", "quality", "timeliness", "taskPoints", "generalPoints", "total", "provisional", "sanction", "level",
    ]

    /// The score table of a period, from its rows (live or kept at close).
    /// `policy` gives the maxima the table's headers name; `inUse` (which scoring files) is printed under the title.
    public static func render(_ report: ScoreReport, as format: OutputFormat, policy: ScoringPolicy = ScoringPolicy(), inUse: String? = nil) throws -> String {
        switch format {
        case .json:
            return try TaskFormatter.json(report)
        case .csv:
            return CSVTable.render(header: columns, rows: report.officers.map(row))
        case .table:
            let rows = report.officers.map { r in
                [r.name ?? r.officer, r.unit ?? "", "\(r.completedTasks)/\(r.assignedTasks)", show(r.quantity), show(r.quality),
                 show(r.timeliness), show(r.taskPoints), show(r.generalPoints) + (r.provisional ? "*" : ""), show(r.total),
                 r.level ?? "chưa có điểm"]
            }
            var text = "Period \(report.period) evaluated at \(report.evaluatedAt)\n"
            if let inUse { text += "Rules: \(inUse)\n" }
            text += TextTable.render(
                header: ["officer", "unit", "done", "quantity", "quality", "timely", "tasks/\(policy.taskPointsMax.plain)",
                         "general/\(policy.generalPointsMax.plain)", "total", "level"], rows: rows)
            text += "\n\(report.officers.count) officer(s); * provisional general points (not entered yet)"
            let flagged = report.units.filter(\.quotaExceeded)
            if !flagged.isEmpty {
                text += "\nQuota exceeded (excellent > \((policy.excellentQuota * Rational(100)).plain) % of good) in: " + flagged.map(\.unit).joined(separator: ", ")
            }
            return text
        }
    }

    /// Two decimals for people; a dash where there is no score.
    static func show(_ value: Decimal?) -> String {
        guard let value else { return "—" }
        return Rational(decimal: "\(value)")?.description ?? "\(value)"
    }

    static func show(_ value: Rational?) -> String { value?.description ?? "—" }

    static func row(_ r: ScoreRow) -> [String] {
        func n(_ v: Decimal?) -> String { v.map { "\($0)" } ?? "" }
        return [
            r.officer, r.name ?? "", r.agency ?? "", r.unit ?? "", r.block ?? "", n(r.assignedUnits), n(r.completedUnits),
            "\(r.assignedTasks)", "\(r.completedTasks)", n(r.quantity), n(r.quality), n(r.timeliness), n(r.taskPoints),
            n(r.generalPoints), n(r.total), "\(r.provisional)", "\(r.sanction)", r.level ?? "",
        ]
    }

    /// `kpibridge explain`: the score and, task by task, what made it.
    /// `explain --format json`: the officer's row as `score --format json` prints it, and every task's share.
    struct ExplainJSON: Encodable {
        struct Contribution: Encodable {
            let task, role, weight, coefficient: String
            let completed: Bool
            let completedAt, dueAt: String?
            let missedDeadlines, errorsAndReturns: Int
            let quality, timeliness: String
            let record, payload: String?
        }
        let officer: ScoreRow
        let contributions: [Contribution]
    }

    public static func explain(_ s: OfficerScore, as format: OutputFormat, policy: ScoringPolicy = ScoringPolicy()) throws -> String {
        if format == .json {
            return try TaskFormatter.json(ExplainJSON(officer: ScoreRow(s), contributions: s.contributions.map { c in
                let record = c.task.provenance.last
                return ExplainJSON.Contribution(
                    task: c.task.key.rawValue, role: c.role.rawValue, weight: c.weight.rounded(places: 3),
                    coefficient: c.coefficient.rounded(places: 3), completed: c.completed, completedAt: c.task.completedAt?.description,
                    dueAt: c.task.dueAt?.description, missedDeadlines: c.missedDeadlines, errorsAndReturns: c.task.majorErrors + c.task.returns,
                    quality: c.qualityFactor.rounded(places: 2), timeliness: c.timelinessFactor.rounded(places: 2),
                    record: record.map { "\($0.source)/\($0.recordId)" }, payload: record?.payloadHash)
            }))
        }
        let header = ["task", "role", "weight", "coefficient", "completed", "completedAt", "dueAt", "missed", "errors+returns", "quality", "timeliness", "record", "payload"]
        let rows = s.contributions.map { c -> [String] in
            let record = c.task.provenance.last
            return [
                c.task.key.rawValue, c.role.rawValue, c.weight.rounded(places: 3), c.coefficient.rounded(places: 3),
                c.completed ? "yes" : "no", c.task.completedAt?.description ?? "", c.task.dueAt?.description ?? "",
                "\(c.missedDeadlines)", "\(c.task.majorErrors + c.task.returns)", c.qualityFactor.rounded(places: 2),
                c.timelinessFactor.rounded(places: 2), record.map { "\($0.source)/\($0.recordId)" } ?? "",
                record.map { String($0.payloadHash.prefix(12)) } ?? "",
            ]
        }
        if format == .csv { return CSVTable.render(header: header, rows: rows) }
        var lines = [
            "\(s.profile.name ?? s.profile.officer) <\(s.profile.officer)> · \(s.profile.unit ?? "-") · \(s.profile.agency ?? "-")",
            "Period \(s.period), evaluated at \(s.evaluatedAt)",
            "Assigned A: \(s.assignedTasks) task(s), \(s.assignedUnits.rounded(places: 3)) unit(s); completed C: \(s.completedTasks) task(s), \(s.completedUnits.rounded(places: 3)) unit(s)",
            "Quantity   = 100 × ΣC c / ΣA c          = \(show(s.quantity))",
            "Quality    = 100 × ΣC c·q / ΣA c        = \(show(s.quality))",
            "Timeliness = 100 × ΣC c·t / ΣA c        = \(show(s.timeliness))",
            "Task points (of \(policy.taskPointsMax.plain))".padding(toLength: 40, withPad: " ", startingAt: 0) + "= \(show(s.taskPoints))",
            "General points (of \(policy.generalPointsMax.plain))".padding(toLength: 40, withPad: " ", startingAt: 0) + "= \(s.generalPoints)\(s.provisional ? " (provisional: not entered)" : "")",
            "Total                                   = \(show(s.total))\(s.sanction ? " — sanction recorded" : "")",
            "Level: \(s.level?.rawValue ?? "no score (no task assigned in this period)")",
            "",
        ]
        lines.append(TextTable.render(header: header, rows: rows))
        return lines.joined(separator: "\n")
    }
}
