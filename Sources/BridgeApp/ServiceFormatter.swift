import BridgeModel
import BridgeServices
import Foundation

/// `services report` as a table, JSON, CSV or a workbook. JSON is the `ServiceOverview` itself (the API's body);
/// CSV and the workbook have one row per unit, procedure and officer, a `kind` column telling which.
public enum ServiceFormatter {
    static let countColumns = [
        "dossiers", "received", "finished", "onTime", "late", "inProgress", "overdue", "supplements", "withdrawn", "apologies", "unjudged",
    ]
    static let header = ["kind", "name"] + countColumns + ["onTimeRate", "belowTarget", "steps", "lateSteps", "daysOver"]

    public static func render(_ overview: ServiceOverview, as format: OutputFormat) throws -> String {
        switch format {
        case .json: return try TaskFormatter.json(overview)
        case .csv: return CSVTable.render(header: header, rows: rows(overview).map { $0.map(text) })
        case .table: return table(overview)
        case .xlsx: throw AppError("--format xlsx writes a file: give --output FILE.xlsx")
        }
    }

    public static func workbook(_ overview: ServiceOverview) -> XLSXWorkbook {
        XLSXWorkbook(sheetName: "Ho so \(overview.period)", header: header, rows: rows(overview))
    }

    /// `0.947` as `94.7 %`; none as `-`.
    public static func percent(_ rate: Double?) -> String {
        rate.map { String(format: "%.1f %%", $0 * 100) } ?? "-"
    }

    static func counts(_ c: ServiceReport.Counts) -> [Int] {
        [c.dossiers, c.received, c.finished, c.onTime, c.late, c.inProgress, c.overdue, c.supplements, c.withdrawn, c.apologies, c.unjudged]
    }

    static func rows(_ overview: ServiceOverview) -> [[XLSXWorkbook.Cell]] {
        let report = overview.report
        func row(_ kind: String, _ r: ServiceReport.Row) -> [XLSXWorkbook.Cell] {
            [.text(kind), .text(r.name)] + counts(r.counts).map { .number(String($0)) }
                + [r.onTimeRate.map { .number(String(format: "%.4f", $0)) } ?? .empty, .text(r.belowTarget ? "yes" : "no"), .empty, .empty, .empty]
        }
        return [row("total", report.total)] + report.units.map { row("unit", $0) } + report.procedures.map { row("procedure", $0) }
            + report.officers.map { o in
                [.text("officer"), .text(o.officer)] + Array(repeating: .empty, count: countColumns.count + 2)
                    + [.number(String(o.steps)), .number(String(o.lateSteps)), .number(String(o.daysOver))]
            }
    }

    static func text(_ cell: XLSXWorkbook.Cell) -> String {
        switch cell {
        case .text(let t), .number(let t): t
        case .empty: ""
        }
    }

    static func table(_ overview: ServiceOverview) -> String {
        let report = overview.report
        let head = ["unit", "dossiers", "on time", "late", "running", "overdue", "suppl.", "withdrawn", "apologies", "unjudged", "on-time rate"]
        func line(_ name: String, _ r: ServiceReport.Row) -> [String] {
            let c = r.counts
            return [name, "\(c.dossiers)", "\(c.onTime)", "\(c.late)", "\(c.inProgress)", "\(c.overdue)", "\(c.supplements)", "\(c.withdrawn)",
                    "\(c.apologies)", "\(c.unjudged)", percent(r.onTimeRate) + (r.belowTarget ? " < target" : "")]
        }
        var out = "Dossiers \(overview.period), judged at \(overview.judgedAt) (target \(percent(report.target)))\n\n"
        out += TextTable.render(header: head, rows: report.units.map { line($0.name.isEmpty ? "(no unit)" : $0.name, $0) } + [line("total", report.total)])
        out += "\n\n" + TextTable.render(
            header: ["procedure"] + head.dropFirst(), rows: report.procedures.map { line($0.name.isEmpty ? "(none)" : $0.name, $0) })
        if !report.officers.isEmpty {
            out += "\n\n" + TextTable.render(
                header: ["officer", "steps", "late steps", "days over"],
                rows: report.officers.map { [$0.officer, "\($0.steps)", "\($0.lateSteps)", "\($0.daysOver)"] })
        }
        if !overview.dueSoon.isEmpty {
            out += "\n\nDue within \(overview.dueWithinHours) h:\n" + TextTable.render(
                header: ["dossier", "unit", "due", "hours left", "held by"],
                rows: overview.dueSoon.map { [$0.code, $0.unit ?? "", $0.due.description, "\($0.hoursLeft)", $0.holder ?? ""] })
        }
        if !overview.apologies.isEmpty {
            out += "\n\nApologies (appointment reset):\n" + TextTable.render(
                header: ["unit", "dossier", "previous appointment", "new appointment"],
                rows: overview.apologies.map { [$0.unit ?? "", $0.code, $0.previous.description, $0.new.description] })
        }
        return out
    }
}
