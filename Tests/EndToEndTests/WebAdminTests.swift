import BridgeApp
import BridgeLedger
import BridgeModel
@testable import BridgeServer
import BridgeSources
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
