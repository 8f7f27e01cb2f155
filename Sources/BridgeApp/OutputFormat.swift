import Foundation

/// How list commands print: a table for people, JSON and CSV for scripts.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table, json, csv
    /// An Excel workbook (`score` and `explain`, with `--output FILE`).
    case xlsx
}

extension OutputFormat {
    /// Plain rows as a table ending with `count`, as CSV, or as JSON objects keyed by the header (list commands
    /// whose rows are already text). `xlsx` is for `score` and `explain` only.
    public func render(header: [String], rows: [[String]], count: String) throws -> String {
        switch self {
        case .table: return TextTable.render(header: header, rows: rows) + "\n" + count
        case .csv: return CSVTable.render(header: header, rows: rows)
        case .json: return try TaskFormatter.json(rows.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) })
        case .xlsx: throw AppError("--format xlsx is for score and explain")
        }
    }
}

/// Lays rows out in aligned columns for a terminal.
public enum TextTable {
    /// `text` in at most `length` characters: cut ones end in "…" so a reader knows there is more.
    public static func cut(_ text: String, to length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }

    public static func render(header: [String], rows: [[String]]) -> String {
        let rows = rows.map { $0.map(TerminalText.cell) }
        var widths = header.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func format(_ row: [String]) -> String {
            row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
            }.joined(separator: "  ")
        }
        return ([format(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")] + rows.map(format))
            .joined(separator: "\n")
    }
}
