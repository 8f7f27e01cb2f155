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

    /// How a report is written: its language and number style, the policy whose maxima the headers name, and
    /// which scoring files are in use (printed under the table's title).
    public struct Style: Sendable {
        public var locale: ReportLocale
        public var policy: ScoringPolicy
        public var rulesInUse: String?

        public init(locale: ReportLocale = .en, policy: ScoringPolicy = ScoringPolicy(), rulesInUse: String? = nil) {
            self.locale = locale
            self.policy = policy
            self.rulesInUse = rulesInUse
        }
    }

    /// The score table of a period, from its rows (live or kept at close), as text (table, CSV or JSON).
    public static func render(_ report: ScoreReport, as format: OutputFormat, style: Style = Style()) throws -> String {
        let locale = style.locale
        let policy = style.policy
        switch format {
        case .json:
            return try TaskFormatter.json(report)
        case .csv:
            return CSVTable.render(header: columns.map(locale.header), rows: report.officers.map { row($0, locale) }, delimiter: locale.csvDelimiter)
        case .xlsx:
            throw AppError("--format xlsx writes a file: give --output FILE.xlsx")
        case .table:
            let rows = report.officers.map { r in
                [r.name ?? r.officer, r.unit ?? "", "\(r.completedTasks)/\(r.assignedTasks)", show(r.quantity, locale), show(r.quality, locale),
                 show(r.timeliness, locale), show(r.taskPoints, locale), show(r.generalPoints, locale) + (r.provisional ? "*" : ""),
                 show(shownTotal(r.total, policy, places: 2), locale), r.level ?? "chưa có điểm"]
            }
            var text = locale == .vi
                ? "Kỳ \(report.period), tính tại \(report.evaluatedAt == "closed" ? "thời điểm khóa sổ" : report.evaluatedAt)\n"
                : "Period \(report.period) " + (report.evaluatedAt == "closed" ? "as kept at its close\n" : "evaluated at \(report.evaluatedAt)\n")
            if let inUse = style.rulesInUse { text += (locale == .vi ? "Quy tắc: " : "Rules: ") + inUse + "\n" }
            let header = ["officer", "unit", "done", "quantity", "quality", "timely"].map(locale.header)
                + ["\(locale.header("taskPoints"))/\(policy.taskPointsMax.plain)".replacingOccurrences(of: "taskPoints", with: "tasks"),
                   "\(locale.header("generalPoints"))/\(policy.generalPointsMax.plain)".replacingOccurrences(of: "generalPoints", with: "general"),
                   locale.header("total"), locale.header("level")]
            text += TextTable.render(header: header, rows: rows)
            text += locale == .vi
                ? "\n\(report.officers.count) cán bộ; * điểm chung tạm tính (chưa nhập)"
                : "\n\(report.officers.count) officer(s); * provisional general points (not entered yet)"
            let flagged = report.units.filter(\.quotaExceeded)
            if !flagged.isEmpty {
                let quota = (policy.excellentQuota * Rational(100)).plain
                text += (locale == .vi ? "\nVượt tỷ lệ xuất sắc (> \(quota) % số tốt, trên điểm đã nhập): " : "\nQuota exceeded (excellent > \(quota) % of good, among entered scores) in: ")
                    + flagged.map(\.unit).joined(separator: ", ")
            }
            return text
        }
    }

    /// The score table as an Excel workbook: Vietnamese headers, numbers as numbers.
    /// The total is shown with two decimals, never rounded up onto a level it does not reach (`shownTotal`).
    public static func workbook(_ report: ScoreReport, policy: ScoringPolicy = ScoringPolicy()) -> XLSXWorkbook {
        func number(_ value: Decimal?) -> XLSXWorkbook.Cell { value.map { .number("\($0)") } ?? .empty }
        let rows = report.officers.map { r -> [XLSXWorkbook.Cell] in
            [.text(r.officer), .text(r.name ?? ""), .text(r.agency ?? ""), .text(r.unit ?? ""), .text(ReportLocale.vi.block(r.block)),
             number(r.assignedUnits), number(r.completedUnits), .number("\(r.assignedTasks)"), .number("\(r.completedTasks)"),
             number(r.quantity), number(r.quality), number(r.timeliness), number(r.taskPoints), number(r.generalPoints),
             shownTotal(r.total, policy, places: 2).map { .number($0.rounded(places: 2)) } ?? .empty, .text(ReportLocale.vi.flag(r.provisional)),
             .text(ReportLocale.vi.flag(r.sanction)), .text(r.level ?? "chưa có điểm")]
        }
        return XLSXWorkbook(sheetName: "Điểm \(report.period)", header: columns.map(ReportLocale.vi.header), rows: rows)
    }

    /// Two decimals for people; a dash where there is no score.
    static func show(_ value: Decimal?, _ locale: ReportLocale = .en) -> String {
        guard let value else { return "—" }
        return locale.number(Rational(decimal: "\(value)")?.description ?? "\(value)")
    }

    /// A stored total (6 decimals) as shown with `places` decimals, never rounded up onto a level it does not reach.
    public static func shownTotal(_ value: Decimal?, _ policy: ScoringPolicy, places: Int) -> Rational? {
        value.flatMap { Rational(decimal: "\($0)") }.map { policy.shownTotal($0, places: places) }
    }

    static func show(_ value: Rational?, _ locale: ReportLocale = .en) -> String { value.map { locale.number($0.description) } ?? "—" }

    static func row(_ r: ScoreRow, _ locale: ReportLocale = .en) -> [String] {
        func n(_ v: Decimal?) -> String { v.map { locale.number("\($0)") } ?? "" }
        return [
            r.officer, r.name ?? "", r.agency ?? "", r.unit ?? "", r.block ?? "", n(r.assignedUnits), n(r.completedUnits),
            "\(r.assignedTasks)", "\(r.completedTasks)", n(r.quantity), n(r.quality), n(r.timeliness), n(r.taskPoints),
            n(r.generalPoints), n(r.total), locale.flag(r.provisional), locale.flag(r.sanction), r.level ?? "",
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
            /// The fields systems disagree on and no admin has settled (absent when none).
            let disputed: [String]?
            /// The tasks of the unit of work, when several systems track it (absent otherwise).
            let linked: [String]?
        }
        let officer: ScoreRow
        let contributions: [Contribution]
    }

    public static func explain(_ s: OfficerScore, as format: OutputFormat, style: Style = Style()) throws -> String {
        let locale = style.locale
        let policy = style.policy
        if format == .json {
            return try TaskFormatter.json(ExplainJSON(officer: ScoreRow(s), contributions: s.contributions.map { c in
                let record = c.task.provenance.last
                return ExplainJSON.Contribution(
                    task: c.task.key.rawValue, role: c.role.rawValue, weight: c.weight.rounded(places: 3),
                    coefficient: c.coefficient.rounded(places: 3), completed: c.completed, completedAt: c.task.completedAt?.description,
                    dueAt: c.task.dueAt?.description, missedDeadlines: c.missedDeadlines, errorsAndReturns: c.task.qualityDeductions,
                    quality: c.qualityFactor.rounded(places: 2), timeliness: c.timelinessFactor.rounded(places: 2),
                    record: record.map { "\($0.source)/\($0.recordId)" }, payload: record?.payloadHash,
                    disputed: c.task.disputedFields.isEmpty ? nil : c.task.disputedFields,
                    linked: c.task.link.flatMap { $0.members.count > 1 ? $0.members.map(\.rawValue) : nil })
            }))
        }
        if format == .xlsx { throw AppError("--format xlsx writes a file: give --output FILE.xlsx") }
        let header = explainColumns.map(locale.header)
        let rows = s.contributions.map { c -> [String] in
            let record = c.task.provenance.last
            return [
                c.task.key.rawValue, c.role.rawValue, locale.number(c.weight.rounded(places: 3)), locale.number(c.coefficient.rounded(places: 3)),
                locale == .vi ? locale.flag(c.completed) : (c.completed ? "yes" : "no"), locale.time(c.task.completedAt), locale.time(c.task.dueAt),
                "\(c.missedDeadlines)", "\(c.task.qualityDeductions)", locale.number(c.qualityFactor.rounded(places: 2)),
                locale.number(c.timelinessFactor.rounded(places: 2)), record.map { "\($0.source)/\($0.recordId)" } ?? "",
                record.map { String($0.payloadHash.prefix(12)) } ?? "",
            ]
        }
        if format == .csv { return CSVTable.render(header: header, rows: rows, delimiter: locale.csvDelimiter) }
        var lines = locale == .vi ? explainLinesVietnamese(s, policy) : [
            "\(s.profile.name ?? s.profile.officer) <\(s.profile.officer)> · \(s.profile.unit ?? "-") · \(s.profile.agency ?? "-")",
            "Period \(s.period), evaluated at \(s.evaluatedAt)",
            "Assigned A: \(s.assignedTasks) task(s), \(locale.number(s.assignedUnits.rounded(places: 3))) unit(s); completed C: \(s.completedTasks) task(s), \(locale.number(s.completedUnits.rounded(places: 3))) unit(s)",
            "Quantity   = 100 × ΣC c / ΣA c          = \(show(s.quantity, locale))",
            "Quality    = 100 × ΣC c·q / ΣA c        = \(show(s.quality, locale))",
            "Timeliness = 100 × ΣC c·t / ΣA c        = \(show(s.timeliness, locale))",
            "Task points (of \(policy.taskPointsMax.plain))".padding(toLength: 40, withPad: " ", startingAt: 0) + "= \(show(s.taskPoints, locale))",
            "General points (of \(policy.generalPointsMax.plain))".padding(toLength: 40, withPad: " ", startingAt: 0) + "= \(locale.number(s.generalPoints.description))\(s.provisional ? " (provisional: not entered)" : "")",
            "Total                                   = \(show(s.total.map { policy.shownTotal($0, places: 2) }, locale))\(s.sanction ? " — sanction recorded" : "")",
            "Level: \(s.level?.rawValue ?? "no score (no task assigned in this period)")",
            "",
        ]
        lines.append(TextTable.render(header: header, rows: rows))
        for c in s.contributions {
            if let link = c.task.link, link.members.count > 1 {
                let sources = Set(c.task.provenance.map(\.source)).sorted().joined(separator: ", ")
                lines.append("\(c.task.key): one unit of work in \(sources) (\(link.members.count) records), counted once")
            }
            if !c.task.disputedFields.isEmpty {
                lines.append("\(c.task.key): disputed — \(c.task.disputedFields.joined(separator: ", ")) differ between systems (kpibridge reconcile list)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// `explain --locale vi`: the same lines in Vietnamese, times as dd/MM/yyyy HH:mm.
    static func explainLinesVietnamese(_ s: OfficerScore, _ policy: ScoringPolicy) -> [String] {
        let vi = ReportLocale.vi
        func pad(_ label: String) -> String { label.padding(toLength: 34, withPad: " ", startingAt: 0) + "= " }
        return [
            "\(s.profile.name ?? s.profile.officer) <\(s.profile.officer)> · \(s.profile.unit ?? "-") · \(s.profile.agency ?? "-")",
            "Kỳ \(s.period), tính tại \(vi.time(s.evaluatedAt))",
            "Được giao: \(s.assignedTasks) nhiệm vụ, \(vi.number(s.assignedUnits.rounded(places: 3))) đơn vị; hoàn thành: \(s.completedTasks) nhiệm vụ, \(vi.number(s.completedUnits.rounded(places: 3))) đơn vị",
            pad("Số lượng = 100 × ΣC c / ΣA c") + show(s.quantity, vi),
            pad("Chất lượng = 100 × ΣC c·q / ΣA c") + show(s.quality, vi),
            pad("Tiến độ = 100 × ΣC c·t / ΣA c") + show(s.timeliness, vi),
            pad("Điểm nhiệm vụ (tối đa \(policy.taskPointsMax.plain))") + show(s.taskPoints, vi),
            pad("Điểm chung (tối đa \(policy.generalPointsMax.plain))") + vi.number(s.generalPoints.description) + (s.provisional ? " (tạm tính: chưa nhập)" : ""),
            pad("Tổng điểm") + show(s.total.map { policy.shownTotal($0, places: 2) }, vi) + (s.sanction ? " — có kỷ luật" : ""),
            "Xếp loại: \(s.level?.rawValue ?? "chưa có điểm (không có nhiệm vụ được giao trong kỳ)")",
            "",
        ]
    }

    static let explainColumns = [
        "task", "role", "weight", "coefficient", "completed", "completedAt", "dueAt", "missed", "errors+returns", "quality", "timeliness",
        "record", "payload",
    ]

    /// An officer's explanation as an Excel workbook: every task's share (numbers as numbers), then the totals.
    public static func explainWorkbook(_ s: OfficerScore, policy: ScoringPolicy = ScoringPolicy()) -> XLSXWorkbook {
        let vi = ReportLocale.vi
        func number(_ value: Rational?, _ places: Int = 6) -> XLSXWorkbook.Cell { value.map { .number($0.rounded(places: places)) } ?? .empty }
        var rows = s.contributions.map { c -> [XLSXWorkbook.Cell] in
            let record = c.task.provenance.last
            return [
                .text(c.task.key.rawValue), .text(c.role.rawValue), number(c.weight, 3), number(c.coefficient, 3), .text(vi.flag(c.completed)),
                .text(vi.time(c.task.completedAt)), .text(vi.time(c.task.dueAt)), .number("\(c.missedDeadlines)"),
                .number("\(c.task.qualityDeductions)"), number(c.qualityFactor, 2), number(c.timelinessFactor, 2),
                .text(record.map { "\($0.source)/\($0.recordId)" } ?? ""), .text(record.map { String($0.payloadHash.prefix(12)) } ?? ""),
            ]
        }
        rows.append([])
        rows += [
            [.text("Cán bộ"), .text("\(s.profile.name ?? s.profile.officer) <\(s.profile.officer)>")],
            [.text("Kỳ"), .text(s.period.description)], [.text("Tính tại"), .text(vi.time(s.evaluatedAt))],
            [.text("Số lượng"), number(s.quantity)], [.text("Chất lượng"), number(s.quality)], [.text("Tiến độ"), number(s.timeliness)],
            [.text("Điểm nhiệm vụ (/\(policy.taskPointsMax.plain))"), number(s.taskPoints)],
            [.text("Điểm chung (/\(policy.generalPointsMax.plain))"), number(s.generalPoints), .text(s.provisional ? "tạm tính" : "")],
            [.text("Tổng điểm"), number(s.total), .text(s.sanction ? "kỷ luật" : "")], [.text("Xếp loại"), .text(s.level?.rawValue ?? "chưa có điểm")],
        ]
        return XLSXWorkbook(sheetName: "Giải trình \(s.period)", header: explainColumns.map(vi.header), rows: rows)
    }
}
