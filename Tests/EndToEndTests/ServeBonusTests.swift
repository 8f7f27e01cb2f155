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

/// The bonus under `serve`: a run is read by tokens that see the agency and made by its admins only; a refused
/// check answers 422 with its Vietnamese message; the page, the workbook and an officer's own line keep to the
/// token's agencies.
@Suite(.serialized)
struct ServeBonusTests {
    @Test func aRunIsReadByTheAgencyAndMadeByItsAdmins() async throws {
        let dir = try TemporaryDirectory()
        let bridge = try BonusLedgerTests.bridge(dir)
        let at = BonusLedgerTests.at
        _ = try bridge.importPayroll(
            file: try dir.write("payroll.csv", Array((BonusLedgerTests.payroll + "\ncb-hung,Phòng Công chức,2.10,7-12\n").utf8)), year: 2026, actor: "hr", at: at)
        try BonusLedgerTests.assess(bridge, "cb-dinh,2026,15,no\ncb-mai,2026,20,no\n")
        let clock = ServiceClock(now: { Date(timeIntervalSince1970: Double(at.millis) / 1000) }, sleep: { try await Task.sleep(for: $0) }, elapsed: { .zero })
        let service = try BridgeService(bridge: bridge, port: 0, schedule: false, clock: clock)
        let (port, server) = await ServeTests.start(service)
        defer { server.cancel() }
        let agency = BonusLedgerTests.agency
        let admin = try bridge.store.tokens.create(name: "to-chuc", role: .admin, agencies: [agency], actor: "test", at: at)
        let viewer = try bridge.store.tokens.create(name: "xem", role: .viewer, agencies: [agency], actor: "test", at: at)
        let otherAdmin = try bridge.store.tokens.create(name: "khac", role: .admin, agencies: ["000.00.14.H34"], actor: "test", at: at)
        let body: [String: Any] = ["agency": agency, "year": 2026]

        // The year is not closed: the check's message, 422.
        let open = try await ServeTests.post(port, "/api/v1/bonus/runs", token: admin, body)
        #expect(open.status == 422)
        #expect(String(decoding: open.body, as: UTF8.self).contains("Năm 2026 chưa khóa sổ"))
        _ = try bridge.closePeriod("2026", actor: "hr", at: at)

        #expect(try await ServeTests.post(port, "/api/v1/bonus/runs", token: viewer, body).status == 403)
        #expect(try await ServeTests.post(port, "/api/v1/bonus/runs", token: otherAdmin, body).status == 403)
        #expect(try await ServeTests.get(port, "/api/v1/bonus?agency=\(agency)&year=2026", token: viewer).status == 404)
        let made = try await ServeTests.post(port, "/api/v1/bonus/runs", token: admin, body)
        #expect(made.status == 201)
        #expect(try await ServeTests.post(port, "/api/v1/bonus/runs", token: admin, body).status == 200, "the same inputs: nothing new kept")
        #expect(try bridge.bonusRuns(agency: agency, year: 2026).map(\.actor) == ["api:to-chuc"])

        let read = try await ServeTests.get(port, "/api/v1/bonus?agency=\(agency)&year=2026", token: viewer)
        let answer = try #require(try ServeTests.json(read) as? [String: Any])
        let record = try #require(answer["record"] as? [String: Any])
        // Both answers as docs/openapi.yaml documents them.
        let spec = try #require(try Yams.load(yaml: String(contentsOfFile: "\(Fixtures.home)/docs/openapi.yaml", encoding: .utf8)) as? [String: Any])
        let schemas = try #require((spec["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let statement = try #require(schemas["BonusStatement"] as? [String: Any])
        let madeBody = try ServeTests.json(made)
        #expect(OpenAPITests.missing(answer, statement, schemas).isEmpty && OpenAPITests.missing(madeBody, statement, schemas).isEmpty)
        let recordSchema = try #require(schemas["BonusRecord"] as? [String: Any])
        #expect(OpenAPITests.missing(record, recordSchema, schemas).isEmpty)
        #expect(read.header("Content-Type")?.hasPrefix("application/json") == true)
        #expect((record["total"] as? Int) == 18_342_000 && (record["fund"] as? String) == "44797080")
        #expect((answer["notice"] as? String)?.contains("hạn chi là 31/01/2027") == true)
        #expect(try await ServeTests.get(port, "/api/v1/bonus?agency=\(agency)&year=2026", token: otherAdmin).status == 403)
        #expect(try await ServeTests.get(port, "/api/v1/bonus?year=2026", token: viewer).status == 400)

        // The page: the agency's own viewer sees the list; another agency's token finds no such agency.
        let web = try await ServeScopeTests.signIn(port, viewer)
        let page = try await WebUITests.send(port, "/thuong?co-quan=\(agency)&nam=2026", cookies: web.cookies)
        let html = String(decoding: page.body, as: UTF8.self)
        #expect(page.status == 200 && html.contains("Danh sách đề nghị thưởng") && html.contains("5.060.000 đ") && html.contains("hạn chi là 31/01/2027"))
        #expect(!html.contains("Kiểm tra và lập danh sách"), "a viewer cannot run")
        let workbook = try await WebUITests.send(port, "/thuong/tai-ve?co-quan=\(agency)&nam=2026", cookies: web.cookies)
        #expect(workbook.status == 200 && workbook.body.starts(with: Array("PK".utf8)))
        let officer = try await WebUITests.send(port, "/can-bo?ma=cb-mai&ky=2026", cookies: web.cookies)
        #expect(String(decoding: officer.body, as: UTF8.self).contains("Thưởng năm 2026"))
        let other = try await ServeScopeTests.signIn(port, otherAdmin)
        #expect(try await WebUITests.send(port, "/thuong?co-quan=\(agency)&nam=2026", cookies: other.cookies).status == 404)
        #expect(try await WebUITests.send(port, "/thuong/tai-ve?co-quan=\(agency)&nam=2026", cookies: other.cookies).status == 404)
        let refused = try await WebUITests.send(
            port, "/thuong/lap", method: "POST", cookies: other.cookies, form: [("_csrf", other.csrf), ("co-quan", agency), ("nam", "2026")])
        #expect(refused.status == 404)

        // The agency's admin runs from the page.
        let hr = try await ServeScopeTests.signIn(port, admin)
        let ran = try await WebUITests.send(port, "/thuong/lap", method: "POST", cookies: hr.cookies, form: [("_csrf", hr.csrf), ("co-quan", agency), ("nam", "2026")])
        #expect(ran.status == 200 && String(decoding: ran.body, as: UTF8.self).contains("danh sách giữ nguyên"))
    }
}
