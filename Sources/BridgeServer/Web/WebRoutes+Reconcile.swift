import BridgeApp
import BridgeLedger
import BridgeModel
import Foundation
import Hummingbird

extension WebRoutes {
    static func kindName(_ kind: Conflict.Kind) -> String {
        switch kind {
        case .candidate: "có thể trùng"
        case .disagreement: "không thống nhất"
        case .override: "giá trị ghi đè bị nguồn thay đổi"
        case .person: "tài khoản chưa rõ cán bộ"
        case .missing: "nguồn không còn bản ghi"
        case .dispute: "cán bộ khiếu nại"
        }
    }

    static func stateName(_ state: Conflict.State) -> String {
        switch state {
        case .open: "chờ quyết định"
        case .resolved: "đã quyết định"
        case .reopened: "cần xem lại"
        }
    }

    /// `/doi-soat?loai=&tinh-trang=`: the reconciliation queue of the agencies the viewer may see.
    func conflicts(_ request: Request, _ viewer: Viewer) async throws -> Response {
        let query = request.uri.queryParameters
        var filter = ConflictFilter()
        if let text = query["loai"], !text.isEmpty {
            guard let kind = Conflict.Kind(rawValue: String(text)) else { throw Problem(.badRequest, "Loại '\(text)' không có.") }
            filter.kind = kind
        }
        if let text = query["tinh-trang"], !text.isEmpty {
            guard let state = Conflict.State(rawValue: String(text)) else { throw Problem(.badRequest, "Tình trạng '\(text)' không có.") }
            filter.state = state
        }
        let rows = try bridge.conflicts(filter).filter { try viewer.grant.sees($0, in: bridge) }
        // The latest decisions about tasks the viewer may see, newest first.
        var recent: [ReconcileDecision] = []
        for decision in try bridge.store.reconcile.decisions().reversed() where recent.count < 20 {
            if try viewer.grant.sees(decision, in: bridge) { recent.append(decision) }
        }
        let data: [String: Any] = [
            "filters": [
                Self.filter("loai", "Loại", Conflict.Kind.allCases.map { ($0.rawValue, Self.kindName($0)) }, selected: filter.kind?.rawValue),
                Self.filter("tinh-trang", "Tình trạng", Conflict.State.allCases.map { ($0.rawValue, Self.stateName($0)) }, selected: filter.state?.rawValue),
            ],
            "rows": rows.map {
                ["id": $0.id, "href": "/doi-soat/\($0.id)", "kind": Self.kindName($0.kind), "state": Self.stateName($0.state), "agency": $0.agency ?? "", "note": ConflictWords.note($0)]
            },
            "decisions": recent.map {
                ["sequence": $0.sequence, "at": WebFormat.time($0.at), "actor": $0.actor, "summary": ConflictWords.decision($0), "reason": $0.reason] as [String: Any]
            },
        ]
        return try render("conflicts", title: "Đối soát", data: data, viewer: viewer, current: "/doi-soat")
    }

    /// A conflict the viewer may see, or "not found".
    func visibleConflict(_ id: String, _ viewer: Viewer) throws -> Conflict {
        guard let conflict = try bridge.findConflict(id), try viewer.grant.sees(conflict, in: bridge) else {
            throw Problem(.notFound, "Không có mục đối soát '\(id)'.")
        }
        return conflict
    }

    /// `/doi-soat/{id}`: the evidence, the decision that settles it, what each way of settling it does to
    /// scores, and (for admins) the decision form — tried first, then recorded.
    func conflict(_ id: String, _ viewer: Viewer) async throws -> Response {
        let conflict = try visibleConflict(id, viewer)
        let impacts = try await gate.exclusive { try bridge.impacts(of: conflict, at: clock.timestamp) }
        var data: [String: Any] = [
            "id": conflict.id, "kind": Self.kindName(conflict.kind), "state": Self.stateName(conflict.state), "agency": conflict.agency ?? "",
            "note": ConflictWords.note(conflict),
            "sides": conflict.sides.map { side -> [String: Any] in
                [
                    "source": side.source, "task": side.task.rawValue, "href": Self.link("/nhiem-vu/xem", [("ma", side.task.rawValue)]), "value": side.value,
                    "records": side.records.prefix(10).map { "\($0.recordId) v\($0.recordVersion) · \($0.payloadHash.prefix(12))…" },
                ]
            },
            "impacts": impacts.map { ["option": ConflictWords.option($0.option), "hasMoves": !$0.scores.isEmpty, "moves": Self.moves($0.scores)] as [String: Any] },
            "canDecide": viewer.grant.role >= .admin && conflict.kind != .person && !(conflict.kind == .dispute && conflict.state != .open),
            "canLink": viewer.grant.role >= .admin && conflict.kind == .person && conflict.state != .resolved,
            "officers": viewer.grant.role >= .admin && (conflict.kind == .person || conflict.kind == .dispute) ? try linkableOfficers(viewer) : [],
            "canReject": conflict.kind == .candidate || conflict.kind == .dispute,
            "rejectLabel": conflict.kind == .dispute ? "Không chấp nhận khiếu nại" : "Không phải cùng một công việc",
            "acceptLabel": conflict.kind == .candidate ? "Là cùng một công việc (liên kết)" : conflict.kind == .missing ? "Giữ nhiệm vụ"
                : conflict.kind == .dispute ? "Chấp nhận khiếu nại" : "Chấp nhận như đang hiển thị",
            "needsOfficer": viewer.grant.role >= .admin && conflict.kind == .dispute && conflict.state == .open
                && conflict.sides.first?.value == "not mine",
            "choices": conflict.kind == .disagreement || conflict.kind == .override ? Array(Set(conflict.sides.map(\.source))).sorted() : [],
        ]
        if let subject = ConflictWords.subject(conflict) { data["subject"] = subject }
        if let id = Bridge.disputeId(of: conflict), let dispute = try bridge.store.disputes.dispute(id) {
            data["dispute"] = [
                "reason": dispute.reason, "document": dispute.document ?? "", "raised": WebFormat.time(dispute.raisedAt),
                "evidence": dispute.evidence.map { ["name": $0.name, "size": WebFormat.count($0.size), "href": Self.link("/khieu-nai/minh-chung", [("so", String(id))])] } as Any,
            ] as [String: Any]
        }
        if let sequence = conflict.decision, let decision = try bridge.store.reconcile.decisions().first(where: { $0.sequence == sequence }) {
            data["decision"] = "#\(decision.sequence) của \(decision.actor) lúc \(WebFormat.time(decision.at)): \(ConflictWords.decision(decision)) — lý do: \(decision.reason)"
        }
        return try render("conflict", title: "Đối soát \(conflict.id)", data: data, viewer: viewer, current: "/doi-soat")
    }

    static func moves(_ moves: [ScoreMove]) -> [[String: Any]] {
        moves.prefix(50).map { ["officer": $0.pair.officer, "period": $0.pair.period, "before": WebFormat.number($0.before), "after": WebFormat.number($0.after)] }
    }

    /// Records (or, with `dry-run`, tries) an admin's decision on a conflict, in the token's name.
    func decide(_ id: String, _ request: Request) async throws -> Response {
        let (viewer, form) = try await posted(request, .admin)
        let conflict = try visibleConflict(id, viewer)
        let dryRun = form["dry-run"] != nil
        guard let reason = form["reason"] else { throw Problem(.badRequest, "Hãy ghi lý do của quyết định.") }
        let action = form["action"] ?? "accept"
        if let dispute = Bridge.disputeId(of: conflict) {
            guard action == "accept" || action == "reject" else { throw Problem(.badRequest, "Phương án '\(action)' không có.") }
            let outcome: DisputeOutcome
            do {
                outcome = try await gate.exclusive {
                    try bridge.decideDispute(
                        dispute, accept: action == "accept", value: form["value"], reason: reason, actor: "web:\(viewer.grant.name)", at: clock.timestamp,
                        dryRun: dryRun)
                }
            } catch let error as AppError {
                throw Problem(.unprocessableContent, error.message)
            }
            let verdict = action == "accept" ? "chấp nhận khiếu nại số \(dispute)" : "không chấp nhận khiếu nại số \(dispute)"
            let summary = dryRun
                ? "Chạy thử (chưa ghi gì): \(verdict). \(outcome.scores.count) điểm sẽ thay đổi."
                : "Đã ghi: \(verdict)\(outcome.decisions.isEmpty ? "" : " — " + outcome.decisions.map(ConflictWords.decision).joined(separator: "; ")). \(outcome.scores.count) điểm thay đổi."
            var data: [String: Any] = ["summary": summary, "id": conflict.id, "hasMoves": !outcome.scores.isEmpty, "moves": Self.moves(outcome.scores)]
            if dryRun { data.merge(["dryRun": true, "action": action, "reason": reason, "value": form["value"] ?? ""]) { $1 } }
            return try render("decided", title: dryRun ? "Chạy thử quyết định" : "Đã ghi quyết định", data: data, viewer: viewer, current: "/doi-soat")
        }
        let decision: ReconcileRequest
        switch action {
        case "accept": decision = .accept(conflict.id)
        case "reject": decision = .reject(conflict.id)
        case let choice where choice.hasPrefix("choose:"):
            decision = .choose(subject: conflict.id, field: conflict.subject ?? "", source: String(choice.dropFirst("choose:".count)))
        default: throw Problem(.badRequest, "Phương án '\(action)' không có.")
        }
        let outcome: ReconcileOutcome
        do {
            outcome = try await gate.exclusive {
                try bridge.decide(decision, reason: reason, actor: "web:\(viewer.grant.name)", at: clock.timestamp, dryRun: dryRun)
            }
        } catch let error as AppError {
            throw Problem(.unprocessableContent, error.message)
        }
        let summary = dryRun
            ? "Chạy thử (chưa ghi gì): \(ConflictWords.decision(outcome.decision)). \(outcome.scores.count) điểm sẽ thay đổi."
            : "Đã ghi quyết định #\(outcome.decision.sequence): \(ConflictWords.decision(outcome.decision)). \(outcome.scores.count) điểm thay đổi."
        var data: [String: Any] = ["summary": summary, "id": conflict.id, "hasMoves": !outcome.scores.isEmpty, "moves": Self.moves(outcome.scores)]
        if dryRun { data.merge(["dryRun": true, "action": action, "reason": reason]) { $1 } }
        // A candidate accepted is a unit now, no longer in the queue: the way back is to the unit's task.
        if !dryRun, try bridge.findConflict(conflict.id) == nil, let task = conflict.task {
            data["gone"] = true
            data["taskHref"] = Self.link("/nhiem-vu/xem", [("ma", task.rawValue)])
        }
        return try render("decided", title: dryRun ? "Chạy thử quyết định" : "Đã ghi quyết định", data: data, viewer: viewer, current: "/doi-soat")
    }
}
