import BridgeApp
import BridgeLedger
import BridgeModel
@testable import BridgeServer
import BridgeSources
import BridgeTestSupport
import BridgeTesting
import Foundation
import Glibc
import Testing

/// `serve` in daily operation, from outside: an agency's data stays in the agency (a conflict that reaches another
/// agency is not found, by list, by id and by decision, in the API and on the web), one client's bad tokens lock out
/// no one else, ids reveal nothing, and oversize bodies get a 413 that says so.
@Suite(.serialized)
struct ServeScopeTests {
    /// The reconciliation fixture with the Party tool's task citing dispatch 170: a candidate between the E-Office
    /// task of 000.00.12.H34 and the Party task of TU-BTC. Its API and web server on a free port.
    static func withCrossAgencyCandidate(_ body: (Bridge, Int, Conflict) async throws -> Void) async throws {
        let dir = try TemporaryDirectory()
        let bridge = try ReconciliationTests.bridge(dir)
        let party: [String: Any] = [
            "taskId": "P-00170", "title": "V/v Cải cách hành chính năm 2026", "organ": "TU-BTC", "unit": "Phòng Đảng viên",
            "assignee": ["memberCode": "DV00009", "fullName": "Trần Văn Bảo"], "collaborators": [Any](),
            "deadline": "2026-03-24T17:00:00.000+07:00", "status": "in_progress", "assignedAt": "2026-03-13T08:00:00.000+07:00",
            "updatedAt": "2026-03-18T08:00:00.000+07:00", "document": ["number": "170/UBND-VP", "date": "2026-03-12"],
        ]
        try ReconciliationTests.importPage(bridge, dir, source: "party", [party])
        let candidate = try #require(try bridge.conflicts(.init(kind: .candidate)).first)
        #expect(try bridge.agencies(touchedBy: candidate) == ["000.00.12.H34", "TU-BTC"])
        // The service's clock stands still: a loaded machine cannot let the failed-token window pass mid-test.
        let frozen = Date()
        let service = try BridgeService(bridge: bridge, port: 0, schedule: false, clock: ServiceClock(now: { frozen }, sleep: { try await Task.sleep(for: $0) }, elapsed: { .zero }))
        let (port, server) = await ServeTests.start(service)
        defer { server.cancel() }
        try await body(bridge, port, candidate)
    }

    @Test func aConflictReachingAnotherAgencyIsNotFoundForAnAdminOfOne() async throws {
        try await Self.withCrossAgencyCandidate { bridge, port, candidate in
            let at = Timestamp(Date())
            let one = try bridge.store.tokens.create(name: "one", role: .admin, agencies: ["000.00.12.H34"], actor: "test", at: at)
            let both = try bridge.store.tokens.create(name: "both", role: .admin, agencies: ["000.00.12.H34", "TU-BTC"], actor: "test", at: at)
            let path = "/api/v1/conflicts/\(candidate.id)"

            // By id, by list, and by decision (a dry run too): not found for the admin of one agency.
            #expect(try await ServeTests.get(port, path, token: one).status == 404)
            let listed = try ServeTests.json(try await ServeTests.get(port, "/api/v1/conflicts", token: one)) as! [[String: Any]]
            #expect(!listed.contains { $0["id"] as? String == candidate.id })
            let decision: [String: Any] = ["reason": "the Party task follows up dispatch 170", "dryRun": true]
            #expect(try await ServeTests.post(port, "\(path)/accept", token: one, decision).status == 404)
            #expect(try await ServeTests.post(port, "\(path)/accept", token: one, ["reason": "x"]).status == 404)
            #expect(try bridge.store.reconcile.decisions().isEmpty)

            // An admin of both agencies sees it and may decide it.
            #expect(try await ServeTests.get(port, path, token: both).status == 200)
            let listedBoth = try ServeTests.json(try await ServeTests.get(port, "/api/v1/conflicts", token: both)) as! [[String: Any]]
            #expect(listedBoth.contains { $0["id"] as? String == candidate.id })
            #expect(try await ServeTests.post(port, "\(path)/accept", token: both, decision).status == 200)

            // The web: the queue, the page and the decision form alike.
            let web = try await Self.signIn(port, one)
            let queue = try await WebUITests.send(port, "/doi-soat", cookies: web.cookies)
            #expect(queue.status == 200 && !String(decoding: queue.body, as: UTF8.self).contains(candidate.id))
            #expect(try await WebUITests.send(port, "/doi-soat/\(candidate.id)", cookies: web.cookies).status == 404)
            let posted = try await WebUITests.send(
                port, "/doi-soat/\(candidate.id)/quyet-dinh", cookies: web.cookies,
                form: [("_csrf", web.csrf), ("action", "accept"), ("reason", "x")])
            #expect(posted.status == 404)
            #expect(try bridge.store.reconcile.decisions().isEmpty)
            let webBoth = try await Self.signIn(port, both)
            let page = try await WebUITests.send(port, "/doi-soat/\(candidate.id)", cookies: webBoth.cookies)
            let html = String(decoding: page.body, as: UTF8.self)
            #expect(page.status == 200)
            // Every word a person reads is Vietnamese: the note, the options, no command line.
            #expect(html.contains("Có thể là cùng một công việc") && html.contains("Là cùng một công việc (liên kết)"))
            #expect(!html.contains("the same work?") && !html.contains("accept (link)") && !html.contains("kpibridge "))
            // A dry run offers to record the same decision.
            let tried = try await WebUITests.send(
                port, "/doi-soat/\(candidate.id)/quyet-dinh", cookies: webBoth.cookies,
                form: [("_csrf", webBoth.csrf), ("action", "accept"), ("reason", "cùng văn bản 170"), ("dry-run", "1")])
            let triedHTML = String(decoding: tried.body, as: UTF8.self)
            #expect(tried.status == 200 && triedHTML.contains("Ghi quyết định này") && triedHTML.contains("liên kết"))
            // Recorded: the candidate is a unit now, and the page leads to its task, not to a conflict gone from the queue.
            let recorded = try await WebUITests.send(
                port, "/doi-soat/\(candidate.id)/quyet-dinh", cookies: webBoth.cookies,
                form: [("_csrf", webBoth.csrf), ("action", "accept"), ("reason", "cùng văn bản 170")])
            let recordedHTML = String(decoding: recorded.body, as: UTF8.self)
            #expect(recorded.status == 200 && recordedHTML.contains("Xem nhiệm vụ đã liên kết"), "\(recordedHTML)")
            let back = try #require(recordedHTML.components(separatedBy: #"<a href=""#).dropFirst().first { $0.hasPrefix("/nhiem-vu/xem") }?.components(separatedBy: "\"").first)
            #expect(try await WebUITests.send(port, back.replacingOccurrences(of: "&amp;", with: "&"), cookies: webBoth.cookies).status == 200)

            // A task override moves the scores of everyone the task names: the Party officer is TU-BTC's.
            let partyKey = "party:P-00170".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let override: [String: Any] = ["field": "status", "value": "completed", "reason": "x", "dryRun": true]
            #expect(try await ServeTests.post(port, "/api/v1/tasks/\(partyKey)/override", token: one, override).status == 404)
        }
    }

    @Test func sourcesAreListedAndSyncedOnlyInTheTokensAgencies() async throws {
        try await Self.withCrossAgencyCandidate { bridge, port, _ in
            let at = Timestamp(Date())
            let one = try bridge.store.tokens.create(name: "one", role: .operator, agencies: ["000.00.12.H34"], actor: "test", at: at)
            let all = try bridge.store.tokens.create(name: "all", role: .operator, agencies: [], actor: "test", at: at)
            // The fixture's sources name no agency (they serve several): only an unlimited token sees them.
            let scoped = try ServeTests.json(try await ServeTests.get(port, "/api/v1/sources", token: one)) as! [[String: Any]]
            let unlimited = try ServeTests.json(try await ServeTests.get(port, "/api/v1/sources", token: all)) as! [[String: Any]]
            #expect(scoped.isEmpty && !unlimited.isEmpty)
            #expect(try await ServeTests.get(port, "/api/v1/sources/party/sync", token: one, method: "POST").status == 404)
        }
    }

    @Test func anUnknownOfficerAndAnotherAgencysOfficerReadTheSame() async throws {
        try await Self.withCrossAgencyCandidate { bridge, port, _ in
            let viewer = try bridge.store.tokens.create(name: "v", role: .viewer, agencies: ["000.00.12.H34"], actor: "test", at: Timestamp(Date()))
            let other = try await ServeTests.get(port, "/api/v1/explain/party-member:DV00009?period=2026-03", token: viewer)
            let nobody = try await ServeTests.get(port, "/api/v1/explain/party-member:NOBODY?period=2026-03", token: viewer)
            #expect(other.status == 404 && nobody.status == 404)
            #expect(try await ServeTests.get(port, "/api/v1/explain/cb-lan?period=2026-03", token: viewer).status == 200)
        }
    }

    @Test func oneClientsFailedTokensLockOutNoOtherClient() async throws {
        try await Self.withCrossAgencyCandidate { bridge, port, _ in
            let admin = try bridge.store.tokens.create(name: "it", role: .admin, agencies: [], actor: "test", at: Timestamp(Date()))
            // 21 guesses from 127.0.0.2: the last is refused with 429 and says when to come back.
            var last = 0
            for _ in 0..<21 { last = try await Self.rawGet(port, "/api/v1/tasks", from: "127.0.0.2", authorization: "Bearer kpb_guess").status }
            #expect(last == 429)
            let blocked = try await Self.rawGet(port, "/api/v1/tasks", from: "127.0.0.2", authorization: "Bearer \(admin)")
            #expect(blocked.status == 429 && blocked.head.lowercased().contains("retry-after:"))
            // Another client with a valid token — and the scheme in lower case — is served; a wrong one is 401, not 429.
            let other = try await Self.rawGet(port, "/api/v1/tasks", from: "127.0.0.3", authorization: "bearer \(admin)")
            #expect(other.status == 200, "\(other.head)")
            #expect(try await ServeTests.get(port, "/api/v1/tasks", token: admin).status == 200)
            #expect(try await ServeTests.get(port, "/api/v1/tasks", token: "kpb_wrong").status == 401)
        }
    }

    @Test func oversizeBodiesAreRefusedWith413ThatSaysSo() async throws {
        try await Self.withCrossAgencyCandidate { bridge, port, candidate in
            let admin = try bridge.store.tokens.create(name: "it", role: .admin, agencies: [], actor: "test", at: Timestamp(Date()))
            let big: [String: Any] = ["reason": String(repeating: "x", count: 3 << 20), "dryRun": true]
            let api = try await ServeTests.post(port, "/api/v1/conflicts/\(candidate.id)/accept", token: admin, big)
            #expect(api.status == 413 && api.header("Content-Type") == "application/problem+json")
            #expect(String(decoding: api.body, as: UTF8.self).contains("larger than the server accepts"))
            let page = try await WebUITests.send(port, "/dang-nhap")
            let pre = try #require(WebUITests.cookie(page, WebRoutes.loginCookie)).value
            let form = try await WebUITests.send(
                port, "/dang-nhap", cookies: [WebRoutes.loginCookie: pre], form: [("_csrf", pre), ("token", String(repeating: "a", count: 1_100_000))])
            #expect(form.status == 413 && String(decoding: form.body, as: UTF8.self).contains("Biểu mẫu quá lớn"))
        }
    }

    // MARK: Helpers

    /// Signs `token` in on the web: the session cookie and the page's CSRF token.
    static func signIn(_ port: Int, _ token: String) async throws -> (cookies: [String: String], csrf: String) {
        let page = try await WebUITests.send(port, "/dang-nhap")
        let pre = try #require(WebUITests.cookie(page, WebRoutes.loginCookie)).value
        let signedIn = try await WebUITests.send(port, "/dang-nhap", cookies: [WebRoutes.loginCookie: pre], form: [("_csrf", pre), ("token", token)])
        let session = try #require(WebUITests.cookie(signedIn, WebRoutes.sessionCookie)).value
        var home = try await WebUITests.send(port, "/", cookies: [WebRoutes.sessionCookie: session])
        // An officer's home is their own page.
        if let location = home.header("Location") { home = try await WebUITests.send(port, location, cookies: [WebRoutes.sessionCookie: session]) }
        return ([WebRoutes.sessionCookie: session], try #require(WebUITests.csrf(in: String(decoding: home.body, as: UTF8.self))))
    }

    /// A GET over a socket bound to `from` (another loopback address: another client), HTTP/1.1 with
    /// `Connection: close`; the status and the response head.
    /// One request from the client address `from`, on a thread of its own: a blocking socket read on the
    /// cooperative pool would hold one of its threads from the server it waits for.
    static func rawGet(_ port: Int, _ path: String, from: String, authorization: String) async throws -> (status: Int, head: String) {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try blockingGet(port, path, from: from, authorization: authorization) }) }.start()
        }
    }

    static func blockingGet(_ port: Int, _ path: String, from: String, authorization: String) throws -> (status: Int, head: String) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SocketFailure("socket") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        func address(_ ip: String, _ port: Int) -> sockaddr_in {
            var a = sockaddr_in()
            a.sin_family = sa_family_t(AF_INET)
            a.sin_port = in_port_t(UInt16(port).bigEndian)
            inet_pton(AF_INET, ip, &a.sin_addr)
            return a
        }
        var local = address(from, 0), remote = address("127.0.0.1", port)
        let size = socklen_t(MemoryLayout<sockaddr_in>.size)
        guard withUnsafePointer(to: &local, { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, size) } }) == 0 else { throw SocketFailure("bind \(from)") }
        guard withUnsafePointer(to: &remote, { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, size) } }) == 0 else { throw SocketFailure("connect") }
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: \(authorization)\r\nConnection: close\r\n\r\n"
        _ = request.withCString { send(fd, $0, strlen($0), 0) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            received += buffer[0..<n]
        }
        let text = String(decoding: received, as: UTF8.self)
        let head = text.components(separatedBy: "\r\n\r\n").first ?? ""
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        return (status, head)
    }

    struct SocketFailure: Error, CustomStringConvertible {
        let description: String
        init(_ what: String) { description = "\(what) failed: errno \(errno)" }
    }
}

extension ServeScopeTests {
    /// General points may be sent as a JSON number as well as decimal text; both are kept exactly as written.
    @Test func generalPointsAreTakenAsANumberOrAsText() async throws {
        try await Self.withCrossAgencyCandidate { bridge, port, _ in
            let admin = try bridge.store.tokens.create(name: "it", role: .admin, agencies: [], actor: "test", at: Timestamp(Date()))
            let number = try await ServeTests.post(port, "/api/v1/assessments", token: admin, ["items": [["officer": "cb-lan", "period": "2026-03", "generalPoints": 27.5]]])
            #expect(number.status == 200, "\(String(decoding: number.body, as: UTF8.self))")
            #expect(try bridge.store.scores.assessment(officer: "cb-lan", period: "2026-03")?.generalPoints == "27.5")
            let text = try await ServeTests.post(port, "/api/v1/assessments", token: admin, ["items": [["officer": "cb-lan", "period": "2026-03", "generalPoints": "28"]]])
            #expect(text.status == 200)
            #expect(try bridge.store.scores.assessment(officer: "cb-lan", period: "2026-03")?.generalPoints == "28")
        }
    }
}
