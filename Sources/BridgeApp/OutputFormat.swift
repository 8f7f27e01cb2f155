import Foundation

/// How list commands print: a table for people, JSON and CSV for scripts.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table, json, csv
    /// An Excel workbook (`score` and `explain`, with `--output FILE`).
    case xlsx
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
