import BridgeApp
import BridgeLedger
import BridgeModel
@testable import BridgeServer
import BridgeSources
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing
import Yams

/// An officer under `serve`: their token reaches their own record and nothing else — every other documented
/// route answers 403, another officer's page and task "not found" —; they dispute a task on the web; an admin of
/// another agency can neither see nor decide it; the agency's admin tries it, then accepts it, and the officer's
/// score and the dispute's state change.
@Suite(.serialized)
struct ServeOfficerTests {
    @Test func anOfficerSeesOnlyTheirRecordAndTheirDisputeIsDecidedByTheirAgency() async throws {
        let dir = try TemporaryDirectory()
        let bridge = try DisputeTests.bridge(dir)
        let clock = ServiceClock(
            now: { Date(timeIntervalSince1970: Double(DisputeTests.at.millis) / 1000) }, sleep: { try await Task.sleep(for: $0) }, elapsed: { .zero })
        let service = try BridgeService(bridge: bridge, port: 0, schedule: false, clock: clock)
        let (port, server) = await ServeTests.start(service)
        defer { server.cancel() }
        let at = DisputeTests.at
        let lan = try bridge.createToken(name: "lan", role: .officer, agencies: [], officer: "lan.nt@khanhhoa.gov.vn", actor: "test", at: at)
        let admin = try bridge.store.tokens.create(name: "sonv", role: .admin, agencies: ["000.00.12.H34"], actor: "test", at: at)
        let otherAdmin = try bridge.store.tokens.create(name: "sotc", role: .admin, agencies: ["000.00.14.H34"], actor: "test", at: at)
        let viewer = try bridge.store.tokens.create(name: "xem", role: .viewer, agencies: [], actor: "test", at: at)
        #expect(try bridge.store.tokens.list().first { $0.name == "lan" }?.officer == "cb-lan")
        #expect(throws: (any Error).self) { try bridge.createToken(name: "x", role: .officer, agencies: [], officer: "cb-khong", actor: "t", at: at) }

        // Her own record; every other documented GET refuses her token.
        let me = try #require(try ServeTests.json(try await ServeTests.get(port, "/api/v1/me?period=2026-03", token: lan)) as? [String: Any])
        #expect((me["officer"] as? [String: Any])?["officer"] as? String == "cb-lan")
        #expect(try await ServeTests.get(port, "/api/v1/me?period=2026-03", token: viewer).status == 403, "a viewer has no record of their own")
        let spec = try #require(try Yams.load(yaml: String(contentsOfFile: "\(Fixtures.home)/docs/openapi.yaml", encoding: .utf8)) as? [String: Any])
        let paths = try #require(spec["paths"] as? [String: [String: Any]])
        var refused = 0
        // Her own routes, and the self-assessments a leader confirms (she leads no one: none).
        let leaderList = try #require(try ServeTests.json(try await ServeTests.get(port, "/api/v1/self-assessments?period=2026-03", token: lan)) as? [Any])
        #expect(leaderList.isEmpty)
        for (template, operations) in paths where operations["get"] != nil && template.hasPrefix("/api/v1/") && !template.hasPrefix("/api/v1/me")
            && template != "/api/v1/self-assessments"
        {
            let path = template.replacingOccurrences(of: "{key}", with: DisputeTests.lan170.rawValue.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
                .replacingOccurrences(of: "{officer}", with: "cb-lan").replacingOccurrences(of: "{id}", with: "1")
            let response = try await ServeTests.get(port, path + "?period=2026-03&agency=000.00.12.H34&year=2026", token: lan)
            #expect(response.status == 403, "\(path): \(response.status)")
            refused += 1
        }
        #expect(refused >= 14)

        // A dispute of someone else's task reads as no task; of her own, it is raised.
        let other = try await ServeTests.post(port, "/api/v1/me/disputes", token: lan, ["task": DisputeTests.dinh128.rawValue, "kind": "not-mine", "reason": "r"])
        #expect(other.status == 404)
        let bad = try await ServeTests.post(port, "/api/v1/me/disputes", token: lan, ["task": DisputeTests.lan170.rawValue, "kind": "lost", "reason": "r"])
        #expect(bad.status == 400)

        // On the web, on a phone: her page; another officer's page and task, and the lists, are not hers.
        let web = try await ServeScopeTests.signIn(port, lan)
        let home = try await WebUITests.send(port, "/", cookies: web.cookies)
        #expect(home.status == 302 || home.status == 303)
        #expect(home.header("Location") == "/can-bo?ma=cb-lan")
        let page = String(decoding: try await WebUITests.send(port, "/can-bo?ma=cb-lan&ky=2026-03", cookies: web.cookies).body, as: UTF8.self)
        #expect(page.contains("Nguyễn Thị Lan") && page.contains("Hồ sơ của tôi") && page.contains("/khieu-nai?nhiem-vu="))
        #expect(!page.contains("Đối soát") && !page.contains("/nhiem-vu\""), "an officer's menu has their page only")
        for path in ["/can-bo?ma=cb-dinh&ky=2026-03", "/nhiem-vu/xem?ma=\(WebRoutes.encode(DisputeTests.dinh128.rawValue))", "/khieu-nai?nhiem-vu=\(WebRoutes.encode(DisputeTests.dinh128.rawValue))"] {
            let response = try await WebUITests.send(port, path, cookies: web.cookies)
            #expect(response.status == 404 && String(decoding: response.body, as: UTF8.self).contains("Không tìm thấy"), "\(path)")
        }
        for path in ["/nhiem-vu", "/doi-soat", "/mot-cua", "/thuong", "/danh-ba", "/khoi-luong"] {
            #expect(try await WebUITests.send(port, path, cookies: web.cookies).status == 403, "\(path)")
        }
        #expect(try await WebUITests.send(port, "/nhiem-vu/xem?ma=\(WebRoutes.encode(DisputeTests.lan170.rawValue))", cookies: web.cookies).status == 200)
        let form = try await WebUITests.send(port, "/khieu-nai?nhiem-vu=\(WebRoutes.encode(DisputeTests.lan170.rawValue))", cookies: web.cookies)
        #expect(form.status == 200 && String(decoding: form.body, as: UTF8.self).contains("Gửi khiếu nại"))
        let raised = try await WebAdminTests.upload(
            port, "/khieu-nai", cookies: web.cookies,
            fields: [("_csrf", web.csrf), ("task", DisputeTests.lan170.rawValue), ("kind", "completed-on"), ("value", "2026-03-20"), ("reason", "Đã trình ký ngày 20/03"), ("document", "45/BB-SNV")],
            file: (name: "bien-ban.txt", data: "Biên bản bàn giao"), fileField: "evidence")
        #expect(raised.status == 303, "\(String(decoding: raised.body, as: UTF8.self).prefix(400))")
        let mine = try #require(try ServeTests.json(try await ServeTests.get(port, "/api/v1/me/disputes", token: lan)) as? [[String: Any]])
        #expect(mine.count == 1 && mine[0]["state"] as? String == "open" && (mine[0]["evidence"] as? [String: Any])?["name"] as? String == "bien-ban.txt")
        let id = try #require(mine[0]["id"] as? Int)
        let schemas = try #require((spec["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let disputeSchema = try #require(schemas["Dispute"] as? [String: Any])
        #expect(OpenAPITests.missing(mine[0], disputeSchema, schemas).isEmpty)
        let waiting = String(decoding: try await WebUITests.send(port, "/can-bo?ma=cb-lan&ky=2026-03", cookies: web.cookies).body, as: UTF8.self)
        #expect(waiting.contains("chờ quyết định") && waiting.contains("Đã hoàn thành vào ngày"))

        // The evidence: for her, and for the agency's admins; not for another agency's.
        let adminWeb = try await ServeScopeTests.signIn(port, admin)
        let otherWeb = try await ServeScopeTests.signIn(port, otherAdmin)
        let evidence = try await WebUITests.send(port, "/khieu-nai/minh-chung?so=\(id)", cookies: adminWeb.cookies)
        #expect(evidence.status == 200 && String(decoding: evidence.body, as: UTF8.self) == "Biên bản bàn giao")
        #expect(try await WebUITests.send(port, "/khieu-nai/minh-chung?so=\(id)", cookies: web.cookies).status == 200)
        #expect(try await WebUITests.send(port, "/khieu-nai/minh-chung?so=\(id)", cookies: otherWeb.cookies).status == 404)
        let conflictPage = try await WebUITests.send(port, "/doi-soat?loai=dispute", cookies: adminWeb.cookies)
        #expect(String(decoding: conflictPage.body, as: UTF8.self).contains("cán bộ khiếu nại"))
        let queued = try #require(try ServeTests.json(try await ServeTests.get(port, "/api/v1/conflicts?kind=dispute", token: admin)) as? [[String: Any]])
        let conflictId = try #require(queued.first?["id"] as? String)
        let detail = String(decoding: try await WebUITests.send(port, "/doi-soat/\(conflictId)", cookies: adminWeb.cookies).body, as: UTF8.self)
        #expect(detail.contains("Khiếu nại của cán bộ") && detail.contains("/khieu-nai/minh-chung?so=\(id)") && detail.contains("Chấp nhận khiếu nại"))

        // Another agency's admin neither sees nor decides it; the agency's admin tries it, then accepts it.
        let listed = try #require(try ServeTests.json(try await ServeTests.get(port, "/api/v1/disputes", token: otherAdmin)) as? [[String: Any]])
        #expect(listed.isEmpty)
        #expect(try await ServeTests.post(port, "/api/v1/disputes/\(id)/accept", token: otherAdmin, ["reason": "r"]).status == 404)
        #expect(try await ServeTests.post(port, "/api/v1/disputes/\(id)/accept", token: viewer, ["reason": "r"]).status == 403)
        let tried = try #require(try ServeTests.json(try await ServeTests.post(port, "/api/v1/disputes/\(id)/accept", token: admin, ["reason": "đúng", "dryRun": true])) as? [String: Any])
        #expect(tried["recorded"] as? Bool == false && !((tried["scores"] as? [Any]) ?? []).isEmpty)
        let before = try #require(try ServeTests.json(try await ServeTests.get(port, "/api/v1/me?period=2026-03", token: lan)) as? [String: Any])
        let accepted = try await ServeTests.post(port, "/api/v1/disputes/\(id)/accept", token: admin, ["reason": "đúng biên bản"])
        #expect(accepted.status == 200)
        let after = try #require(try ServeTests.json(try await ServeTests.get(port, "/api/v1/me?period=2026-03", token: lan)) as? [String: Any])
        func total(_ answer: [String: Any]) -> String { "\((answer["officer"] as? [String: Any])?["total"] ?? "")" }
        #expect(total(before) == "76.666667" && total(after) == "100")
        let decided = String(decoding: try await WebUITests.send(port, "/can-bo?ma=cb-lan&ky=2026-03", cookies: web.cookies).body, as: UTF8.self)
        #expect(decided.contains("được chấp nhận") && decided.contains("đúng biên bản"))
    }

    /// Lan proposes her general points on the web; they count only once her unit's leader confirms them (his
    /// change is what counts); her inbox shows what she is told.
    @Test func selfAssessmentAndTheInboxOnTheWeb() async throws {
        let dir = try TemporaryDirectory()
        let bridge = try NotificationTests.bridge(dir, smtp: 1, hook: 1)
        let at = NotificationTests.at
        let clock = ServiceClock(now: { Date(timeIntervalSince1970: Double(at.millis) / 1000) }, sleep: { try await Task.sleep(for: $0) }, elapsed: { .zero })
        let service = try BridgeService(bridge: bridge, port: 0, schedule: false, clock: clock)
        let (port, server) = await ServeTests.start(service)
        defer { server.cancel() }
        let lanToken = try bridge.createToken(name: "lan", role: .officer, agencies: [], officer: "cb-lan", actor: "test", at: at)
        let truongToken = try bridge.createToken(name: "truong", role: .officer, agencies: [], officer: "cb-truong", actor: "test", at: at)
        let otherAdmin = try bridge.store.tokens.create(name: "sotc", role: .admin, agencies: ["000.00.14.H34"], actor: "test", at: at)
        try bridge.makeNotifications(at: at)

        let lan = try await ServeScopeTests.signIn(port, lanToken)
        let page = String(decoding: try await WebUITests.send(port, "/can-bo?ma=cb-lan&ky=2026-03", cookies: lan.cookies).body, as: UTF8.self)
        #expect(page.contains("Gửi tự đánh giá") && page.contains("Thông báo (1)"))
        let proposed = try await WebUITests.send(
            port, "/tu-danh-gia/de-xuat", method: "POST", cookies: lan.cookies, form: [("_csrf", lan.csrf), ("ky", "2026-03"), ("points", "29"), ("comment", "Đúng hạn")])
        #expect(proposed.status == 303)
        let waiting = String(decoding: try await WebUITests.send(port, "/can-bo?ma=cb-lan&ky=2026-03", cookies: lan.cookies).body, as: UTF8.self)
        #expect(waiting.contains("chờ lãnh đạo xác nhận") && waiting.contains("(tạm tính)"))
        // She cannot confirm her own; another agency's admin does not see it.
        let own = try await WebUITests.send(
            port, "/tu-danh-gia/xac-nhan", method: "POST", cookies: lan.cookies, form: [("_csrf", lan.csrf), ("officer", "cb-lan"), ("ky", "2026-03"), ("points", "30")])
        #expect(own.status == 404)
        let other = try await ServeScopeTests.signIn(port, otherAdmin)
        #expect(!String(decoding: try await WebUITests.send(port, "/tu-danh-gia?ky=2026-03", cookies: other.cookies).body, as: UTF8.self).contains("Nguyễn Thị Lan"))
        let seen = try #require(try ServeTests.json(try await ServeTests.get(port, "/api/v1/self-assessments?period=2026-03", token: otherAdmin)) as? [Any])
        #expect(seen.isEmpty, "another agency's admin reads none of it")
        #expect(try await ServeTests.post(port, "/api/v1/self-assessments/confirm", token: otherAdmin, ["officer": "cb-lan", "period": "2026-03"]).status == 404)
        let led = try #require(try ServeTests.json(try await ServeTests.get(port, "/api/v1/self-assessments?period=2026-03", token: truongToken)) as? [[String: Any]])
        #expect(led.map { $0["officer"] as? String } == ["cb-lan"])

        // Her leader confirms with a change.
        let truong = try await ServeScopeTests.signIn(port, truongToken)
        let list = String(decoding: try await WebUITests.send(port, "/tu-danh-gia?ky=2026-03", cookies: truong.cookies).body, as: UTF8.self)
        #expect(list.contains("Nguyễn Thị Lan") && list.contains("Xác nhận"))
        let confirmed = try await WebUITests.send(
            port, "/tu-danh-gia/xac-nhan", method: "POST", cookies: truong.cookies,
            form: [("_csrf", truong.csrf), ("officer", "cb-lan"), ("ky", "2026-03"), ("points", "27"), ("comment", "Chậm báo cáo tuần")])
        #expect(confirmed.status == 303)
        let answer = try #require(try ServeTests.json(try await ServeTests.get(port, "/api/v1/me/self-assessment?period=2026-03", token: lanToken)) as? [String: Any])
        let kept = try #require(answer["selfAssessment"] as? [String: Any])
        #expect(kept["state"] as? String == "confirmed" && kept["proposedPoints"] as? String == "29" && kept["confirmedPoints"] as? String == "27")
        let after = String(decoding: try await WebUITests.send(port, "/can-bo?ma=cb-lan&ky=2026-03", cookies: lan.cookies).body, as: UTF8.self)
        #expect(after.contains("đã được xác nhận") && !after.contains("(tạm tính)"))

        // The inbox: what she is told; opening it marks it read.
        let inbox = String(decoding: try await WebUITests.send(port, "/thong-bao", cookies: lan.cookies).body, as: UTF8.self)
        #expect(inbox.contains("Sắp đến hạn"))
        #expect(try bridge.store.notifications.unread("cb-lan") == 0)
        let notices = try #require(try ServeTests.json(try await ServeTests.get(port, "/api/v1/me/notifications", token: lanToken)) as? [[String: Any]])
        #expect(notices.count == 1 && notices[0]["kind"] as? String == "due")
        // As docs/openapi.yaml documents them.
        let spec = try #require(try Yams.load(yaml: String(contentsOfFile: "\(Fixtures.home)/docs/openapi.yaml", encoding: .utf8)) as? [String: Any])
        let schemas = try #require((spec["components"] as? [String: Any])?["schemas"] as? [String: Any])
        #expect(OpenAPITests.missing(notices[0], try #require(schemas["Notice"] as? [String: Any]), schemas).isEmpty)
        #expect(OpenAPITests.missing(kept, try #require(schemas["SelfAssessment"] as? [String: Any]), schemas).isEmpty)
    }
}
