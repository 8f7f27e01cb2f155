import BridgeLedger
import BridgeModel
import Foundation

/// Renders dead letters for `kpibridge replay list` and `replay show`.
public enum DeadLetterFormatter {
    public static func render(_ letters: [DeadLetter], as format: OutputFormat, locale: ReportLocale = .en) throws -> String {
        if locale == .vi && format == .table {
            let vi = ReportLocale.vi
            func time(_ text: String?) -> String { text.flatMap(Timestamp.init(iso8601:)).map { vi.time($0) } ?? text ?? "" }
            let rows = letters.map { l in
                [String(l.id), l.source, l.failureClass.rawValue, l.recordId ?? "(cả tệp)", l.origin ?? "", String(l.attempts), time(l.lastSeen),
                 l.resolvedAt.map { "đã xử lý \(time($0))" } ?? "chưa xử lý", l.reason]
            }
            return TextTable.render(header: ["mã", "nguồn", "loại lỗi", "bản ghi", "nơi nhận", "số lần", "gặp gần nhất", "tình trạng", "lý do"], rows: rows)
                + "\n\(letters.count) bản ghi lỗi"
        }
        return try render(letters, as: format)
    }

    static func render(_ letters: [DeadLetter], as format: OutputFormat) throws -> String {
        switch format {
        case .json:
            return try TaskFormatter.json(letters)
        case .xlsx:
            throw AppError("--format xlsx is for score and explain")
        case .csv:
            let header = ["id", "source", "class", "record_id", "origin", "attempts", "first_seen", "last_seen", "reason", "resolved_at"]
            return CSVTable.render(header: header, rows: letters.map(row))
        case .table:
            let rows = letters.map { l in
                [String(l.id), l.source, l.failureClass.rawValue, l.recordId ?? "(payload)", l.origin ?? "", String(l.attempts),
                 l.resolvedAt.map { "resolved \($0)" } ?? "open", l.reason]
            }
            return TextTable.render(header: ["id", "source", "class", "record", "origin", "attempts", "state", "reason"], rows: rows)
                + "\n\(letters.count) dead letter(s)"
        }
    }

    static func row(_ l: DeadLetter) -> [String] {
        [String(l.id), l.source, l.failureClass.rawValue, l.recordId ?? "", l.origin ?? "", String(l.attempts), l.firstSeen, l.lastSeen, l.reason, l.resolvedAt ?? ""]
    }

    /// The record a letter names: its id, its position when the id could not be read, or the whole payload.
    static func record(_ l: DeadLetter) -> String {
        guard let id = l.recordId else { return "(the whole payload)" }
        return id.hasPrefix("#") && Int(id.dropFirst()) != nil ? "\(id) in the payload (its id could not be read)" : id
    }

    /// Every field, then the payload (text shown up to 4 KiB, binary as its size).
    public static func detail(_ l: DeadLetter, payload: Data?) -> String {
        var lines = [
            "Dead letter \(l.id)", "  source          \(l.source)", "  class           \(l.failureClass.rawValue)",
            "  reason          \(l.reason)", "  record          \(record(l))",
            "  origin          \(l.origin ?? "(unknown)")", "  mapping         \(l.mappingId ?? "-") v\(l.mappingVersion.map(String.init) ?? "-")",
            "  attempts        \(l.attempts)", "  first seen      \(l.firstSeen)", "  last seen       \(l.lastSeen)",
            "  payload         sha256:\(l.payloadHash) (\(payload?.count ?? 0) bytes)",
        ]
        if let resolved = l.resolvedAt { lines.append("  resolved        \(resolved)") }
        if let payload {
            let head = payload.prefix(4096)
            lines.append("--- payload" + (payload.count > 4096 ? " (first 4096 bytes)" : "") + " ---")
            lines.append(String(decoding: head, as: UTF8.self))
        }
        return lines.joined(separator: "\n")
    }
}
