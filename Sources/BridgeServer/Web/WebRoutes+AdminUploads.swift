import BridgeApp
import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeScoring
import Foundation
import Hummingbird

/// The admins' inputs on the web (docs/web.md, "Quản trị"): a directory file tried first (what would change) and
/// then imported, general-criteria points entered one by one or uploaded as the CSV `assess import` reads.
extension WebRoutes {
    func registerAdminUploads(on router: Router<APIContext>) {
        router.post("quan-tri/danh-ba") { request, _ in await page(request) { try await importDirectory(request) } }
        router.post("quan-tri/diem-chung") { request, _ in await page(request) { try await enterAssessment(request) } }
        router.post("quan-tri/diem-chung/tep") { request, _ in await page(request) { try await uploadAssessments(request) } }
    }

    /// A multipart form's viewer (an admin without agencies) and parts, its CSRF token checked.
    func uploaded(_ request: Request) async throws -> (Viewer, WebUpload) {
        let viewer = try await unlimitedAdmin(request)
        let upload = try await WebUpload.read(request)
        guard let sent = upload["_csrf"]?.text, WebSessions.same(sent, viewer.csrf) else {
            throw Problem(.forbidden, "Biểu mẫu không hợp lệ hoặc đã hết hạn (thiếu mã chống giả mạo); hãy tải lại trang.")
        }
        return (viewer, upload)
    }

    /// A directory file (YAML or CSV): with `dry-run`, what importing it would change, nothing written; else imported.
    func importDirectory(_ request: Request) async throws -> Response {
        let (viewer, upload) = try await uploaded(request)
        guard let file = upload["file"], !file.data.isEmpty else { throw Problem(.badRequest, "Chưa chọn tệp danh bạ.") }
        let name = file.filename.map { ($0 as NSString).lastPathComponent } ?? "danh-ba.yml"
        let (officers, agencies) = try DirectoryFile.load(file.data, file: name)
        let actor = "web:\(viewer.grant.name)"
        if upload["dry-run"] != nil {
            let change = try await gate.exclusive { try bridge.previewDirectory(officers, agencies: agencies, origin: name, actor: actor, at: clock.timestamp) }
            return try await admin(viewer, notice: "Chạy thử danh bạ \(name) (chưa ghi gì):", preview: change.lines.joined(separator: "\n"))
        }
        let (changed, setAside) = try await gate.exclusive {
            try bridge.importDirectory(officers, agencies: agencies, origin: name, actor: actor, at: clock.timestamp)
        }
        let aside = setAside.isEmpty ? "" : "; \(setAside.count) tài khoản gắn tay bị gác lại (danh bạ mới nói khác)"
        return try await admin(viewer, notice: "Đã nhập danh bạ \(name): \(WebFormat.count(officers.count)) cán bộ, \(WebFormat.count(changed)) nhiệm vụ được xác định lại\(aside).")
    }

    /// One officer's general points (and sanction) for a period.
    func enterAssessment(_ request: Request) async throws -> Response {
        let (viewer, form) = try await posted(request, .admin)
        try Self.unlimited(viewer)
        let item: StoredAssessment
        do {
            item = try AssessmentFile.validated(
                officer: form["officer"] ?? "", period: form["period"] ?? "", generalPoints: form["points"], sanction: form["sanction"] != nil,
                maxGeneralPoints: bridge.scoreBook.scorer.policy.generalPointsMax)
        } catch {
            throw Problem(.badRequest, "Điểm chung không hợp lệ: \(error.message)")
        }
        try await save([item], origin: "web", viewer)
        return try await admin(viewer, notice: "Đã ghi điểm chung của \(item.officer) kỳ \(item.period): \(item.generalPoints ?? "—")\(item.sanction ? ", có kỷ luật" : "").")
    }

    /// A CSV of general points, as `assess import` reads it (`officer,period,general_points,sanction`).
    func uploadAssessments(_ request: Request) async throws -> Response {
        let (viewer, upload) = try await uploaded(request)
        guard let file = upload["file"], !file.data.isEmpty else { throw Problem(.badRequest, "Chưa chọn tệp điểm chung.") }
        let name = file.filename.map { ($0 as NSString).lastPathComponent } ?? "diem-chung.csv"
        let items = try AssessmentFile.parse(file.data, file: name, maxGeneralPoints: bridge.scoreBook.scorer.policy.generalPointsMax)
        guard !items.isEmpty else { throw Problem(.badRequest, "\(name) không có dòng điểm nào.") }
        try await save(items, origin: name, viewer)
        return try await admin(viewer, notice: "Đã nhập \(WebFormat.count(items.count)) dòng điểm chung từ \(name).")
    }

    private func save(_ items: [StoredAssessment], origin: String, _ viewer: Viewer) async throws {
        let keyed = try bridge.keyed(items)
        do {
            try await gate.exclusive { try bridge.importAssessments(keyed, origin: origin, actor: "web:\(viewer.grant.name)", at: clock.timestamp) }
        } catch let error as AppError {
            throw Problem(.unprocessableContent, error.message)
        }
    }
}
