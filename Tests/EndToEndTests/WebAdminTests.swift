import BridgeApp
import BridgeLedger
import BridgeModel
@testable import BridgeServer
import BridgeSources
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

/// An admin works from the web while the service runs: makes a token (shown once) and revokes it, closes and
/// reopens a period, reads the audit log (and its CSV), and links an account no officer holds to an officer from
/// its conflict's page. An admin limited to agencies manages none of what spans every agency.
@Suite(.serialized)
struct WebAdminTests {
    @Test func tokensPeriodsAndTheAuditFromTheWeb() async throws {
        try await ServeScopeTests.withCrossAgencyCandidate { bridge, port, _ in
            let at = Timestamp(Date())
            let admin = try bridge.store.tokens.create(name: "it", role: .admin, agencies: [], actor: "test", at: at)
            let scoped = try bridge.store.tokens.create(name: "so", role: .admin, agencies: ["000.00.12.H34"], actor: "test", at: at)
            let web = try await ServeScopeTests.signIn(port, admin)

            let page = try await WebUITests.send(port, "/quan-tri", cookies: web.cookies)
            #expect(page.status == 200 && String(decoding: page.body, as: UTF8.self).contains("Mã truy cập"))
            let created = try await WebUITests.send(
                port, "/quan-tri/ma-truy-cap", cookies: web.cookies, form: [("_csrf", web.csrf), ("name", "leader"), ("role", "viewer"), ("agencies", "000.00.12.H34")])
            let html = String(decoding: created.body, as: UTF8.self)
            let token = try #require(html.components(separatedBy: #"<code id="new-token">"#).dropFirst().first?.components(separatedBy: "<").first)
            #expect(token.hasPrefix("kpb_"))
            #expect(try await ServeTests.get(port, "/api/v1/tasks", token: token).status == 200)
            let revoked = try await WebUITests.send(port, "/quan-tri/ma-truy-cap/thu-hoi", cookies: web.cookies, form: [("_csrf", web.csrf), ("name", "leader")])
            #expect(revoked.status == 200)
            #expect(try await ServeTests.get(port, "/api/v1/tasks", token: token).status == 401)

            let closed = try await WebUITests.send(port, "/quan-tri/ky/khoa", cookies: web.cookies, form: [("_csrf", web.csrf), ("period", "2026-03")])
            #expect(closed.status == 200 && String(decoding: closed.body, as: UTF8.self).contains("Đã khoá sổ kỳ 2026-03"))
            #expect(try bridge.store.scores.closed(period: "2026-03") != nil)
            let noReason = try await WebUITests.send(port, "/quan-tri/ky/mo-lai", cookies: web.cookies, form: [("_csrf", web.csrf), ("period", "2026-03")])
            #expect(noReason.status == 400)
            let reopened = try await WebUITests.send(
                port, "/quan-tri/ky/mo-lai", cookies: web.cookies, form: [("_csrf", web.csrf), ("period", "2026-03"), ("reason", "nhập bổ sung")])
            #expect(reopened.status == 200)
            #expect(try bridge.store.scores.closed(period: "2026-03") == nil)

            let audit = String(decoding: try await WebUITests.send(port, "/quan-tri/nhat-ky?hanh-dong=token.revoke", cookies: web.cookies).body, as: UTF8.self)
            #expect(audit.contains("web:it") && audit.contains("leader") && !audit.contains("period.close"))
            let csv = try await WebUITests.send(port, "/quan-tri/nhat-ky?dinh-dang=csv", cookies: web.cookies)
            #expect(csv.header("Content-Type") == "text/csv; charset=utf-8" && String(decoding: csv.body, as: UTF8.self).contains("period.reopen"))

            // An admin of one agency manages none of it.
            let scopedWeb = try await ServeScopeTests.signIn(port, scoped)
            #expect(try await WebUITests.send(port, "/quan-tri", cookies: scopedWeb.cookies).status == 403)
            #expect(try await WebUITests.send(port, "/quan-tri/nhat-ky", cookies: scopedWeb.cookies).status == 403)
            let made = try await WebUITests.send(
                port, "/quan-tri/ma-truy-cap", cookies: scopedWeb.cookies, form: [("_csrf", scopedWeb.csrf), ("name", "x"), ("role", "admin")])
            #expect(made.status == 403)
            #expect(try !bridge.store.tokens.list().contains { $0.name == "x" })
        }
    }

    @Test func anAccountNoOfficerHoldsIsLinkedFromItsConflictsPage() async throws {
        let dir = try TemporaryDirectory()
        let bridge = try ReconciliationTests.bridge(dir)
        // An iOffice record names an account the directory does not know.
        try ReconciliationTests.importPage(bridge, dir, source: "ioffice", [ReconciliationTests.ioffice {
            $0["id"] = "VBD-000999"; $0["so_ky_hieu"] = "Số 999 / UBND - VP"
            $0["nguoi_xu_ly_chinh"] = ["email": "moi.pt@khanhhoa.gov.vn", "ho_ten": "Phạm Thị Mới"]
        }])
        let seen = try "\(bridge.conflicts(.init()).map { "\($0.kind) \($0.subject ?? "")" }) \(bridge.store.tasks.list(.init()).map { "\($0.key) \($0.mainHandler?.officerKey ?? "")" })"
        let person = try #require(try bridge.conflicts(.init(kind: .person)).first { $0.subject?.contains("moi.pt") == true }, "\(seen)")
        let admin = try bridge.store.tokens.create(name: "it", role: .admin, agencies: [], actor: "test", at: Timestamp(Date()))
        let service = try BridgeService(bridge: bridge, port: 0, schedule: false)
        let (port, server) = await ServeTests.start(service)
        defer { server.cancel() }
        let web = try await ServeScopeTests.signIn(port, admin)
        let page = String(decoding: try await WebUITests.send(port, "/doi-soat/\(person.id)", cookies: web.cookies).body, as: UTF8.self)
        #expect(page.contains("Gắn tài khoản với cán bộ") && page.contains("cb-hung") && !page.contains("kpibridge directory link"))
        let linked = try await WebUITests.send(
            port, "/doi-soat/\(person.id)/gan-tai-khoan", cookies: web.cookies, form: [("_csrf", web.csrf), ("officer", "cb-hung"), ("reason", "tài khoản dùng chung của phòng, anh Hùng xử lý")])
        #expect(linked.status == 200 && String(decoding: linked.body, as: UTF8.self).contains("Đã gắn tài khoản"))
        #expect(try ReconciliationTests.task(bridge, "ioffice:VBD-000999").mainHandler?.officer == "cb-hung")
        #expect(try bridge.store.audit.log().contains { $0.actor == "web:it" })
    }
}

extension WebAdminTests {
    /// A `multipart/form-data` POST as a browser sends a form with a file.
    static func upload(
        _ port: Int, _ path: String, cookies: [String: String], fields: [(String, String)], file: (name: String, data: String), fileField: String = "file"
    ) async throws -> HTTPResponse {
        let boundary = "----kpibridge-test-\(UUID().uuidString)"
        var body = ""
        for (name, value) in fields { body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n" }
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(fileField)\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n\(file.data)\r\n--\(boundary)--\r\n"
        let request = HTTPRequest(
            method: "POST", url: URL(string: "http://127.0.0.1:\(port)\(path)")!,
            headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)", "Cookie": cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")],
            body: Data(body.utf8))
        return try await URLSessionTransport().send(request, timeout: .seconds(120), maxBytes: 16 << 20)
    }

    /// An admin tries a directory file on the web (nothing written), imports it, and enters general points by the
    /// form and by a CSV upload.
    @Test func aDirectoryAndGeneralPointsFromTheWeb() async throws {
        try await ServeScopeTests.withCrossAgencyCandidate { bridge, port, _ in
            let admin = try bridge.store.tokens.create(name: "it", role: .admin, agencies: [], actor: "test", at: Timestamp(Date()))
            let web = try await ServeScopeTests.signIn(port, admin)
            let directory = """
                officers:
                  - { id: cb-lan, name: Nguyễn Thị Lan, agency: 000.00.12.H34, accounts: { email: [ lan.nt@khanhhoa.gov.vn, lan.nt.0@khanhhoa.gov.vn ], party-member: DV00001 } }
                  - { id: cb-hung, name: Lê Văn Hùng, agency: 000.00.12.H34, accounts: { email: [ hung.lv@khanhhoa.gov.vn ] } }
                  - { id: cb-bao, name: Trần Văn Bảo, agency: TU-BTC, accounts: { party-member: DV00009 } }
                """
            let dry = try await Self.upload(
                port, "/quan-tri/danh-ba", cookies: web.cookies, fields: [("_csrf", web.csrf), ("dry-run", "1")], file: ("danh-ba.yml", directory))
            let dryHTML = String(decoding: dry.body, as: UTF8.self)
            #expect(dry.status == 200 && dryHTML.contains("directory-preview") && dryHTML.contains("cb-bao"), "\(dryHTML)")
            #expect(try bridge.store.directory.current().officers["cb-bao"] == nil)
            let imported = try await Self.upload(port, "/quan-tri/danh-ba", cookies: web.cookies, fields: [("_csrf", web.csrf)], file: ("danh-ba.yml", directory))
            #expect(imported.status == 200 && String(decoding: imported.body, as: UTF8.self).contains("Đã nhập danh bạ"))
            #expect(try bridge.store.directory.current().officers["cb-bao"]?.agency == "TU-BTC")

            let entered = try await WebUITests.send(
                port, "/quan-tri/diem-chung", cookies: web.cookies, form: [("_csrf", web.csrf), ("officer", "cb-lan"), ("period", "2026-03"), ("points", "27,5")])
            #expect(entered.status == 200, "\(String(decoding: entered.body, as: UTF8.self))")
            #expect(try bridge.store.scores.assessment(officer: "cb-lan", period: "2026-03")?.generalPoints == "27.5")
            let bad = try await WebUITests.send(
                port, "/quan-tri/diem-chung", cookies: web.cookies, form: [("_csrf", web.csrf), ("officer", "cb-lan"), ("period", "2026-03"), ("points", "31")])
            #expect(bad.status == 400 && String(decoding: bad.body, as: UTF8.self).contains("không hợp lệ"))
            let csv = "officer,period,general_points,sanction\ncb-hung,2026-03,26,\ncb-bao,2026-03,29,\n"
            let uploaded = try await Self.upload(port, "/quan-tri/diem-chung/tep", cookies: web.cookies, fields: [("_csrf", web.csrf)], file: ("diem.csv", csv))
            #expect(uploaded.status == 200 && String(decoding: uploaded.body, as: UTF8.self).contains("Đã nhập 2 dòng"))
            #expect(try bridge.store.scores.assessment(officer: "cb-bao", period: "2026-03")?.generalPoints == "29")
            // Without the form's CSRF token, an upload is refused.
            let forged = try await Self.upload(port, "/quan-tri/diem-chung/tep", cookies: web.cookies, fields: [("_csrf", "forged")], file: ("diem.csv", csv))
            #expect(forged.status == 403)
        }
    }
}
