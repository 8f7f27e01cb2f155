import BridgeApp
import BridgeLedger
import BridgeModel
import BridgePipeline
import Foundation
import Hummingbird

/// Officers in the loop on the web (docs/web.md): an officer signs in with their token and lands on their own page;
/// they reach their own tasks and nothing else (another officer's page or task is "not found", any other page is
/// refused); they dispute a task from its row, with a reason and optional evidence, and follow its state.
extension WebRoutes {
    /// `viewer` when its role is at least `role`, else refused as `viewer(_:_:)` refuses.
    func atLeast(_ role: TokenStore.Role, _ viewer: Viewer) throws -> Viewer {
        guard viewer.grant.role >= role else {
            throw Problem(.forbidden, "Trang này cần quyền \(Self.roleName(role)); mã '\(viewer.grant.name)' có quyền \(Self.roleName(viewer.grant.role)).")
        }
        return viewer
    }

    /// An officer's own page.
    static func ownPage(_ grant: TokenStore.Grant) -> String { link("/can-bo", [("ma", grant.officer)]) }

    /// True when `viewer` may see `officer`'s page: anyone who sees the agency, an officer only their own.
    static func mayOpen(officer: String, agency: String?, _ viewer: Viewer) -> Bool {
        if viewer.grant.role == .officer { return viewer.grant.officer == officer }
        return viewer.grant.sees(agency)
    }

    /// True when an officer's token may see `task`: it counts for that officer.
    func officerSees(_ task: UnifiedTask, _ viewer: Viewer) -> Bool {
        guard viewer.grant.role == .officer else { return true }
        guard let officer = viewer.grant.officer else { return false }
        return bridge.scoreBook.officers(of: task).contains(officer)
    }

    /// `/khieu-nai?nhiem-vu=`: the dispute form for one of the officer's tasks.
    func disputeForm(_ request: Request, _ viewer: Viewer, problem: String? = nil) async throws -> Response {
        guard let officer = viewer.grant.officer, viewer.grant.role == .officer else {
            throw Problem(.forbidden, "Chỉ cán bộ khiếu nại nhiệm vụ của mình (đăng nhập bằng mã truy cập của cán bộ).")
        }
        let key = request.uri.queryParameters["nhiem-vu"].map(String.init) ?? ""
        guard let found = try bridge.store.tasks.task(TaskKey(key)), bridge.scoreBook.officers(of: found.task).contains(officer) else {
            throw Problem(.notFound, "Không có nhiệm vụ '\(key)' của bạn.")
        }
        let task = found.task
        let data: [String: Any] = [
            "key": key, "title": task.title ?? task.document.code ?? key, "due": WebFormat.day(task.dueAt),
            "completed": WebFormat.day(task.completedAt), "productType": task.productType ?? "",
            "kinds": Dispute.Kind.allCases.map { ["value": $0.rawValue, "label": ConflictWords.disputeKind($0)] },
            "limit": Bridge.evidenceLimit >> 20, "back": Self.ownPage(viewer.grant),
        ]
        return try render("disputeForm", title: "Khiếu nại nhiệm vụ", data: data, viewer: viewer, current: "/can-bo", problem: problem)
    }

    /// `POST /khieu-nai`: raises the officer's dispute (a multipart form: the evidence file is optional).
    func raiseDispute(_ request: Request) async throws -> Response {
        let viewer = try await viewer(request, .officer)
        guard let officer = viewer.grant.officer, viewer.grant.role == .officer else {
            throw Problem(.forbidden, "Chỉ cán bộ khiếu nại nhiệm vụ của mình.")
        }
        let upload = try await WebUpload.read(request)
        guard let sent = upload["_csrf"]?.text, WebSessions.same(sent, viewer.csrf) else {
            throw Problem(.forbidden, "Biểu mẫu không hợp lệ hoặc đã hết hạn (thiếu mã chống giả mạo); hãy tải lại trang.")
        }
        let key = upload["task"]?.text ?? ""
        guard let kind = upload["kind"].flatMap({ Dispute.Kind(rawValue: $0.text) }) else { throw Problem(.badRequest, "Hãy chọn nội dung khiếu nại.") }
        let file = upload["evidence"].flatMap { $0.data.isEmpty ? nil : $0 }
        let evidence = file.map { (name: ($0.filename.map { ($0 as NSString).lastPathComponent }) ?? "minh-chung", data: $0.data) }
        do {
            let dispute = try await gate.exclusive {
                try bridge.raiseDispute(
                    officer: officer, task: TaskKey(key), kind: kind, value: upload["value"]?.text, reason: upload["reason"]?.text ?? "",
                    document: upload["document"]?.text, evidence: evidence, actor: "web:\(viewer.grant.name)", at: clock.timestamp)
            }
            var response = Response.redirect(to: Self.ownPage(viewer.grant) + "&khieu-nai=\(dispute.id)")
            response.status = .seeOther
            return response
        } catch let error as AppError {
            if error.message.hasPrefix("no task") { throw Problem(.notFound, "Không có nhiệm vụ '\(key)' của bạn.") }
            throw Problem(.unprocessableContent, Self.disputeProblem(error.message))
        }
    }

    /// A refused dispute's reason, in Vietnamese.
    static func disputeProblem(_ message: String) -> String {
        if message.hasPrefix("a dispute needs a reason") { return "Hãy ghi lý do khiếu nại." }
        if message.contains("needs a day") { return "Hãy ghi ngày theo dạng năm-tháng-ngày (ví dụ 2026-03-31)." }
        if message.hasPrefix("wrong-product-type") { return "Hãy ghi loại sản phẩm đúng." }
        if message.hasPrefix("counted-twice") { return "Hãy ghi mã của nhiệm vụ kia (cùng một công việc)." }
        if message.contains("open") && message.contains("already") { return "Bạn đã có khiếu nại cùng nội dung đang chờ quyết định cho nhiệm vụ này." }
        if message.hasPrefix("the evidence file") { return "Tệp minh chứng quá lớn: tối đa \(Bridge.evidenceLimit >> 20) MiB." }
        return message
    }

    /// An officer's disputes as their page lists them.
    func disputeRows(_ officer: String) throws -> [[String: Any]] {
        try bridge.store.disputes.list(officer: officer).map { d in
            [
                "id": d.id, "task": d.task.rawValue, "href": Self.link("/nhiem-vu/xem", [("ma", d.task.rawValue)]), "kind": ConflictWords.disputeKind(d.kind),
                "value": d.value ?? "", "reason": d.reason, "raised": WebFormat.time(d.raisedAt), "state": ConflictWords.disputeState(d.state),
                "decided": d.decidedAt.map { "\(WebFormat.time($0)) — \(d.decisionReason ?? "")" } ?? "", "open": d.state == .open,
            ]
        }
    }
}
