import BridgeModel
import Foundation

/// How reports speak (`--locale`): `en` (the default: ISO dates, decimal point, English headers) or `vi`
/// (dd/MM/yyyy, decimal comma, Vietnamese headers and statuses; CSV then separates fields with `;`, as Excel does
/// where the decimal separator is a comma). JSON never changes: it is for programs.
public enum ReportLocale: String, Sendable, CaseIterable {
    case en, vi

    /// A block (`party`, `state`, `mass`) as people name it: "Khối Nhà nước" in Vietnamese, the key in English.
    public func block(_ block: String?) -> String {
        guard self == .vi else { return block ?? "" }
        switch block.flatMap(Block.init(rawValue:)) {
        case .party: return "Khối Đảng"
        case .state: return "Khối Nhà nước"
        case .mass: return "Khối Mặt trận, đoàn thể"
        case nil: return "Chưa xác định"
        }
    }

    /// A column's header.
    public func header(_ key: String) -> String {
        self == .vi ? Self.vietnamese[key] ?? key : key
    }

    /// A decimal number written as text (`66.666667`) in this locale.
    public func number(_ text: String) -> String {
        self == .vi ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    /// A day: `2026-03-31` or `31/03/2026`.
    public func day(_ day: CalendarDay?) -> String {
        guard let day else { return "" }
        guard self == .vi else { return day.description }
        return String(format: "%02d/%02d/%04d", day.day, day.month, day.year)
    }

    /// An instant, as a day and time in Vietnam time (`vi`), or as stored (ISO 8601, `en`).
    public func time(_ time: Timestamp?) -> String {
        guard let time else { return "" }
        guard self == .vi else { return time.description }
        let local = time.millis / 1000 + Int64(VietnamTime.offsetSeconds)
        let seconds = ((local % 86_400) + 86_400) % 86_400
        return day(time.day()) + String(format: " %02d:%02d", Int(seconds / 3600), Int(seconds % 3600 / 60))
    }

    /// Yes or no.
    public func flag(_ value: Bool) -> String {
        switch self {
        case .en: value ? "true" : "false"
        case .vi: value ? "có" : "không"
        }
    }

    /// A task status as people in the province say it.
    public func status(_ status: TaskStatus) -> String {
        guard self == .vi else { return status.rawValue }
        switch status {
        case .received: return "đã đến"
        case .assigned: return "đã phân công"
        case .inProgress: return "đang xử lý"
        case .completed: return "hoàn thành"
        case .returned: return "trả lại"
        case .cancelled: return "đã hủy"
        }
    }

    /// The CSV field separator.
    public var csvDelimiter: String { self == .vi ? ";" : "," }

    static let vietnamese: [String: String] = [
        // score
        "officer": "Cán bộ", "name": "Họ và tên", "agency": "Cơ quan", "unit": "Đơn vị", "block": "Khối",
        "assignedUnits": "Khối lượng được giao", "completedUnits": "Khối lượng hoàn thành",
        "assignedTasks": "Số nhiệm vụ được giao", "completedTasks": "Số nhiệm vụ hoàn thành",
        "quantity": "Số lượng", "quality": "Chất lượng", "timeliness": "Tiến độ", "timely": "Tiến độ",
        "taskPoints": "Điểm nhiệm vụ", "generalPoints": "Điểm chung", "total": "Tổng điểm", "provisional": "Tạm tính",
        "sanction": "Kỷ luật", "level": "Xếp loại", "done": "Hoàn thành/giao",
        // tasks
        "key": "Mã nhiệm vụ", "status": "Trạng thái", "main_handler": "Người chủ trì", "main_handler_name": "Tên người chủ trì",
        "handler": "Người chủ trì", "due_at": "Hạn xử lý", "due": "Hạn", "completed_at": "Ngày hoàn thành", "code": "Số, ký hiệu",
        "title": "Trích yếu",
        "link": "Liên kết",
        // explain
        "task": "Nhiệm vụ", "role": "Vai trò", "weight": "Trọng số", "coefficient": "Hệ số", "completed": "Đã hoàn thành",
        "completedAt": "Ngày hoàn thành", "dueAt": "Hạn xử lý", "missed": "Số lần trễ hạn", "errors+returns": "Lỗi và trả lại",
        "record": "Bản ghi nguồn", "payload": "Gói dữ liệu",
    ]
}
