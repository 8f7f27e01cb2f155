import BridgeModel
import Foundation
import ZIPFoundation

/// A one-sheet Excel workbook (`.xlsx`, Office Open XML SpreadsheetML) with the few parts Excel and LibreOffice
/// need: content types, relationships, the workbook, one worksheet and a style sheet whose second style makes
/// the header row bold. Text cells are inline strings (no shared-string table); numbers are numbers, so a
/// report's points sum and sort in Excel; a text cell that would run as a formula is neutralised as in CSV.
public struct XLSXWorkbook: Sendable {
    /// One cell: text or a number (written as the number's decimal text, never rounded here).
    public enum Cell: Sendable, Hashable {
        case text(String)
        case number(String)
        case empty
    }

    public var sheetName: String
    public var header: [String]
    public var rows: [[Cell]]

    public init(sheetName: String, header: [String], rows: [[Cell]]) {
        self.sheetName = sheetName
        self.header = header
        self.rows = rows
    }

    /// The workbook as the bytes of a `.xlsx` file.
    public func data() throws -> Data {
        let archive = try Archive(accessMode: .create)
        let parts: [(String, String)] = [
            ("[Content_Types].xml", Self.contentTypes),
            ("_rels/.rels", Self.rootRelationships),
            ("xl/workbook.xml", workbook),
            ("xl/_rels/workbook.xml.rels", Self.workbookRelationships),
            ("xl/styles.xml", Self.styles),
            ("xl/worksheets/sheet1.xml", worksheet),
        ]
        for (path, text) in parts {
            let bytes = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: Self.epoch, compressionMethod: .deflate
            ) { position, size in bytes.subdata(in: Int(position)..<Int(position) + size) }
        }
        guard let data = archive.data else { throw AppError("the workbook could not be written") }
        return data
    }

    /// A fixed date for every part, so the same report gives the same bytes.
    static let epoch = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01

    var workbook: String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
        xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
        <sheets><sheet name="\(XMLText.escape(String(Self.safeSheetName(sheetName))))" sheetId="1" r:id="rId1"/></sheets></workbook>
        """
    }

    var worksheet: String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
            <sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>\
            <sheetData>
            """
        xml += row(1, header.map(Cell.text), style: 1)
        for (index, cells) in rows.enumerated() { xml += row(index + 2, cells, style: 0) }
        xml += "</sheetData></worksheet>"
        return xml
    }

    private func row(_ number: Int, _ cells: [Cell], style: Int) -> String {
        var xml = "<row r=\"\(number)\">"
        for (column, cell) in cells.enumerated() {
            let reference = "\(Self.columnName(column))\(number)"
            let s = style == 0 ? "" : " s=\"\(style)\""
            switch cell {
            case .empty:
                continue
            case .number(let value):
                // Decimals carry a format of two places (0.00), whole numbers Excel's general one.
                let numberStyle = style == 0 && value.contains(".") ? " s=\"2\"" : s
                xml += "<c r=\"\(reference)\"\(numberStyle)><v>\(XMLText.escape(value))</v></c>"
            case .text(let value):
                let text = CSVTable.neutralised(value)
                xml += "<c r=\"\(reference)\"\(s) t=\"inlineStr\"><is><t xml:space=\"preserve\">\(XMLText.escape(text))</t></is></c>"
            }
        }
        return xml + "</row>"
    }

    /// `A`, `B`, … `Z`, `AA`, … for a zero-based column.
    public static func columnName(_ index: Int) -> String {
        var index = index
        var name = ""
        repeat {
            name = String(UnicodeScalar(UInt8(65 + index % 26))) + name
            index = index / 26 - 1
        } while index >= 0
        return name
    }

    /// Excel's rules for a sheet name: at most 31 characters, none of `[]:*?/\`.
    static func safeSheetName(_ name: String) -> Substring {
        let cleaned = String(name.map { "[]:*?/\\".contains($0) ? "-" : $0 })
        return cleaned.isEmpty ? "Sheet1" : cleaned.prefix(31)
    }

    static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
        <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
        <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
        </Types>
        """

    static let rootRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
        </Relationships>
        """

    static let workbookRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
        </Relationships>
        """

    /// Style 0 plain, style 1 bold (the header row).
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
        <xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """
}
