import BridgeApp
import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeScoring
import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import NIOCore

/// The web UI, in Vietnamese, served by `serve` beside the API (docs/web.md): server-rendered pages from the
/// same projections the API reads, the same roles and agency scope as the token that signed in, a session
/// cookie (HttpOnly, SameSite=Strict) and a CSRF token in every form.
struct WebRoutes: Sendable {
    let bridge: Bridge
    let gate: SyncGate
    let board: SourceBoard
    let sessions: WebSessions
    let throttle: FailureThrottle
    let library: MustacheLibrary
    let clock: ServiceClock

    static let sessionCookie = "kpib_session"
    static let loginCookie = "kpib_login"

    /// Who is looking: the grant of the token their session was opened with, and the session's CSRF token.
    struct Viewer: Sendable {
        let grant: TokenStore.Grant
        let session: String
        let csrf: String
    }

    /// A page's answer when it must send the browser elsewhere (not signed in, after a form).
    struct Redirect: Error {
        let location: String
    }

    func register(on router: Router<APIContext>) {
        router.get("static/kpibridge.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"], body: .init(byteBuffer: ByteBuffer(string: WebStyle.css)))
        }
        router.get("dang-nhap") { request, _ in await page(request) { try loginPage(detail: nil, status: .ok) } }
        router.post("dang-nhap") { request, context in await page(request) { try await login(request, client: context.client) } }
        router.post("dang-xuat") { request, _ in
            await page(request) {
                let (viewer, _) = try await posted(request, .viewer)
                await sessions.close(viewer.session)
                var response = Response.redirect(to: "/dang-nhap")
                response.setCookie(Cookie(name: Self.sessionCookie, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .strict))
                return response
            }
        }
        router.get("/") { request, _ in
            await page(request) {
                let viewer = try await viewer(request, .officer)
                // An officer's home is their own page.
                if viewer.grant.role == .officer { return Response.redirect(to: Self.ownPage(viewer.grant)) }
                return try await dashboard(request, viewer)
            }
        }
        router.get("can-bo") { request, _ in await page(request) { try await officer(request, try await viewer(request, .officer)) } }
        router.get("nhiem-vu") { request, _ in await page(request) { try await taskList(request, try await viewer(request, .viewer)) } }
        router.get("nhiem-vu/xem") { request, _ in await page(request) { try await task(request, try await viewer(request, .officer)) } }
        router.get("khieu-nai") { request, _ in await page(request) { try await disputeForm(request, try await viewer(request, .officer)) } }
        router.post("khieu-nai") { request, _ in await page(request) { try await raiseDispute(request) } }
        router.get("khieu-nai/minh-chung") { request, _ in await page(request) { try await disputeEvidence(request, try await viewer(request, .officer)) } }
        router.get("thong-bao") { request, _ in await page(request) { try await inbox(try await viewer(request, .officer)) } }
        router.get("tu-danh-gia") { request, _ in await page(request) { try await selfAssessments(request, try await viewer(request, .officer)) } }
        router.post("tu-danh-gia/de-xuat") { request, _ in await page(request) { try await proposeSelfAssessment(request) } }
        router.post("tu-danh-gia/xac-nhan") { request, _ in await page(request) { try await confirmSelfAssessment(request) } }
        router.get("loi-nhap") { request, _ in await page(request) { try await deadLetters(try await viewer(request, .operator)) } }
        router.post("loi-nhap/chay-thu") { request, _ in await page(request) { try await replay(request, dryRun: true) } }
        router.post("loi-nhap/nhap-lai") { request, _ in await page(request) { try await replay(request, dryRun: false) } }
        router.get("doi-soat") { request, _ in await page(request) { try await conflicts(request, try await viewer(request, .viewer)) } }
        router.get("doi-soat/:id") { request, context in
            await page(request) { try await conflict(try context.parameters.require("id"), try await viewer(request, .viewer)) }
        }
        router.post("doi-soat/:id/quyet-dinh") { request, context in
            await page(request) { try await decide(try context.parameters.require("id"), request) }
        }
        router.get("khoi-luong") { request, _ in await page(request) { try await workload(request, try await viewer(request, .viewer)) } }
        router.get("bien-che") { request, _ in await page(request) { try await staffing(request, try await viewer(request, .viewer)) } }
        router.get("thuong") { request, _ in await page(request) { try await bonus(request, try await viewer(request, .viewer)) } }
        router.get("thuong/tai-ve") { request, _ in await page(request) { try await bonusWorkbook(request, try await viewer(request, .viewer)) } }
        router.post("thuong/lap") { request, _ in await page(request) { try await runBonus(request) } }
        router.get("mot-cua") { request, _ in await page(request) { try await services(request, try await viewer(request, .viewer)) } }
        router.get("nguon") { request, _ in await page(request) { try await sources(try await viewer(request, .viewer)) } }
        router.post("nguon/:id/dong-bo") { request, context in
            await page(request) { try await syncNow(try context.parameters.require("id"), request) }
        }
        registerAdmin(on: router)
        router.get("danh-ba") { request, _ in await page(request) { try await directory(request, try await viewer(request, .viewer)) } }
    }

    // MARK: Signing in

    func loginPage(detail: String?, status: HTTPResponse.Status) throws -> Response {
        let csrf = WebSessions.random()
        var response = try render("login", title: "Đăng nhập", data: ["csrf": csrf], viewer: nil, status: status, problem: detail)
        response.setCookie(Cookie(name: Self.loginCookie, value: csrf, maxAge: 3600, path: "/dang-nhap", httpOnly: true, sameSite: .strict))
        return response
    }

    /// Checks the pasted token; failed tokens count toward the same throttle as the API's, per client address.
    func login(_ request: Request, client: String) async throws -> Response {
        let form = try await Self.form(request)
        guard let sent = form["_csrf"], let cookie = request.cookies[Self.loginCookie]?.value, WebSessions.same(sent, cookie) else {
            return try loginPage(detail: "Phiên đăng nhập đã hết hạn, hãy thử lại.", status: .forbidden)
        }
        if let wait = await throttle.blocked(client) {
            var page = try loginPage(detail: "Quá nhiều lần nhập sai mã từ địa chỉ này; hãy chờ \(wait) giây.", status: .tooManyRequests)
            page.headers[.retryAfter] = String(wait)
            return page
        }
        guard let token = form["token"], let _ = try bridge.store.tokens.grant(for: token) else {
            await throttle.failed(client)
            return try loginPage(detail: "Mã truy cập không đúng hoặc đã bị thu hồi.", status: .unauthorized)
        }
        let (id, _) = await sessions.open(token: token)
        var response = Response.redirect(to: "/")
        response.setCookie(Cookie(name: Self.sessionCookie, value: id, maxAge: Int(WebSessions.lifetime), path: "/", httpOnly: true, sameSite: .strict))
        response.setCookie(Cookie(name: Self.loginCookie, value: "", maxAge: 0, path: "/dang-nhap", httpOnly: true, sameSite: .strict))
        return response
    }

    /// The signed-in viewer with at least `role`; not signed in (or the token revoked since): to the sign-in page.
    func viewer(_ request: Request, _ role: TokenStore.Role) async throws -> Viewer {
        guard let id = request.cookies[Self.sessionCookie]?.value, let session = await sessions.session(id),
            let grant = try bridge.store.tokens.grant(for: session.token)
        else { throw Redirect(location: "/dang-nhap") }
        guard grant.role >= role else {
            throw Problem(.forbidden, "Trang này cần quyền \(Self.roleName(role)); mã '\(grant.name)' có quyền \(Self.roleName(grant.role)).")
        }
        return Viewer(grant: grant, session: id, csrf: session.csrf)
    }

    /// A submitted form of a signed-in viewer with at least `role`, its CSRF token checked.
    func posted(_ request: Request, _ role: TokenStore.Role) async throws -> (Viewer, WebForm) {
        let viewer = try await viewer(request, role)
        let form = try await Self.form(request)
        guard let sent = form["_csrf"], WebSessions.same(sent, viewer.csrf) else {
            throw Problem(.forbidden, "Biểu mẫu không hợp lệ hoặc đã hết hạn (thiếu mã chống giả mạo); hãy tải lại trang.")
        }
        return (viewer, form)
    }

    /// The largest form body read (a token or a reason is a few hundred bytes).
    static let maxFormBytes = 1 << 20

    static func form(_ request: Request) async throws -> WebForm {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: maxFormBytes)
        } catch is NIOTooManyBytesError {
            throw Problem(.contentTooLarge, "Biểu mẫu quá lớn: tối đa \(maxFormBytes / 1024) KiB.")
        }
        return WebForm(String(buffer: body))
    }

    // MARK: Rendering

    /// Runs a page; what it throws becomes a page too (a problem's status and its one line, the bridge's refusals
    /// as 400, anything else 500), or a redirect.
    func page(_ request: Request, _ body: () async throws -> Response) async -> Response {
        do {
            return try await body()
        } catch let redirect as Redirect {
            return .redirect(to: redirect.location)
        } catch let problem as Problem {
            return errorPage(problem.status, problem.detail)
        } catch let error as AppError {
            return errorPage(.badRequest, error.message)
        } catch {
            return errorPage(.internalServerError, "Lỗi không mong đợi: \(error)")
        }
    }

    func errorPage(_ status: HTTPResponse.Status, _ detail: String) -> Response {
        let title = status == .notFound ? "Không tìm thấy" : status == .forbidden ? "Không có quyền" : "Không thực hiện được"
        return (try? render("error", title: title, data: ["detail": detail], viewer: nil, status: status))
            ?? Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: detail)))
    }

    /// A page inside the layout: navigation for the viewer's role, the notice or problem line, the version.
    func render(
        _ template: String, title: String, data: [String: Any], viewer: Viewer?, current: String? = nil, status: HTTPResponse.Status = .ok,
        notice: String? = nil, problem: String? = nil
    ) throws -> Response {
        // What sources wrote (titles, names) never reorders or hides what is around it: bidirectional overrides
        // and control characters are shown as U+FFFD, as on the command line (TerminalText).
        var data = Self.neutralised(data)
        if let viewer { data["csrf"] = viewer.csrf }
        guard let content = library.render(data, withTemplate: template) else { throw Problem(.internalServerError, "no template '\(template)'") }
        var layout: [String: Any] = ["title": title, "content": (problem.map { "<p class=\"problem\">\(WebChart.escape($0))</p>" } ?? "") + content, "version": KPIBridgeVersion.current]
        if let notice { layout["notice"] = notice }
        if let viewer {
            let grant = viewer.grant
            var links: [(String, String)] = [("/", "Tổng quan"), ("/nhiem-vu", "Nhiệm vụ"), ("/mot-cua", "Một cửa"), ("/khoi-luong", "Khối lượng"), ("/thuong", "Thưởng"), ("/doi-soat", "Đối soát")]
            if grant.role >= .operator && grant.agencies.isEmpty { links.append(("/loi-nhap", "Bản ghi lỗi")) }
            links += [("/nguon", "Nguồn dữ liệu"), ("/danh-ba", "Danh bạ")]
            // An officer has one page: their own record.
            if grant.role >= .admin { links.insert(("/tu-danh-gia", "Tự đánh giá"), at: links.count - 2) }
            if grant.role == .officer, let me = grant.officer {
                let unread = (try? bridge.store.notifications.unread(me)) ?? 0
                links = [(Self.ownPage(grant), "Hồ sơ của tôi"), ("/thong-bao", unread > 0 ? "Thông báo (\(unread))" : "Thông báo"), ("/tu-danh-gia", "Tự đánh giá của đơn vị")]
            }
            if grant.role >= .admin && grant.agencies.isEmpty { links.append(("/quan-tri", "Quản trị")) }
            var user: [String: Any] = [
                "name": grant.name, "roleName": Self.roleName(grant.role), "csrf": viewer.csrf,
                "nav": links.map { ["href": $0.0, "label": $0.1, "current": $0.0 == current || (grant.role == .officer && current == "/can-bo")] as [String: Any] },
            ]
            if !grant.agencies.isEmpty { user["scope"] = grant.agencies.joined(separator: ", ") }
            layout["user"] = user
        }
        guard let html = library.render(layout, withTemplate: "layout") else { throw Problem(.internalServerError, "no layout template") }
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// `data` with every string in it made safe to show (`TerminalText.safe`), however deep.
    static func neutralised(_ data: [String: Any]) -> [String: Any] {
        data.mapValues(neutralised)
    }

    private static func neutralised(_ value: Any) -> Any {
        switch value {
        case let text as String: TerminalText.safe(text)
        case let object as [String: Any]: neutralised(object)
        case let list as [[String: Any]]: list.map(neutralised)
        case let list as [String]: list.map(TerminalText.safe)
        case let list as [Any]: list.map(neutralised)
        default: value
        }
    }

    static func roleName(_ role: TokenStore.Role) -> String {
        switch role {
        case .officer: "cán bộ"
        case .viewer: "xem"
        case .operator: "vận hành"
        case .admin: "quản trị"
        }
    }

    /// A link with its query encoded.
    static func link(_ path: String, _ query: [(String, String?)]) -> String {
        let items = query.compactMap { name, value in value.map { "\(name)=\(encode($0))" } }
        return items.isEmpty ? path : "\(path)?\(items.joined(separator: "&"))"
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// A select filter of a list page (the `filters` template): `options` as (value, label), one selected.
    static func filter(_ name: String, _ label: String, _ options: [(String, String)], selected: String?) -> [String: Any] {
        ["name": name, "label": label, "options": options.map { ["value": $0.0, "label": $0.1, "selected": $0.0 == selected] as [String: Any] }]
    }

    /// A text filter of a list page.
    static func textFilter(_ name: String, _ label: String, value: String?) -> [String: Any] {
        ["name": name, "label": label, "text": true, "value": value ?? ""]
    }

    /// The page's period (`?ky=`), by default the current year in Vietnam time; and the choices offered.
    func period(_ request: Request) throws -> Period {
        guard let text = request.uri.queryParameters["ky"], !text.isEmpty else {
            let year = bridge.importer.now().day().year
            guard let period = Period(String(year)) else { throw Problem(.internalServerError, "the clock says \(year): no period to show") }
            return period
        }
        guard let period = Period(String(text)) else { throw Problem(.badRequest, "Kỳ '\(text)' không phải tháng (2026-03), quý (2026-Q1) hay năm (2026).") }
        return period
    }

    func periodChoices(_ selected: Period) -> [[String: Any]] {
        let year = bridge.importer.now().day().year
        var texts: [String] = []
        for y in [year, year - 1] {
            texts.append(String(y))
            texts += (1...4).map { "\(y)-Q\($0)" }
            texts += (1...12).map { String(format: "%d-%02d", y, $0) }
        }
        if !texts.contains(selected.description) { texts.insert(selected.description, at: 0) }
        return texts.compactMap(Period.init).map { ["value": $0.description, "label": WebFormat.period($0), "selected": $0 == selected] }
    }
}
