import BridgeApp
import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeScoring
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

    /// `/khieu-nai/minh-chung?so=N`: a dispute's evidence file, for its officer and for any token that sees the
    /// dispute's task.
    func disputeEvidence(_ request: Request, _ viewer: Viewer) async throws -> Response {
        let text = request.uri.queryParameters["so"].map(String.init) ?? ""
        guard let id = Int64(text), let dispute = try bridge.store.disputes.dispute(id), let evidence = dispute.evidence,
            viewer.grant.role == .officer ? viewer.grant.officer == dispute.officer : viewer.grant.sees(dispute.agency)
        else { throw Problem(.notFound, "Không có minh chứng của khiếu nại '\(text)'.") }
        let data = try bridge.store.disputes.evidence(evidence.hash)
        let name = evidence.name.filter { $0.isLetter || $0.isNumber || ".-_".contains($0) }
        return Response(
            status: .ok,
            headers: [.contentType: "application/octet-stream", .contentDisposition: "attachment; filename=\"\(name.isEmpty ? "minh-chung" : name)\""],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
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

extension WebRoutes {
    /// The self-assessment part of an officer's own page for `period`.
    func selfAssessmentData(_ officer: String, period: Period) throws -> [String: Any] {
        let window = bridge.configuration.selfAssessment.window(period)
        let now = clock.timestamp
        let closed = try bridge.store.scores.closed(period: period.description) != nil
        let open = window.opens <= now && now < window.closes && !closed
        let kept = try bridge.store.selfAssessments.list(period: period.description, officer: officer).first
        var data: [String: Any] = [
            "period": period.description, "periodName": WebFormat.period(period), "window": "\(WebFormat.day(window.opens)) – \(WebFormat.day(window.closes))",
            "canPropose": open && kept?.state != .confirmed, "max": bridge.scoreBook.scorer.policy.generalPointsMax.plain,
        ]
        if let kept {
            data["kept"] = [
                "proposed": kept.proposedPoints, "comment": kept.comment ?? "", "state": kept.state == .confirmed ? "đã được xác nhận" : "chờ lãnh đạo xác nhận",
                "confirmed": kept.confirmedPoints ?? "", "leaderComment": kept.leaderComment ?? "", "isConfirmed": kept.state == .confirmed,
            ] as [String: Any]
        }
        return data
    }

    /// `POST /tu-danh-gia/de-xuat`: the officer's proposal of their general points.
    func proposeSelfAssessment(_ request: Request) async throws -> Response {
        let (viewer, form) = try await posted(request, .officer)
        guard let officer = viewer.grant.officer, viewer.grant.role == .officer else { throw Problem(.forbidden, "Chỉ cán bộ tự đánh giá điểm của mình.") }
        guard let period = form["ky"].flatMap(Period.init) else { throw Problem(.badRequest, "Kỳ đánh giá không hợp lệ.") }
        do {
            try await gate.exclusive {
                try bridge.proposeSelfAssessment(
                    officer: officer, period: period, points: form["points"] ?? "", comment: form["comment"], actor: "web:\(viewer.grant.name)", at: clock.timestamp)
            }
        } catch let error as AppError {
            throw Problem(.unprocessableContent, error.message.contains("window") ? "Ngoài thời gian tự đánh giá của kỳ \(period)." : error.message)
        } catch let error as LedgerError {
            throw Problem(.conflict, error.message.contains("confirmed") ? "Điểm tự đánh giá kỳ \(period) đã được lãnh đạo xác nhận." : error.message)
        }
        var response = Response.redirect(to: Self.ownPage(viewer.grant) + "&ky=\(period)")
        response.status = .seeOther
        return response
    }

    /// True when `viewer` may confirm `officer`'s self-assessment: an officer who leads their unit, or an admin
    /// of their agency.
    func mayConfirm(_ officer: String, _ viewer: Viewer, leadership: Leadership? = nil) throws -> Bool {
        if viewer.grant.role == .officer, let me = viewer.grant.officer {
            return try (leadership ?? bridge.leadership(on: clock.timestamp.day())).leads(me, officer: officer)
        }
        let agency = try bridge.store.directory.current().officers[officer]?.agency
        return viewer.grant.role >= .admin && viewer.grant.sees(agency)
    }

    /// `/tu-danh-gia?ky=`: the proposals a leader (or an admin of the agency) confirms, and every token that sees the
    /// agency reads.
    func selfAssessments(_ request: Request, _ viewer: Viewer, notice: String? = nil) async throws -> Response {
        let period = try period(request)
        let directory = try bridge.store.directory.current()
        var rows: [[String: Any]] = []
        let leadership = try bridge.leadership(on: clock.timestamp.day())
        for item in try bridge.store.selfAssessments.list(period: period.description) {
            let confirm = try mayConfirm(item.officer, viewer, leadership: leadership)
            let visible = viewer.grant.role == .officer ? confirm : viewer.grant.sees(directory.officers[item.officer]?.agency)
            guard visible else { continue }
            rows.append([
                "officer": item.officer, "name": directory.officers[item.officer]?.name ?? item.officer, "unit": directory.officers[item.officer]?.unit ?? "",
                "proposed": item.proposedPoints, "comment": item.comment ?? "", "confirmed": item.confirmedPoints ?? "", "leaderComment": item.leaderComment ?? "",
                "state": item.state == .confirmed ? (item.changed ? "đã sửa và xác nhận" : "đã xác nhận") : "chờ xác nhận",
                "canConfirm": confirm && item.state == .proposed, "period": period.description,
            ])
        }
        return try render(
            "selfAssessments", title: "Tự đánh giá · \(WebFormat.period(period))", data: ["periods": periodChoices(period), "rows": rows], viewer: viewer,
            current: "/tu-danh-gia", notice: notice)
    }

    /// `POST /tu-danh-gia/xac-nhan`: a leader confirms (or changes) an officer's proposal.
    func confirmSelfAssessment(_ request: Request) async throws -> Response {
        let (viewer, form) = try await posted(request, .officer)
        guard let officer = form["officer"], let period = form["ky"].flatMap(Period.init) else { throw Problem(.badRequest, "Thiếu cán bộ hoặc kỳ.") }
        guard try mayConfirm(officer, viewer) else { throw Problem(.notFound, "Không có bản tự đánh giá của '\(officer)' để xác nhận.") }
        do {
            try await gate.exclusive {
                try bridge.confirmSelfAssessment(
                    officer: officer, period: period, points: form["points"], comment: form["comment"], actor: "web:\(viewer.grant.name)", at: clock.timestamp)
            }
        } catch let error as AppError {
            throw Problem(.unprocessableContent, error.message)
        } catch let error as LedgerError {
            throw Problem(.conflict, error.message)
        }
        var response = Response.redirect(to: Self.link("/tu-danh-gia", [("ky", period.description)]))
        response.status = .seeOther
        return response
    }

    /// `/thong-bao`: the officer's notifications, newest first; opening the page marks them read.
    func inbox(_ viewer: Viewer) async throws -> Response {
        guard let officer = viewer.grant.officer, viewer.grant.role == .officer else { throw Problem(.forbidden, "Hộp thông báo là của từng cán bộ.") }
        let items = try bridge.store.notifications.inbox(officer)
        let data: [String: Any] = [
            "rows": items.map { n -> [String: Any] in
                [
                    "subject": n.subject, "body": n.body, "at": WebFormat.time(n.createdAt), "unread": n.readAt == nil,
                    "href": n.task.map { Self.link("/nhiem-vu/xem", [("ma", $0.rawValue)]) } ?? "",
                ]
            },
        ]
        if items.contains(where: { $0.readAt == nil }) { try await gate.exclusive { try bridge.store.notifications.markRead(officer, at: clock.timestamp) } }
        return try render("inbox", title: "Thông báo", data: data, viewer: viewer, current: "/thong-bao")
    }
}
