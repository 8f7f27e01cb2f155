import BridgeBonus
import BridgeModel
import Foundation

/// A bonus run as a table, JSON, CSV, or the "Danh sách đề nghị thưởng" workbook HR signs and pays from.
public enum BonusFormatter {
    /// The JSON of `bonus show` and `GET /api/v1/bonus`: the run as kept (`record`, the bytes it was computed
    /// into), who made it and when, what differs today, and the January notice.
    struct StatementJSON: Encodable {
        let run: Int64
        let at: String
        let actor: String
        let record: BonusRecord
        let differences: [BonusStatement.Difference]
        let notice: String?
    }

    public static func json(_ statement: BonusStatement) throws -> String {
        try TaskFormatter.json(StatementJSON(
            run: statement.run, at: statement.at.description, actor: statement.actor, record: statement.record, differences: statement.differences,
            notice: statement.notice))
    }

    /// The list's columns: number, officer, name, unit, level, amount, basis, and the signature.
    static func header(_ record: BonusRecord) -> [String] {
        ["STT", "Mã cán bộ", "Họ và tên", "Đơn vị", "Xếp loại", "Số tiền thưởng (đồng)"]
            + (record.additionalIncome == nil ? [] : ["Thu nhập tăng thêm hằng tháng (đồng)", "Thu nhập tăng thêm cuối năm (đồng)"])
            + ["Căn cứ", "Ký nhận"]
    }

    static func rows(_ record: BonusRecord) -> [[String]] {
        record.lines.enumerated().map { index, line in
            ["\(index + 1)", line.officer, line.name ?? "", line.unit, line.level, "\(line.amount)"]
                + (record.additionalIncome == nil ? [] : [line.additionalMonthly.map(String.init) ?? "", line.additionalYearEnd.map(String.init) ?? ""])
                + [line.explanation, ""]
        }
    }

    /// The figures under the list: total, fund, remainder, regulation.
    static func summary(_ record: BonusRecord) -> [(String, String)] {
        [
            ("Tổng cộng", "\(record.total)"), ("Quỹ thưởng (\(percent(record.fundShare)) quỹ lương)", "\(record.fundVND)"),
            ("Còn lại trong quỹ", "\(record.remainderVND)"),
            ("Quy chế", "\(record.regulation.basis) (phiên bản \(record.regulation.version), áp dụng từ năm \(record.regulation.from))"),
            ("Xếp loại", "theo kết quả khóa sổ năm \(record.year) lúc \(record.closedAt)"),
        ]
    }

    /// A share written as a decimal (`0.1`) as a percentage (`10 %`).
    public static func percent(_ share: String) -> String {
        (Decimal(string: share).map { "\($0 * 100)" } ?? share) + " %"
    }

    public static func render(_ statement: BonusStatement, as format: OutputFormat) throws -> String {
        let record = statement.record
        switch format {
        case .json: return try json(statement)
        case .csv: return CSVTable.render(header: header(record), rows: rows(record))
        case .table:
            var out = [
                "Danh sách đề nghị thưởng năm \(record.year) — \(record.agencyName.map { "\($0) (\(record.agency))" } ?? record.agency)",
                "run \(statement.run), \(statement.at) by \(statement.actor)", "",
                TextTable.render(
                    header: ["#", "officer", "name", "unit", "level", "amount"] + (record.additionalIncome == nil ? [] : ["additional"]),
                    rows: record.lines.enumerated().map { index, line in
                        ["\(index + 1)", line.officer, line.name ?? "", line.unit, line.level, BonusRun.vnd(line.amount)]
                            + (record.additionalIncome == nil ? [] : [BonusRun.vnd((line.additionalMonthly ?? 0) + (line.additionalYearEnd ?? 0))])
                    }),
                "",
            ]
            out += summary(record).map { "\($0.0): \(Int($0.1).map(BonusRun.vnd) ?? $0.1)" }
            if !statement.differences.isEmpty {
                out += ["", "Scores adjusted after this run (the run is kept as it was; reopen and close the year, then run again to issue a new list):"]
                out += statement.differences.map { "  \($0.officer) \($0.name ?? ""): \($0.levelInRun ?? "-") → \($0.levelNow ?? "-") (\(BonusRun.vnd($0.amountInRun)) in this run)" }
            }
            if let notice = statement.notice { out += ["", notice] }
            return out.joined(separator: "\n")
        case .xlsx: throw AppError("--format xlsx writes a file: give --output FILE.xlsx")
        }
    }

    /// "Danh sách đề nghị thưởng": one row per officer, amounts as numbers, then the summary rows.
    public static func workbook(_ statement: BonusStatement) -> XLSXWorkbook {
        let record = statement.record
        let width = header(record).count
        func cell(_ text: String, number: Bool) -> XLSXWorkbook.Cell { text.isEmpty ? .empty : number ? .number(text) : .text(text) }
        let amounts = Set([0, 5] + (record.additionalIncome == nil ? [] : [6, 7]))
        var rows = rows(record).map { row in row.enumerated().map { cell($1, number: amounts.contains($0)) } }
        rows.append(Array(repeating: .empty, count: width))
        for (label, value) in summary(record) {
            let number = Int(value) != nil
            rows.append([.empty, .text(label), .empty, .empty, .empty, cell(value, number: number)] + Array(repeating: .empty, count: width - 6))
        }
        return XLSXWorkbook(sheetName: "Danh sách đề nghị thưởng", header: header(record), rows: rows)
    }
}
