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
        if t.cites { item["document"] = ["number": "\(t.number)/\(t.notation)", "date": t.promulgated.description] }
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

    // The two tools a province took on by mapping alone (`sim --extra-tools`): copies of the mass-organisation
    // tasks in a farmers' union tool, and of the Party tasks in a trade-union tool, each with its own shape.

    static let nongdanWords: [SimulatedTask.Progress: String] = [
        .received: "Mới nhận", .assigned: "Đã phân công", .inProgress: "Đang thực hiện", .returned: "Bị trả lại",
        .completed: "Đã hoàn thành", .cancelled: "Đã hủy",
    ]
    static let congdoanWords: [SimulatedTask.Progress: String] = [
        .received: "Chờ tiếp nhận", .assigned: "Đã giao việc", .inProgress: "Đang xử lý", .returned: "Trả lại",
        .completed: "Xong", .cancelled: "Thu hồi",
    ]

    /// `dd-MM-yyyy HH:mm` in Vietnam time.
    static func ddMMyyyyHHmm(_ t: Timestamp) -> String {
        let text = t.description
        let day = t.day().description.split(separator: "-")
        return "\(day[2])-\(day[1])-\(day[0]) " + text.dropFirst(11).prefix(5)
    }

    /// `yyyy/MM/dd HH:mm:ss` in Vietnam time.
    static func slashedTime(_ t: Timestamp) -> String {
        t.day().description.replacingOccurrences(of: "-", with: "/") + " " + t.description.dropFirst(11).prefix(8)
    }

    /// Farmers' union tool: offset paging, Vietnamese words, `dd-MM-yyyy HH:mm` times, the key in the query.
    static func nongdan(_ t: SimulatedTask) -> [String: Any] {
        var item: [String: Any] = [
            "maViec": "ND-\(t.id)", "tenViec": t.title, "coSo": t.handler.agency, "boPhan": t.handler.unit,
            "nguoiPhuTrach": ["maHoiVien": t.handler.account, "hoTen": t.handler.name],
            "hanChot": ddMMyyyyHHmm(VietnamTime.endOfDay(t.due)), "tinhTrang": nongdanWords[t.progress]!,
            "suaLuc": ddMMyyyyHHmm(t.updatedAt), "soLanTraLai": t.returns.count,
        ]
        if t.progress >= .assigned && t.progress != .cancelled { item["giaoLuc"] = ddMMyyyyHHmm(t.assignedAt) }
        if t.progress == .completed { item["xongLuc"] = ddMMyyyyHHmm(t.completedAt) }
        return item
    }

    /// Trade-union tool: `Link` header paging, `yyyy/MM/dd HH:mm:ss` times, `Authorization: Token …`.
    static func congdoan(_ t: SimulatedTask) -> [String: Any] {
        var item: [String: Any] = [
            "id": "CD-\(t.id)", "noiDung": t.title, "donVi": t.handler.agency, "phong": t.handler.unit,
            "canBo": ["email": NSNull(), "maCanBo": t.handler.account, "ten": t.handler.name],
            "han": slashedTime(t.dueTime), "trangThai": congdoanWords[t.progress]!, "capNhat": slashedTime(t.updatedAt),
            "traLai": t.returns.count,
        ]
        if t.progress >= .assigned && t.progress != .cancelled { item["ngayGiao"] = slashedTime(t.assignedAt) }
        if t.progress == .completed { item["ngayXong"] = slashedTime(t.completedAt) }
        return item
    }
}
