import BridgeModel
import Foundation

/// How the three JSON systems write a task: each with its own field names, dates and status words.
enum ToolRecords {
    static func ddMMyyyy(_ d: CalendarDay) -> String {
        let p = d.description.split(separator: "-")
        return "\(p[2])/\(p[1])/\(p[0])"
    }

    static func ddMMyyyyTime(_ t: Timestamp) -> String {
        let text = t.description
        return ddMMyyyy(t.day()) + " " + text.dropFirst(11).prefix(8)
    }

    static let iofficeWords: [SimulatedTask.Progress: String] = [
        .received: "cho_xu_ly", .assigned: "da_phan_cong", .inProgress: "dang_xu_ly", .returned: "tra_lai", .completed: "da_xu_ly",
        .cancelled: "thu_hoi",
    ]
    static let partyWords: [SimulatedTask.Progress: String] = [
        .received: "new", .assigned: "assigned", .inProgress: "in_progress", .returned: "returned", .completed: "done",
        .cancelled: "cancelled",
    ]
    static let massWords: [SimulatedTask.Progress: String] = [
        .received: "Mới", .assigned: "Đã giao", .inProgress: "Đang làm", .returned: "Trả lại", .completed: "Hoàn thành",
        .cancelled: "Hủy",
    ]

    /// iOffice-style incoming document in an officer's list (`dd/MM/yyyy`).
    static func ioffice(_ t: SimulatedTask) -> [String: Any] {
        var item: [String: Any] = [
            "id": t.id, "so_ky_hieu": "\(t.number)/\(t.notation)", "trich_yeu": t.title, "loai_van_ban": t.documentType,
            "ngay_ban_hanh": ddMMyyyy(t.promulgated), "ten_co_quan_ban_hanh": "UBND tỉnh Khánh Hòa",
            "ngay_den": ddMMyyyy(CalendarDay(daysSinceEpoch: t.promulgated.daysSinceEpoch + 1)), "han_xu_ly": ddMMyyyy(t.due),
            "ma_don_vi": t.handler.agency, "phong_chu_tri": t.handler.unit,
            "nguoi_xu_ly_chinh": ["email": t.handler.account, "ho_ten": t.handler.name],
            "nguoi_phoi_hop": t.coordinators.map { ["email": $0.account, "ho_ten": $0.name] },
            "trang_thai": iofficeWords[t.progress]!, "ngay_cap_nhat": ddMMyyyyTime(t.updatedAt),
            "ngay_hoan_thanh": NSNull(), "ngay_phan_cong": NSNull(), "lich_su_tra_lai": t.returns.map(ddMMyyyyTime),
        ]
        if t.progress >= .assigned && t.progress != .cancelled { item["ngay_phan_cong"] = ddMMyyyyTime(t.assignedAt) }
        if t.progress == .completed { item["ngay_hoan_thanh"] = ddMMyyyyTime(t.completedAt) }
        return item
    }

    /// Party task tool (English field names, ISO 8601 times).
    static func party(_ t: SimulatedTask) -> [String: Any] {
        var item: [String: Any] = [
            "taskId": t.id, "title": t.title, "organ": t.handler.agency, "unit": t.handler.unit,
            "assignee": ["memberCode": t.handler.account, "fullName": t.handler.name],
            "collaborators": t.coordinators.map { ["memberCode": $0.account] },
            "deadline": t.dueTime.description, "status": partyWords[t.progress]!, "updatedAt": t.updatedAt.description,
            "returns": t.returns.map { ["at": $0.description] },
        ]
        if t.progress >= .assigned && t.progress != .cancelled { item["assignedAt"] = t.assignedAt.description }
        if t.progress == .completed { item["completedAt"] = t.completedAt.description }
        return item
    }

    /// Mass-organisation tool (Vietnamese field names, `yyyy-MM-dd` deadlines, epoch-millisecond times).
    static func mass(_ t: SimulatedTask) -> [String: Any] {
        var item: [String: Any] = [
            "ma_cv": t.id, "noi_dung": t.title, "to_chuc": t.handler.agency, "ban": t.handler.unit,
            "can_bo": ["ma_doan_vien": t.handler.account, "ho_ten": t.handler.name],
            "phoi_hop": t.coordinators.map { ["ma_doan_vien": $0.account, "ho_ten": $0.name] },
            "han": t.due.description, "tinh_trang": massWords[t.progress]!, "cap_nhat": t.updatedAt.millis,
            "tra_lai": t.returns.map(\.millis),
        ]
        if t.progress >= .assigned && t.progress != .cancelled { item["giao_luc"] = t.assignedAt.millis }
        if t.progress == .completed { item["hoan_thanh_luc"] = t.completedAt.millis }
        return item
    }
}
