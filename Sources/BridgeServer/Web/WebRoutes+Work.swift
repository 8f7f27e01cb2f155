import BridgeApp
import BridgeLedger
import BridgeModel
import BridgePipeline
import Foundation
import Hummingbird

extension WebRoutes {
    static let pageSize = 50

    /// `/nhiem-vu?co-quan=&trang-thai=&can-bo=&trang=`: the tasks the viewer may see, 50 to a page.
    func taskList(_ request: Request, _ viewer: Viewer) async throws -> Response {
        let query = request.uri.queryParameters
        let grant = viewer.grant
        let agency = query["co-quan"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        if let agency, !grant.sees(agency) { throw Problem(.notFound, "Không có cơ quan '\(agency)'.") }
        var status: TaskStatus?
        if let text = query["trang-thai"], !text.isEmpty {
            guard let value = TaskStatus(rawValue: String(text)) else { throw Problem(.badRequest, "Trạng thái '\(text)' không có.") }
            status = value
        }
        let officer = query["can-bo"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let pageNumber = max(1, Int(query["trang"] ?? "1") ?? 1)
        let from = (pageNumber - 1) * Self.pageSize
        let (total, rows) = try bridge.store.tasks.page(
            TaskFilter(officer: officer, agency: agency, status: status), agencies: grant.agencies.isEmpty ? nil : grant.agencies,
            limit: Self.pageSize, offset: from)
        let directory = try bridge.store.directory.current()
        func pageLink(_ n: Int) -> String {
            Self.link("/nhiem-vu", [("co-quan", agency), ("trang-thai", status?.rawValue), ("can-bo", officer), ("trang", String(n))])
        }
        var data: [String: Any] = [
            "filters": [
                Self.filter("co-quan", "Cơ quan", try visibleAgencies(grant), selected: agency),
                Self.filter("trang-thai", "Trạng thái", TaskStatus.allCases.map { ($0.rawValue, WebFormat.status($0)) }, selected: status?.rawValue),
                Self.textFilter("can-bo", "Cán bộ", value: officer),
            ],
            "range": rows.isEmpty ? "Không có nhiệm vụ nào ở trang này." : "Nhiệm vụ \(WebFormat.count(from + 1))–\(WebFormat.count(from + rows.count)) trong \(WebFormat.count(total)).",
            "rows": rows.map { task -> [String: Any] in
                [
                    "href": Self.link("/nhiem-vu/xem", [("ma", task.key.rawValue)]), "key": task.key.rawValue,
                    "title": task.title ?? task.document.code ?? task.key.rawValue,
                    "agency": task.agency.map { directory.agencies[$0]?.name ?? $0 } ?? "",
                    "handler": task.mainHandler.map { $0.name ?? directory.officers[$0.officerKey]?.name ?? $0.officerKey } ?? "",
                    "status": WebFormat.status(task.status), "due": WebFormat.day(task.dueAt), "completed": WebFormat.day(task.completedAt),
                    "disputed": !task.disputedFields.isEmpty,
                ]
            },
        ]
        if pageNumber > 1 { data["previous"] = pageLink(pageNumber - 1) }
        if from + rows.count < total { data["next"] = pageLink(pageNumber + 1) }
        return try render("tasks", title: "Nhiệm vụ", data: data, viewer: viewer, current: "/nhiem-vu")
    }

    /// The agencies a viewer may pick in a filter.
    func visibleAgencies(_ grant: TokenStore.Grant) throws -> [(String, String)] {
        try bridge.store.directory.current().agencies.values.filter { grant.sees($0.code) }.sorted { $0.code < $1.code }.map { ($0.code, $0.name) }
    }

    /// `/nhiem-vu/xem?ma=`: one task — its fields, the systems and records behind it, the unit of work it
    /// belongs to, and its history.
    func task(_ request: Request, _ viewer: Viewer) async throws -> Response {
        guard let key = request.uri.queryParameters["ma"].map(String.init), !key.isEmpty else { throw Problem(.badRequest, "Thiếu mã nhiệm vụ (?ma=).") }
        guard let found = try bridge.store.tasks.task(TaskKey(key)), viewer.grant.sees(found.task.agency), officerSees(found.task, viewer) else {
            throw Problem(.notFound, "Không có nhiệm vụ '\(key)'.")
        }
        let t = found.task
        let person: (PersonRef?) -> String = { $0.map { p in p.name.map { "\($0) (\(p.officerKey))" } ?? p.officerKey } ?? "" }
        let fields: [(String, String)] = [
            ("Mã nhiệm vụ", t.key.rawValue), ("Trích yếu", t.title ?? ""), ("Số, ký hiệu", t.document.code ?? ""),
            ("Ngày ban hành", ReportLocale.vi.day(t.document.promulgationDate)), ("Khối", WebFormat.block(t.block?.rawValue)),
            ("Cơ quan", t.agency ?? ""), ("Đơn vị", t.unit ?? ""), ("Loại sản phẩm", t.productType ?? ""),
            ("Người chủ trì", person(t.mainHandler)), ("Người phối hợp", t.coordinators.map { person($0) }.joined(separator: "; ")),
            ("Người giao", person(t.assignedBy)), ("Ngày giao", WebFormat.time(t.assignedAt)), ("Hạn xử lý", WebFormat.time(t.dueAt)),
            ("Các hạn đã đặt", t.deadlines.map { WebFormat.day($0) }.joined(separator: ", ")), ("Trạng thái", WebFormat.status(t.status)),
            ("Ngày hoàn thành", WebFormat.time(t.completedAt)), ("Lỗi lớn", String(t.majorErrors)), ("Số lần trả lại", String(t.returns)),
        ]
        var data: [String: Any] = [
            "fields": fields.filter { !$0.1.isEmpty }.map { ["label": $0.0, "value": $0.1] },
            "provenance": t.provenance.map {
                ["source": $0.source, "record": $0.recordId, "version": $0.recordVersion, "payload": String($0.payloadHash.prefix(16)) + "…", "mapping": "\($0.mappingId) v\($0.mappingVersion)"]
            },
            "revisions": found.revisions.map { ["revision": $0.revision, "at": WebFormat.time($0.at), "cause": $0.cause] as [String: Any] },
        ]
        if let link = t.link, link.members.count > 1 {
            var linked: [String: Any] = ["members": link.members.map { ["key": $0.rawValue, "href": Self.link("/nhiem-vu/xem", [("ma", $0.rawValue)])] }]
            if !t.disputedFields.isEmpty { linked["disputed"] = t.disputedFields.joined(separator: ", ") }
            data["linked"] = linked
        }
        return try render("task", title: t.title ?? t.key.rawValue, data: data, viewer: viewer, current: "/nhiem-vu")
    }

    /// `/loi-nhap`: unresolved dead letters, to be tried (dry run) and then replayed. Dead letters belong to a
    /// source, not an agency: only operators who see every agency reach them.
    func deadLetters(_ viewer: Viewer) async throws -> Response {
        try Self.unscopedPage(viewer)
        let letters = try bridge.store.deadLetters.list(includeResolved: false)
        let data: [String: Any] = [
            "hasLetters": !letters.isEmpty,
            "letters": letters.map {
                [
                    "id": $0.id, "source": $0.source, "record": $0.recordId ?? "", "failure": $0.failureClass.rawValue, "reason": $0.reason,
                    "attempts": $0.attempts, "lastSeen": WebFormat.time($0.lastSeen),
                ] as [String: Any]
            },
        ]
        return try render("deadLetters", title: "Bản ghi lỗi", data: data, viewer: viewer, current: "/loi-nhap")
    }

    static func unscopedPage(_ viewer: Viewer) throws {
        guard viewer.grant.agencies.isEmpty else { throw Problem(.forbidden, "Bản ghi lỗi thuộc về nguồn, không thuộc cơ quan nào: mã '\(viewer.grant.name)' chỉ xem được một số cơ quan.") }
    }

    /// The chosen dead letters tried (`dryRun`: nothing is written, and the page offers the real replay of the
    /// same ones) or replayed in the operator's name.
    func replay(_ request: Request, dryRun: Bool) async throws -> Response {
        let (viewer, form) = try await posted(request, .operator)
        try Self.unscopedPage(viewer)
        let ids = form.all("id").compactMap { Int64($0) }
        guard !ids.isEmpty else { throw Problem(.badRequest, "Chưa chọn bản ghi lỗi nào.") }
        let selection = ReplaySelection(ids: ids, source: nil, all: false)
        let outcomes = try await gate.exclusive {
            // A mapping an operator fixed since the last pass is the one tried (and used).
            try bridge.reloadMappings(at: clock.timestamp)
            return try bridge.replay(selection, dryRun: dryRun, actor: "web:\(viewer.grant.name)", at: clock.timestamp)
        }
        let fixed = outcomes.filter(\.resolved).count
        let summary = dryRun
            ? "Chạy thử (chưa ghi gì): \(fixed)/\(outcomes.count) bản ghi sẽ nhập được. Kiểm tra rồi bấm «Nhập lại thật»."
            : "Đã nhập lại: \(fixed)/\(outcomes.count) bản ghi đã nhập được; bản ghi nào đã có sẵn không bị tính lại."
        let data: [String: Any] = [
            "summary": summary, "dryRun": dryRun, "ids": ids.map(String.init),
            "outcomes": outcomes.map {
                [
                    "id": $0.letter.id, "resolved": $0.resolved, "result": $0.resolved ? (dryRun ? "sẽ nhập được" : "đã nhập") : "vẫn lỗi",
                    "applied": $0.summary.applied, "failures": $0.failures.joined(separator: "; "),
                ] as [String: Any]
            },
        ]
        return try render("replayed", title: dryRun ? "Chạy thử nhập lại" : "Kết quả nhập lại", data: data, viewer: viewer, current: "/loi-nhap")
    }
}
