import BridgeModel
import BridgeScoring
import BridgeWorkload
import Foundation

/// `workload` and `staffing` as a table, JSON, CSV or a workbook. Every output says the model is a reference
/// one (docs/workload.md): no official formula turns workload into people.
public enum WorkloadFormatter {
    public static let note = "Reference model (docs/workload.md): evidence hours = Σ standard hours of completed work; no official formula exists."

    /// A number to two decimals, as JSON writes a number.
    static func number(_ value: Rational?) -> Decimal? { value.flatMap { Decimal(string: $0.rounded(places: 2)) } }
    static func text(_ value: Rational?) -> String { value?.rounded(places: 2) ?? "" }
    static func percent(_ value: Rational?) -> String { value.map { ($0 * Rational(100)).rounded(places: 1) + " %" } ?? "-" }

    struct RowJSON: Encodable {
        let name: String
        let people, products, unpriced: Int
        let evidenceHours, availableHours, fte: Decimal?
        let utilisation: Decimal?

        init(_ row: Workload.Row) {
            name = row.name
            people = row.people
            products = row.products
            unpriced = row.unpriced
            evidenceHours = number(row.evidenceHours)
            availableHours = number(row.availableHours)
            fte = number(row.fte)
            utilisation = number(row.utilisation)
        }
    }

    struct OfficerJSON: Encodable {
        let officer: String
        let name, agency, unit, position: String?
        let figures: RowJSON
    }

    struct WorkloadJSON: Encodable {
        let model: String
        let period: String
        let from, to: CalendarDay
        let workingDays: Int
        let standardHours: Decimal?
        let officers: [OfficerJSON]
        let units, positions, agencies: [RowJSON]
    }

    static func workloadHeader(_ workload: Workload) -> [String] {
        ["kind", "name", "people", "products", "unpriced", "evidence_hours", "available_hours", "utilisation", "fte"]
    }

    static func workloadRows(_ workload: Workload) -> [[String]] {
        func row(_ kind: String, _ r: Workload.Row) -> [String] {
            [kind, r.name, "\(r.people)", "\(r.products)", "\(r.unpriced)", text(r.evidenceHours), text(r.availableHours), text(r.utilisation), text(r.fte)]
        }
        return workload.agencies.map { row("agency", $0) } + workload.units.map { row("unit", $0) } + workload.positions.map { row("position", $0) }
            + workload.officers.map { row("officer", $0.figures) }
    }

    public static func render(_ workload: Workload, period: Period, as format: OutputFormat) throws -> String {
        switch format {
        case .json:
            return try TaskFormatter.json(WorkloadJSON(
                model: note, period: period.description, from: workload.from, to: workload.to, workingDays: workload.workingDays,
                standardHours: number(workload.standardHours),
                officers: workload.officers.map {
                    OfficerJSON(officer: $0.person.id, name: $0.person.name, agency: $0.person.agency, unit: $0.person.unit, position: $0.position, figures: RowJSON($0.figures))
                },
                units: workload.units.map(RowJSON.init), positions: workload.positions.map(RowJSON.init), agencies: workload.agencies.map(RowJSON.init)))
        case .csv:
            return CSVTable.render(header: workloadHeader(workload), rows: workloadRows(workload) + [["note", note, "", "", "", "", "", "", ""]])
        case .table:
            func lines(_ rows: [Workload.Row], _ title: String) -> String {
                TextTable.render(
                    header: [title, "people", "products", "unpriced", "evidence h", "available h", "utilisation", "FTE"],
                    rows: rows.map { [$0.name.isEmpty ? "(none)" : $0.name, "\($0.people)", "\($0.products)", "\($0.unpriced)", text($0.evidenceHours), text($0.availableHours), percent($0.utilisation), text($0.fte)] })
            }
            return [
                "Workload \(period) (\(workload.from) – \(workload.to)): \(workload.workingDays) working days, \(text(workload.standardHours)) h for one full-time person",
                note, "", lines(workload.agencies, "agency"), "", lines(workload.units, "unit"), "", lines(workload.positions, "position"),
            ].joined(separator: "\n")
        case .xlsx: throw AppError("--format xlsx writes a file: give --output FILE.xlsx")
        }
    }

    public static func workbook(_ workload: Workload, period: Period) -> XLSXWorkbook {
        XLSXWorkbook(
            sheetName: "Khoi luong \(period)", header: workloadHeader(workload),
            rows: (workloadRows(workload) + [["note", note, "", "", "", "", "", "", ""]]).map { $0.map(cell) })
    }

    static func cell(_ text: String) -> XLSXWorkbook.Cell {
        text.isEmpty ? .empty : Double(text) != nil ? .number(text) : .text(text)
    }

    struct StaffingJSON: Encodable {
        struct Row: Encodable {
            let unit: String
            let assigned: Int?
            let inPost: Int
            let fteNeeded, gap, hoursPerHead: Decimal?
            let outlier: Bool
            let scenarios: [Scenario]
        }

        struct Scenario: Encodable {
            let cut: Decimal?
            let left: Int
            let belowNeed: Bool
        }

        struct Cap: Encodable {
            let unit, position: String
            let holders, inPost: Int
            let share: Double
        }

        let model: String
        let period: String
        let medianHoursPerHead, outlierThreshold: Decimal?
        let units: [Row]
        let capsBroken: [Cap]
    }

    static func staffingHeader(_ staffing: Staffing) -> [String] {
        ["unit", "assigned", "in_post", "fte_needed", "gap", "hours_per_head", "outlier"] + staffing.cuts.map { "left_after_-\(($0 * Rational(100)).plain)%" }
    }

    static func staffingRows(_ staffing: Staffing) -> [[String]] {
        staffing.rows.map { r in
            [r.unit, r.assigned.map(String.init) ?? "", "\(r.inPost)", text(r.fteNeeded), text(r.gap), text(r.hoursPerHead), r.outlier ? "yes" : "no"]
                + r.scenarios.map { "\($0.left)\($0.belowNeed ? " below need" : "")" }
        }
    }

    public static func render(_ staffing: Staffing, period: Period, as format: OutputFormat) throws -> String {
        switch format {
        case .json:
            return try TaskFormatter.json(StaffingJSON(
                model: note, period: period.description, medianHoursPerHead: number(staffing.medianHoursPerHead), outlierThreshold: number(staffing.threshold),
                units: staffing.rows.map { r in
                    .init(
                        unit: r.unit, assigned: r.assigned, inPost: r.inPost, fteNeeded: number(r.fteNeeded), gap: number(r.gap), hoursPerHead: number(r.hoursPerHead),
                        outlier: r.outlier, scenarios: r.scenarios.map { .init(cut: number($0.cut), left: $0.left, belowNeed: $0.belowNeed) })
                },
                capsBroken: staffing.capsBroken.map { .init(unit: $0.unit, position: $0.position, holders: $0.holders, inPost: $0.inPost, share: $0.share) }))
        case .csv:
            return CSVTable.render(header: staffingHeader(staffing), rows: staffingRows(staffing) + [["note: " + note]])
        case .table:
            var out = "Staffing \(period): median \(text(staffing.medianHoursPerHead)) evidence hours per head; a unit further than \(percent(staffing.threshold)) from it is an outlier\n\(note)\n\n"
            out += TextTable.render(header: staffingHeader(staffing), rows: staffingRows(staffing))
            if !staffing.capsBroken.isEmpty {
                out += "\n\nCaps broken:\n" + TextTable.render(
                    header: ["unit", "position", "holders", "in post", "cap"],
                    rows: staffing.capsBroken.map { [$0.unit, $0.position, "\($0.holders)", "\($0.inPost)", "\(Int(($0.share * 100).rounded())) %"] })
            }
            return out
        case .xlsx: throw AppError("--format xlsx writes a file: give --output FILE.xlsx")
        }
    }

    public static func workbook(_ staffing: Staffing, period: Period) -> XLSXWorkbook {
        XLSXWorkbook(sheetName: "Bien che \(period)", header: staffingHeader(staffing), rows: (staffingRows(staffing) + [["note: " + note]]).map { $0.map(cell) })
    }
}

extension WorkloadFormatter {
    struct DiaryJSON: Encodable {
        struct Item: Encodable {
            let day: CalendarDay
            let item: String
            let hours: Decimal?
        }

        struct Row: Encodable {
            let officer: String
            let name: String?
            let declaredHours, evidenceHours, ratio: Decimal?
            let unsupported: [Item]
        }

        let model: String
        let period: String
        let threshold: Decimal?
        let officers: [Row]
    }

    /// Declared against evidenced hours: the officers listed, with their largest unsupported items.
    public static func render(_ check: DiaryCheck, period: Period, as format: OutputFormat) throws -> String {
        switch format {
        case .json:
            return try TaskFormatter.json(DiaryJSON(
                model: note, period: period.description, threshold: number(check.threshold),
                officers: check.rows.map { r in
                    .init(
                        officer: r.officer, name: r.name, declaredHours: number(r.declared), evidenceHours: number(r.evidence), ratio: number(r.ratio),
                        unsupported: r.unsupported.map { .init(day: $0.day, item: $0.item, hours: number($0.hours)) })
                }))
        case .csv, .table:
            let header = ["officer", "name", "declared_hours", "evidence_hours", "ratio", "largest_unsupported_items"]
            let rows = check.rows.map { r in
                [r.officer, r.name ?? "", text(r.declared), text(r.evidence), text(r.ratio),
                 r.unsupported.map { "\($0.day) \($0.item) (\(text($0.hours)) h)" }.joined(separator: "; ")]
            }
            if format == .csv { return CSVTable.render(header: header, rows: rows) }
            return "Declared against evidenced hours, \(period): officers declaring more than \(percent(Rational(1) + check.threshold)) of their evidence hours\n"
                + note + "\n\n" + TextTable.render(header: header, rows: rows) + "\n\(rows.count) officer(s)"
        case .xlsx: throw AppError("--format xlsx is for workload report and staffing")
        }
    }
}
