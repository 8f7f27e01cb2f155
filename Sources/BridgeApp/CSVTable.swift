import CSV
import Foundation

/// CSV as spreadsheets write and read it, through the CSV.swift library: RFC 4180 quoting, a UTF-8 byte-order
/// mark on output (so Excel opens Vietnamese text as UTF-8), and on input a byte-order mark, `,` or `;` between
/// fields, and quoted fields are accepted.
public enum CSVTable {
    /// Rows as CSV text with a byte-order mark. A text cell that a spreadsheet would run as a formula (it begins
    /// with `=`, `+`, `-`, `@`, a tab or a carriage return, and is not a number) is written with a leading `'`,
    /// and control characters become U+FFFD (see `TerminalText`).
    public static func render(header: [String], rows: [[String]], delimiter: String = ",") -> String {
        let stream = OutputStream(toMemory: ())
        // Writing to memory cannot fail; the writer's API throws for file streams.
        let writer = try! CSVWriter(stream: stream, delimiter: delimiter, newline: .lf)
        try! writer.write(row: header)
        for row in rows { try! writer.write(row: row.map(neutralised)) }
        writer.stream.close()
        let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return "\u{FEFF}" + String(decoding: data, as: UTF8.self)
    }

    /// A cell that cannot run as a formula in a spreadsheet.
    public static func neutralised(_ cell: String) -> String {
        let cell = TerminalText.safe(cell)
        guard let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return cell }
        if Double(cell) != nil { return cell }  // a negative number is a number
        return "'" + cell
    }

    /// One data row of a CSV file and the row it is (1 for the first row of the file, the header included).
    public struct Row: Sendable {
        public let number: Int
        public let fields: [String]

        public init(number: Int, fields: [String]) {
            self.number = number
            self.fields = fields
        }
    }

    /// The rows of `data` (comment lines starting with `#` and empty rows left out), fields trimmed. The field
    /// separator is `;` when the first row has more `;` than `,` outside quotes, else `,`.
    public static func read(_ data: Data, file: String) throws -> [Row] {
        // Checked before parsing, so the error names the line the bad bytes are on.
        for (index, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated()
        where String(validating: line, as: UTF8.self) == nil {
            throw AppError("\(file):\(index + 1): not UTF-8 text (save it as \"CSV UTF-8\")")
        }
        let delimiter = Self.delimiter(of: data)
        let reader: CSVReader
        do {
            reader = try CSVReader(stream: InputStream(data: data), hasHeaderRow: false, trimFields: true, delimiter: delimiter)
        } catch {
            throw AppError("\(file): not readable as CSV (\(SystemErrorText.describe(error)))")
        }
        var rows: [Row] = []
        var number = 0
        while let fields = reader.next() {
            number += 1
            if fields.allSatisfy(\.isEmpty) || fields.first?.hasPrefix("#") == true { continue }
            rows.append(Row(number: number, fields: fields))
        }
        if let error = reader.error { throw AppError("\(file): row \(number + 1): not readable as CSV (\(SystemErrorText.describe(error)))") }
        return rows
    }

    /// `;` when the first row that is not a comment has more of them than of `,` outside quotes.
    static func delimiter(of data: Data) -> UnicodeScalar {
        var commas = 0
        var semicolons = 0
        var quoted = false
        var lineStart = true
        var comment = false
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        for byte in data.starts(with: bom) ? data.dropFirst(bom.count) : data[...] {
            if lineStart { comment = byte == UInt8(ascii: "#") }
            lineStart = false
            switch byte {
            case UInt8(ascii: "\""): quoted.toggle()
            case UInt8(ascii: ",") where !quoted: commas += 1
            case UInt8(ascii: ";") where !quoted: semicolons += 1
            case UInt8(ascii: "\n") where !quoted:
                if !comment && commas + semicolons > 0 { return semicolons > commas ? ";" : "," }
                commas = 0
                semicolons = 0
                lineStart = true
            default: break
            }
        }
        return semicolons > commas ? ";" : ","
    }

    /// A decimal number as written in a spreadsheet cell, `28,5` or `28.5`, as `28.5`; nil when it is not one.
    public static func decimal(_ text: String) -> String? {
        let normalised = text.replacingOccurrences(of: ",", with: ".")
        guard !normalised.isEmpty, normalised.filter({ $0 == "." }).count <= 1,
            normalised.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), normalised.first != ".", normalised.last != "."
        else { return nil }
        return normalised
    }
}
