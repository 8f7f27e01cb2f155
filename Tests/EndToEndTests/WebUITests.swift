import BridgeApp
import BridgeLedger
import BridgeModel
import BridgeScoring
import BridgeSources
import BridgeTesting
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Mustache
import Testing

@testable import BridgeServer

/// The web UI's pure parts (Vietnamese number and date style, charts, forms) and its sign-in over real HTTP:
/// cookies, CSRF, roles. The pages in a browser are checked by scripts/browser-tests.sh.
struct WebFormatTests {
    @Test func textFromSourcesCannotReorderAPage() {
        let data = WebRoutes.neutralised(["title": "abc\u{202E}fed", "rows": [["name": "x\u{2066}y"]], "list": ["\u{1B}[31m"]])
        #expect(data["title"] as? String == "abc\u{FFFD}fed")
        #expect((data["rows"] as? [[String: Any]])?.first?["name"] as? String == "x\u{FFFD}y")
        #expect((data["list"] as? [String])?.first == "\u{FFFD}[31m")
    }

    @Test func aTotalJustBelowALevelIsShownBelowIt() {
        #expect(WebFormat.total(Decimal(string: "89.96"), policy: ScoringPolicy()) == "89,9")
        #expect(WebFormat.total(Decimal(string: "90"), policy: ScoringPolicy()) == "90,0")
        #expect(WebFormat.total(nil, policy: ScoringPolicy()) == "—")
    }

    @Test(arguments: [
        ("87.5", 1, "87,5"), ("87.55", 1, "87,6"), ("87.45", 1, "87,4"), ("100", 1, "100,0"), ("0", 1, "0,0"),
        ("1234567.25", 2, "1.234.567,25"), ("-12.5", 1, "-12,5"), ("66.666667", 2, "66,67"), ("70", 0, "70"),
    ])
    func decimalsHaveACommaAndThousandsADot(_ text: String, _ places: Int, _ expected: String) {
        #expect(WebFormat.number(Decimal(string: text), places: places) == expected)
    }

    @Test func missingNumbersAndCounts() {
        #expect(WebFormat.number(nil) == "—")
        #expect([0, 999, 1_000, 40_000, 1_234_567].map(WebFormat.count) == ["0", "999", "1.000", "40.000", "1.234.567"])
    }

    @Test func daysAndPeriodsInVietnamese() {
        // 17:30 UTC on 31 March is already 1 April in Vietnam.
        #expect(WebFormat.day(Timestamp(iso8601: "2026-03-31T17:30:00Z")) == "01/04/2026")
        #expect(WebFormat.time("2026-03-31T07:05:00Z") == "31/03/2026 14:05")
        #expect(WebFormat.time("not a time") == "not a time")
        #expect(["2026-03", "2026-Q1", "2026"].compactMap(Period.init).map(WebFormat.period) == ["Tháng 3/2026", "Quý 1/2026", "Năm 2026"])
        #expect(WebFormat.block("party") == "Khối Đảng" && WebFormat.block(nil) == "Chưa xác định")
    }

    @Test func levelBarsShareEachRowByLevelAndEscapeLabels() throws {
        let svg = WebChart.levelBars([("<Sở> & \"Ban\"", [.excellent: 1, .good: 3]), ("Trống", [:])], title: "Xếp loại")
        #expect(svg.contains("&lt;Sở&gt; &amp; &quot;Ban&quot;") && !svg.contains("<Sở>"))
        // 1 of 4 and 3 of 4 of the 360-wide bar; the empty row drawn grey.
        #expect(svg.contains(##"width="90.0" height="20" fill="#1b7f3b""##) && svg.contains(##"width="270.0" height="20" fill="#5aa469""##))
        #expect(svg.contains(##"fill="#eeeeee""##))
        #expect(!svg.contains("style="))
        _ = try XMLDocument(xmlString: svg)  // well-formed
    }

    @Test func aTrendLeavesAGapWhereAMonthHasNoScore() throws {
        let svg = WebChart.trend([("T1", 60), ("T2", 70), ("T3", nil), ("T4", 80), ("T5", 85)], title: "Xu hướng")
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 2)
        #expect(svg.components(separatedBy: "<circle").count - 1 == 4)
        _ = try XMLDocument(xmlString: svg)
    }

    @Test func formsDecodeEveryValue() {
        let form = WebForm("_csrf=a%2Bb&token=kpb_x&reason=%C4%91%C3%A3+ki%E1%BB%83m+tra&id=3&id=7&empty=&bad=%ZZ")
        #expect(form["_csrf"] == "a+b" && form["token"] == "kpb_x" && form["reason"] == "đã kiểm tra")
        #expect(form.all("id") == ["3", "7"] && form["empty"] == nil && form["missing"] == nil && form["bad"] == "%ZZ")
    }

    @Test(arguments: [
        ("/", "/"), ("/api/v1/tasks", "/api/v1/tasks"), ("/api/v1/tasks/a%2Fb%40c", "/api/v1/tasks/{key}"),
        ("/api/v1/conflicts/CABCDEFGH/accept", "/api/v1/conflicts/{id}/{action}"), ("/api/v1/whatever", "other"),
        ("/api/v1/tasks/x/y/z", "other"), ("/wp-admin/setup.php", "other"), ("/doi-soat/CABCDEFGH", "/doi-soat/{id}"),
        ("/nhiem-vu/xem", "/nhiem-vu/xem"), ("/nguon/party/dong-bo", "/nguon/{id}/dong-bo"), ("/metrics", "/metrics"),
    ])
    func requestCountersNameRoutesNotPaths(_ path: String, _ route: String) {
        #expect(ServiceMetrics.route(path) == route)
    }

    @Test func everyTemplateParses() throws {
        let library = try WebTemplates.library()
        for (name, _) in WebTemplates.all { #expect(library.getTemplate(named: name) != nil, "\(name)") }
    }
}

@Suite(.serialized)
struct WebUITests {
    static func send(_ port: Int, _ path: String, method: String = "GET", cookies: [String: String] = [:], form: [(String, String)]? = nil) async throws -> HTTPResponse {
        var request = form.map { HTTPRequest.form(URL(string: "http://127.0.0.1:\(port)\(path)")!, $0) }
            ?? HTTPRequest(method: method, url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        if !cookies.isEmpty { request.headers["Cookie"] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        return try await URLSessionTransport().send(request, timeout: .seconds(120), maxBytes: 16 << 20)
    }

    /// The value a `Set-Cookie` header gives `name`, and the header itself.
    static func cookie(_ response: HTTPResponse, _ name: String) -> (value: String, header: String)? {
        guard let header = response.header("Set-Cookie"), header.hasPrefix("\(name)=") else { return nil }
        return (String(header.dropFirst(name.count + 1).prefix { $0 != ";" }), header)
    }

    static func csrf(in html: String) -> String? {
        html.components(separatedBy: #"name="_csrf" value=""#).dropFirst().first?.components(separatedBy: "\"").first
    }

    @Test func signingInSetsAStrictSessionCookieAndEveryFormNeedsItsCSRFToken() async throws {
        try await ServeTests.withServer { bridge, port, _ in
            let admin = try bridge.store.tokens.create(name: "web-admin", role: .admin, agencies: [], actor: "test", at: Timestamp(Date()))
            let viewer = try bridge.store.tokens.create(name: "web-viewer", role: .viewer, agencies: ["TU-VP"], actor: "test", at: Timestamp(Date()))

            // Without a session every page leads to the sign-in page.
            let away = try await Self.send(port, "/nhiem-vu")
            #expect(away.status == 303 && away.header("Location") == "/dang-nhap")
            let loginPage = try await Self.send(port, "/dang-nhap")
            let html = String(decoding: loginPage.body, as: UTF8.self)
            #expect(loginPage.status == 200 && html.contains("<html lang=\"vi\">") && html.contains("Mã truy cập"))
            #expect(loginPage.header("Content-Security-Policy")?.contains("default-src 'none'") == true)
            let login = try #require(Self.cookie(loginPage, WebRoutes.loginCookie))
            #expect(login.header.contains("HttpOnly") && login.header.contains("SameSite=Strict"))
            #expect(Self.csrf(in: html) == login.value)

            // A sign-in without the form's CSRF token, or with a wrong token, is refused.
            let forged = try await Self.send(port, "/dang-nhap", form: [("_csrf", "forged"), ("token", admin)])
            #expect(forged.status == 403)
            let wrong = try await Self.send(port, "/dang-nhap", cookies: [WebRoutes.loginCookie: login.value], form: [("_csrf", login.value), ("token", "kpb_wrong")])
            #expect(wrong.status == 401 && String(decoding: wrong.body, as: UTF8.self).contains("không đúng"))

            func signIn(_ token: String) async throws -> (session: String, csrf: String) {
                let page = try await Self.send(port, "/dang-nhap")
                let pre = try #require(Self.cookie(page, WebRoutes.loginCookie)).value
                let signedIn = try await Self.send(port, "/dang-nhap", cookies: [WebRoutes.loginCookie: pre], form: [("_csrf", pre), ("token", token)])
                #expect(signedIn.status == 303 && signedIn.header("Location") == "/")
                let session = try #require(Self.cookie(signedIn, WebRoutes.sessionCookie))
                #expect(session.header.contains("HttpOnly") && session.header.contains("SameSite=Strict") && session.header.contains("Path=/"))
                let home = try await Self.send(port, "/", cookies: [WebRoutes.sessionCookie: session.value])
                #expect(home.status == 200 && home.header("Content-Type") == "text/html; charset=utf-8")
                return (session.value, try #require(Self.csrf(in: String(decoding: home.body, as: UTF8.self))))
            }
            let (session, csrf) = try await signIn(admin)
            let cookies = [WebRoutes.sessionCookie: session]
            for path in ["/", "/nhiem-vu", "/doi-soat", "/nguon", "/danh-ba", "/loi-nhap", "/static/kpibridge.css"] {
                #expect(try await Self.send(port, path, cookies: cookies).status == 200, "\(path)")
            }
            #expect(try await Self.send(port, "/?ky=March", cookies: cookies).status == 400)
            #expect(try await Self.send(port, "/can-bo?ma=nobody", cookies: cookies).status == 404)

            // A form without the session's CSRF token changes nothing; with it, it works.
            #expect(try await Self.send(port, "/nguon/party/dong-bo", cookies: cookies, form: [("_csrf", "forged")]).status == 403)
            let synced = try await Self.send(port, "/nguon/party/dong-bo", cookies: cookies, form: [("_csrf", csrf)])
            #expect(synced.status == 200 && String(decoding: synced.body, as: UTF8.self).contains("Đã đồng bộ party"))

            // A viewer: no dead letters, no sync, no decision; a revoked token ends the session at once.
            let (viewerSession, viewerCSRF) = try await signIn(viewer)
            let viewerCookies = [WebRoutes.sessionCookie: viewerSession]
            #expect(try await Self.send(port, "/loi-nhap", cookies: viewerCookies).status == 403)
            #expect(try await Self.send(port, "/nguon/party/dong-bo", cookies: viewerCookies, form: [("_csrf", viewerCSRF)]).status == 403)
            try bridge.store.tokens.revoke(name: "web-viewer", actor: "test", at: Timestamp(Date()))
            #expect(try await Self.send(port, "/", cookies: viewerCookies).status == 303)

            // Bad forms and unknown ids are pages with one line saying what is wrong, never a crash or a 500.
            let noReplay = try await Self.send(port, "/loi-nhap/chay-thu", cookies: cookies, form: [("_csrf", csrf)])
            #expect(noReplay.status == 400 && String(decoding: noReplay.body, as: UTF8.self).contains("Chưa chọn bản ghi lỗi nào."))
            let unknown = try await Self.send(port, "/doi-soat/CNOTHERE1", cookies: cookies)
            #expect(unknown.status == 404 && String(decoding: unknown.body, as: UTF8.self).contains("Không có mục đối soát &#39;CNOTHERE1&#39;."))
            do {
                let open = try #require(try bridge.conflicts(.init(state: .open)).first { $0.kind == .person })
                let noReason = try await Self.send(port, "/doi-soat/\(open.id)/quyet-dinh", cookies: cookies, form: [("_csrf", csrf), ("action", "accept")])
                #expect(noReason.status == 400 && String(decoding: noReason.body, as: UTF8.self).contains("Hãy ghi lý do"))
                let badAction = try await Self.send(
                    port, "/doi-soat/\(open.id)/quyet-dinh", cookies: cookies, form: [("_csrf", csrf), ("action", "merge"), ("reason", "x")])
                #expect(badAction.status == 400)
                #expect(try bridge.store.reconcile.decisions().isEmpty)  // nothing recorded by either
            }
            #expect(try await Self.send(port, "/nhiem-vu/xem?ma=nothing", cookies: cookies).status == 404)
            #expect(try await Self.send(port, "/nhiem-vu?trang-thai=soon", cookies: cookies).status == 400)

            // Signing out ends the session.
            #expect(try await Self.send(port, "/dang-xuat", cookies: cookies, form: [("_csrf", csrf)]).status == 303)
            #expect(try await Self.send(port, "/", cookies: cookies).status == 303)
        }
    }
}
