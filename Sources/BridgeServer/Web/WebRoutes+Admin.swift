import BridgeApp
import BridgeLedger
import BridgeModel
import BridgeScoring
import Foundation
import Hummingbird

/// What admins do on the web while the service runs (docs/web.md, "Quản trị"): tokens (made, shown once, revoked),
/// periods closed and reopened, the audit log (filtered, as CSV), and an unclaimed account linked to an officer
/// from its conflict's page. Tokens, periods and the audit span every agency: only an admin without agencies
/// manages them; linking an account follows the conflict's own scope.
extension WebRoutes {
    func registerAdmin(on router: Router<APIContext>) {
        router.get("quan-tri") { request, _ in await page(request) { try await admin(try await unlimitedAdmin(request), notice: nil) } }
        router.post("quan-tri/ma-truy-cap") { request, _ in await page(request) { try await createToken(request) } }
        router.post("quan-tri/ma-truy-cap/thu-hoi") { request, _ in await page(request) { try await revokeToken(request) } }
        router.post("quan-tri/ky/khoa") { request, _ in await page(request) { try await closePeriod(request) } }
        router.post("quan-tri/ky/mo-lai") { request, _ in await page(request) { try await reopenPeriod(request) } }
        router.get("quan-tri/nhat-ky") { request, _ in await page(request) { try await auditLog(request, try await unlimitedAdmin(request)) } }
        registerAdminUploads(on: router)
        router.post("doi-soat/:id/gan-tai-khoan") { request, context in
            await page(request) { try await linkAccount(try context.parameters.require("id"), request) }
        }
    }

    /// An admin whose token is limited to no agency.
    func unlimitedAdmin(_ request: Request) async throws -> Viewer {
        let viewer = try await viewer(request, .admin)
        try Self.unlimited(viewer)
        return viewer
    }

    static func unlimited(_ viewer: Viewer) throws {
        guard viewer.grant.agencies.isEmpty else {
            throw Problem(.forbidden, "Mã truy cập, kỳ đánh giá và nhật ký thuộc mọi cơ quan: cần quyền quản trị không giới hạn cơ quan.")
        }
    }

    /// `/quan-tri`: the tokens, the closed periods, and the forms to change them.
    func admin(_ viewer: Viewer, notice: String?, created: (name: String, token: String)? = nil, preview: String? = nil) async throws -> Response {
        var data: [String: Any] = [
            "tokens": try bridge.store.tokens.list().map { grant -> [String: Any] in
                [
                    "name": grant.name, "role": Self.roleName(grant.role), "agencies": grant.agencies.isEmpty ? "mọi cơ quan" : grant.agencies.joined(separator: ", "),
                    "created": grant.createdAt, "self": grant.name == viewer.grant.name,
                ]
            },
            "periods": try bridge.store.scores.closedPeriods().map { ["period": $0.period, "closedAt": $0.closedAt, "actor": $0.actor] },
        ]
        if let created { data["created"] = ["name": created.name, "token": created.token] }
        if let preview { data["preview"] = preview }
        return try render("admin", title: "Quản trị", data: data, viewer: viewer, current: "/quan-tri", notice: notice)
    }

    /// Makes a token and shows it once.
    func createToken(_ request: Request) async throws -> Response {
        let (viewer, form) = try await posted(request, .admin)
        try Self.unlimited(viewer)
        guard let name = form["name"]?.trimmingCharacters(in: .whitespaces), !name.isEmpty else { throw Problem(.badRequest, "Hãy đặt tên cho mã truy cập.") }
        guard let role = form["role"].flatMap(TokenStore.Role.init(rawValue:)) else { throw Problem(.badRequest, "Quyền phải là cán bộ, xem, vận hành hoặc quản trị.") }
        let agencies = (form["agencies"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let officer = form["officer"].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0.trimmingCharacters(in: .whitespaces) }
        let token: String
        do {
            token = try await gate.exclusive {
                try bridge.createToken(name: name, role: role, agencies: agencies, officer: officer, actor: "web:\(viewer.grant.name)", at: clock.timestamp)
            }
        } catch let error as AppError {
            throw Problem(.unprocessableContent, error.message)
        } catch let error as LedgerError {
            throw Problem(.unprocessableContent, error.message)
        }
        return try await admin(viewer, notice: "Đã tạo mã truy cập «\(name)». Hãy chép mã ngay: mã chỉ hiện một lần.", created: (name, token))
    }

    /// Revokes a token by name: refused from the next request on.
    func revokeToken(_ request: Request) async throws -> Response {
        let (viewer, form) = try await posted(request, .admin)
        try Self.unlimited(viewer)
        guard let name = form["name"], !name.isEmpty else { throw Problem(.badRequest, "Chưa chọn mã truy cập.") }
        try await gate.exclusive { try bridge.store.tokens.revoke(name: name, actor: "web:\(viewer.grant.name)", at: clock.timestamp) }
        return try await admin(viewer, notice: "Đã thu hồi mã truy cập «\(name)».")
    }

    func closePeriod(_ request: Request) async throws -> Response {
        let (viewer, form) = try await posted(request, .admin)
        try Self.unlimited(viewer)
        guard let period = form["period"]?.trimmingCharacters(in: .whitespaces), Period(period) != nil else {
            throw Problem(.badRequest, "Kỳ phải viết như 2026-03, 2026-Q1 hoặc 2026.")
        }
        let kept = try await gate.exclusive { try bridge.closePeriod(period, actor: "web:\(viewer.grant.name)", at: clock.timestamp) }
        return try await admin(viewer, notice: "Đã khoá sổ kỳ \(period): giữ điểm của \(WebFormat.count(kept)) cán bộ; thay đổi sau này được ghi thành điều chỉnh.")
    }

    func reopenPeriod(_ request: Request) async throws -> Response {
        let (viewer, form) = try await posted(request, .admin)
        try Self.unlimited(viewer)
        guard let period = form["period"], Period(period) != nil else { throw Problem(.badRequest, "Chưa chọn kỳ.") }
        guard let reason = form["reason"]?.trimmingCharacters(in: .whitespaces), !reason.isEmpty else { throw Problem(.badRequest, "Hãy ghi lý do mở lại kỳ.") }
        let dropped = try await gate.exclusive {
            try bridge.reopenPeriod(period, reason: reason, actor: "web:\(viewer.grant.name)", at: clock.timestamp)
        }
        return try await admin(viewer, notice: "Đã mở lại kỳ \(period) (bỏ \(WebFormat.count(dropped)) điểm đã giữ); điểm được tính lại cho đến khi khoá sổ lần nữa.")
    }

    /// `/quan-tri/nhat-ky?hanh-dong=&nguoi=&dinh-dang=csv`: the audit log, newest first.
    func auditLog(_ request: Request, _ viewer: Viewer) async throws -> Response {
        let query = request.uri.queryParameters
        let action = query["hanh-dong"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let actor = query["nguoi"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let entries = try bridge.store.audit.log(limit: 1_000, action: action, actor: actor)
        if query["dinh-dang"] == "csv" {
            let csv = CSVTable.render(
                header: ["thoi_diem", "nguoi", "hanh_dong", "doi_tuong", "chi_tiet"],
                rows: entries.map { [$0.at, $0.actor, $0.action, $0.subject ?? "", $0.detail ?? ""] }, delimiter: ",")
            var headers = HTTPFields()
            headers[.contentType] = "text/csv; charset=utf-8"
            headers[.contentDisposition] = "attachment; filename=\"nhat-ky.csv\""
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "\u{FEFF}" + csv)))
        }
        let data: [String: Any] = [
            "filters": [
                ["name": "hanh-dong", "label": "Hành động", "text": true, "value": action ?? ""] as [String: Any],
                ["name": "nguoi", "label": "Người thực hiện", "text": true, "value": actor ?? ""],
            ],
            "csv": Self.link("/quan-tri/nhat-ky", [("hanh-dong", action), ("nguoi", actor), ("dinh-dang", "csv")]),
            "rows": entries.map { ["at": $0.at, "actor": $0.actor, "action": $0.action, "subject": $0.subject ?? "", "detail": $0.detail ?? ""] },
        ]
        return try render("audit", title: "Nhật ký", data: data, viewer: viewer, current: "/quan-tri")
    }

    /// Links the account of a `person` conflict to a directory officer the admin may see (audited, with the reason).
    func linkAccount(_ id: String, _ request: Request) async throws -> Response {
        let (viewer, form) = try await posted(request, .admin)
        let conflict = try visibleConflict(id, viewer)
        guard conflict.kind == .person, let account = conflict.subject else { throw Problem(.badRequest, "Mục này không phải một tài khoản chưa rõ cán bộ.") }
        guard let officer = form["officer"], !officer.isEmpty else { throw Problem(.badRequest, "Chưa chọn cán bộ.") }
        guard let reason = form["reason"]?.trimmingCharacters(in: .whitespaces), !reason.isEmpty else { throw Problem(.badRequest, "Hãy ghi lý do.") }
        let directory = try bridge.store.directory.current()
        guard let known = directory.officers[officer], viewer.grant.sees(known.agency) else { throw Problem(.notFound, "Không có cán bộ '\(officer)'.") }
        do {
            try await gate.exclusive { try bridge.linkAccount(account, to: officer, reason: reason, actor: "web:\(viewer.grant.name)", at: clock.timestamp) }
        } catch let error as AppError {
            throw Problem(.unprocessableContent, error.message)
        }
        let data: [String: Any] = ["summary": "Đã gắn tài khoản \(account) với cán bộ \(known.name) (\(officer)); các nhiệm vụ của tài khoản này được tính cho cán bộ.", "id": conflict.id]
        return try render("decided", title: "Đã gắn tài khoản", data: data, viewer: viewer, current: "/doi-soat")
    }

    /// The officers an admin may link an account to, for the person conflict's form.
    func linkableOfficers(_ viewer: Viewer) throws -> [[String: Any]] {
        try bridge.store.directory.current().officers.values.filter { viewer.grant.sees($0.agency) }.sorted { $0.id < $1.id }
            .map { ["id": $0.id, "label": "\($0.name) (\($0.id)\($0.unit.map { ", \($0)" } ?? ""))"] }
    }
}
