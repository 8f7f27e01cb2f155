import BridgeModel
import BridgeParsing
import Foundation
import ZIPFoundation

/// Reads the first sheet of an `.xlsx` workbook as HR saves it (Office Open XML: a ZIP of XML parts), with
/// ZIPFoundation and the project's libxml2 reader (its safe options and limits: no external entities, bounded
/// depth and size), into the same rows a CSV file gives: each row's number as the sheet shows it, its cells as
/// text — shared strings, inline strings and numbers as written (a date cell is Excel's day number, which the
/// importers read as a date). A part larger than 64 MiB unpacked is refused: a ZIP bomb stops there.
public enum XLSXSheet {
    static let maxPartBytes = 64 << 20

    public static func rows(_ data: Data, file: String) throws -> [CSVTable.Row] {
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read) } catch { throw AppError("\(file): not an Excel workbook (.xlsx): \(error)") }
        func part(_ path: String) throws -> SourceNode? {
            guard let entry = archive[path] else { return nil }
            var bytes: [UInt8] = []
            do {
                _ = try archive.extract(entry) { chunk in
                    bytes.append(contentsOf: chunk)
                    if bytes.count > maxPartBytes { throw AppError("\(file): \(path) unpacks to more than \(maxPartBytes >> 20) MiB") }
                }
                return try XMLStreamParser.parse(bytes).root
            } catch let error as AppError {
                throw error
            } catch {
                throw AppError("\(file): \(path) cannot be read: \(error)")
            }
        }
        let strings = try part("xl/sharedStrings.xml")?.children.filter { $0.name == "si" }.map(text) ?? []
        let sheets = archive.map(\.path).filter { $0.hasPrefix("xl/worksheets/") && $0.hasSuffix(".xml") }.sorted()
        let first = sheets.contains("xl/worksheets/sheet1.xml") ? "xl/worksheets/sheet1.xml" : sheets.first
        guard let path = first, let sheet = try part(path) else { throw AppError("\(file): the workbook has no sheet") }
        var out: [CSVTable.Row] = []
        for row in sheet.descendants() where row.name == "row" {
            var cells: [String] = []
            for cell in row.children where cell.name == "c" {
                let column = cell.attributes["r"].map(columnIndex) ?? cells.count
                let value: String
                switch cell.attributes["t"] {
                case "s":
                    guard let index = cell.children.first(where: { $0.name == "v" })?.text.flatMap({ Int($0) }), strings.indices.contains(index) else {
                        throw AppError("\(file): cell \(cell.attributes["r"] ?? "?") names a shared string that is not there")
                    }
                    value = strings[index]
                case "inlineStr": value = cell.children.first { $0.name == "is" }.map(text) ?? ""
                default: value = cell.children.first { $0.name == "v" }?.text ?? ""
                }
                if column >= cells.count { cells += Array(repeating: "", count: column - cells.count + 1) }
                cells[column] = value.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            while cells.last == "" { cells.removeLast() }
            guard !cells.isEmpty else { continue }
            out.append(CSVTable.Row(number: row.attributes["r"].flatMap { Int($0) } ?? out.count + 1, fields: cells))
        }
        return out
    }

    /// The text of a string item: every `t` under it, in order (rich text has several runs).
    static func text(_ node: SourceNode) -> String {
        (node.name == "t" ? [node] : node.descendants().filter { $0.name == "t" }).compactMap(\.text).joined()
    }

    /// `C7` → 2: the column letters of a cell reference, from 0.
    static func columnIndex(_ reference: String) -> Int {
        var index = 0
        for scalar in reference.unicodeScalars {
            guard scalar.value >= 65, scalar.value <= 90 else { break }
            index = index * 26 + Int(scalar.value - 64)
        }
        return max(0, index - 1)
    }

    /// An Excel day number (days since 30 December 1899) as a day, for a date cell; nil when `text` is not one.
    public static func day(fromSerial text: String) -> CalendarDay? {
        guard let serial = Double(text), serial >= 1, serial < 2_958_466 else { return nil }
        // 1970-01-01 is Excel day 25569.
        return CalendarDay(daysSinceEpoch: Int(serial.rounded(.down)) - 25_569)
    }
}
