import BridgeModel
import Foundation

/// What the reconciliation pages say, in Vietnamese: the queue's notes, fields, options and decisions are made
/// for the command line in English; a person on the web reads these instead (docs/web.md).
enum ConflictWords {
    /// A task field as a person names it.
    static func field(_ name: String?) -> String {
        switch name {
        case "status": "trạng thái"
        case "mainHandler": "người xử lý chính"
        case "coordinators": "người phối hợp"
        case "dueAt": "hạn xử lý"
        case "completedAt": "ngày hoàn thành"
        case "assignedAt": "ngày giao"
        case "title": "trích yếu"
        case "productType": "loại sản phẩm"
        case "unit": "đơn vị"
        case "agency": "cơ quan"
        case let other?: other
        case nil: ""
        }
    }

    /// What a candidate's pair shares, as the reason it may be the same work.
    static func candidateReason(_ subject: String?) -> String {
        switch subject {
        case "title": "cùng cơ quan, trích yếu và ngày ban hành, nhưng khác số ký hiệu hoặc cơ quan ban hành"
        case "document": "cùng số ký hiệu và ngày văn bản, nhưng ghi dưới cơ quan hoặc mã tổ chức khác"
        case "duplicate": "một hệ thống có hai bản ghi của cùng một văn bản tại cùng cơ quan"
        default: "cùng cơ quan và số văn bản, nhưng số, ký hiệu hoặc ngày được viết khác nhau"
        }
    }

    /// The line the queue shows for a conflict.
    static func note(_ conflict: Conflict) -> String {
        switch conflict.kind {
        case .candidate:
            return "Có thể là cùng một công việc: \(candidateReason(conflict.subject))."
        case .disagreement:
            let sources = conflict.sides.map(\.source)
            return "Các hệ thống (\(sources.joined(separator: ", "))) ghi khác nhau về \(field(conflict.subject)); điểm đang dùng giá trị theo thứ tự ưu tiên nguồn."
        case .override:
            return "Giá trị \(field(conflict.subject)) đã được ghi đè bằng quyết định; nguồn đã thay đổi từ đó, cần xem lại."
        case .person:
            let count = conflict.sides.count
            return "\(count) nhiệm vụ ghi tài khoản \(conflict.subject ?? ""), chưa gắn với cán bộ nào trong danh bạ; hãy gắn tài khoản này với một cán bộ."
        case .dispute:
            let officer = conflict.sides.first?.source.replacingOccurrences(of: "officer:", with: "") ?? ""
            return "Cán bộ \(officer) khiếu nại: \(conflict.sides.first.map { claim($0.value) } ?? "")."
        case .missing:
            let source = conflict.sides.first?.source ?? "nguồn"
            return "\(source) không còn liệt kê bản ghi này (đã xoá hoặc thu hồi ở nguồn?). «Giữ nhiệm vụ» giữ nguyên nhiệm vụ; muốn loại khỏi KPI thì ghi đè trạng thái thành đã huỷ."
        }
    }

    /// What "Về" shows: the field in dispute, the account, or the reason of a candidate.
    static func subject(_ conflict: Conflict) -> String? {
        guard let subject = conflict.subject else { return nil }
        switch conflict.kind {
        case .candidate: return candidateReason(subject)
        case .person: return "tài khoản \(subject)"
        case .disagreement, .override: return field(subject)
        case .missing: return subject
        case .dispute: return "khiếu nại số \(subject.dropFirst("dispute:".count))"
        }
    }

    /// A dispute's claim (`ComputedConflicts.claim`) in Vietnamese.
    static func claim(_ text: String) -> String {
        if text == "not mine" { return "nhiệm vụ không phải của mình" }
        if text.hasPrefix("deadline extended to ") { return "hạn xử lý đã được gia hạn đến \(text.dropFirst("deadline extended to ".count))" }
        if text.hasPrefix("completed on ") { return "đã hoàn thành ngày \(text.dropFirst("completed on ".count))" }
        if text.hasPrefix("product type should be ") { return "loại sản phẩm đúng là \(text.dropFirst("product type should be ".count))" }
        if text.hasPrefix("the same work as ") { return "bị tính hai lần (cùng công việc với \(text.dropFirst("the same work as ".count).replacingOccurrences(of: ", counted twice", with: "")))" }
        return text
    }

    /// A dispute's kind as the officer's form names it.
    static func disputeKind(_ kind: Dispute.Kind) -> String {
        switch kind {
        case .notMine: "Không phải nhiệm vụ của tôi"
        case .deadlineExtended: "Đã được gia hạn (trên văn bản)"
        case .completedOn: "Đã hoàn thành vào ngày"
        case .wrongProductType: "Sai loại sản phẩm"
        case .countedTwice: "Bị tính hai lần"
        }
    }

    static func disputeState(_ state: Dispute.State) -> String {
        switch state {
        case .open: "chờ quyết định"
        case .accepted: "được chấp nhận"
        case .rejected: "không được chấp nhận"
        }
    }

    /// A way of settling a conflict, as the impacts list names it (`accept (link)`, `choose ioffice`, …).
    static func option(_ option: String) -> String {
        if option.hasPrefix("choose ") { return "Lấy giá trị của \(option.dropFirst("choose ".count))" }
        switch option {
        case "accept (link)": return "Là cùng một công việc (liên kết)"
        case "accept as shown": return "Chấp nhận như đang hiển thị"
        case "accept (keep the task)": return "Giữ nhiệm vụ"
        case "cancel the task": return "Huỷ nhiệm vụ (loại khỏi KPI)"
        case "accept the dispute": return "Chấp nhận khiếu nại"
        case "reject": return "Không chấp nhận"
        default: return option
        }
    }

    /// A decision in one line.
    static func decision(_ d: ReconcileDecision) -> String {
        switch d.action {
        case .link: "liên kết \(d.task.rawValue) với \(d.other?.rawValue ?? "") (cùng một công việc)"
        case .unlink: "tách \(d.task.rawValue) khỏi \(d.other?.rawValue ?? "") (không phải cùng một công việc)"
        case .accept: "chấp nhận \(field(d.field)) của \(d.task.rawValue) như đang hiển thị"
        case .choose: "lấy \(field(d.field)) của \(d.task.rawValue) từ \(d.source ?? "")"
        case .override: "ghi đè \(field(d.field)) của \(d.task.rawValue) thành \(d.value ?? "")"
        }
    }
}
