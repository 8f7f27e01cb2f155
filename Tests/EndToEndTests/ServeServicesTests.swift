import BridgeApp
import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeSources
@testable import BridgeServer
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

/// The one-stop centre under `serve`: `/api/v1/services` gives the same numbers as `services report`, limited to
/// the token's agencies, and the web page `/mot-cua` and an officer's page show them in Vietnamese.
@Suite(.serialized)
struct ServeServicesTests {
    /// The provincial sample (agency 000.00.12.H34) and a portal dossier of another agency (000.00.99.H34).
    static func withDossiers(_ body: (Bridge, Int, Timestamp) async throws -> Void) async throws {
        let dir = try TemporaryDirectory()
        let bridge = try DossierLedgerTests.bridge(dir)
        _ = try bridge.importFiles(["\(Fixtures.home)/Samples/motcua/page-1.json"], source: "motcua")
        let other = """
            {"session":"s","madonvi":"000.00.99.H34","service":"DongBoHoSoMC","data":[
             {"MaHoSo":"000.00.99.H34-261203-0042","MaTTHC":"1.000001","NgayTiepNhan":"20261203080000","NgayHenTra":"20261204170000","TrangThaiHoSo":"4"}]}
            """
        _ = try bridge.importFiles([try dir.write("other.json", Array(other.utf8))], source: "dvcqg")
        let frozen = Date()
        let service = try BridgeService(bridge: bridge, port: 0, schedule: false, clock: ServiceClock(now: { frozen }, sleep: { try await Task.sleep(for: $0) }, elapsed: { .zero }))
        let (port, server) = await ServeTests.start(service)
        defer { server.cancel() }
        try await body(bridge, port, Timestamp(frozen))
    }

    static func dossiers(_ response: HTTPResponse) throws -> Int {
        let body = try #require(try ServeTests.json(response) as? [String: Any])
        let total = try #require((body["report"] as? [String: Any])?["total"] as? [String: Any])
        return try #require((total["counts"] as? [String: Any])?["dossiers"] as? Int)
    }

    @Test func theAPIGivesTheReportsNumbersInTheTokensAgenciesOnly() async throws {
        try await Self.withDossiers { bridge, port, now in
            let at = now
            let all = try bridge.store.tokens.create(name: "all", role: .viewer, agencies: [], actor: "test", at: at)
            let one = try bridge.store.tokens.create(name: "one", role: .viewer, agencies: ["000.00.12.H34"], actor: "test", at: at)
            let other = try bridge.store.tokens.create(name: "other", role: .viewer, agencies: ["000.00.99.H34"], actor: "test", at: at)
            let path = "/api/v1/services?period=2026-12"
            #expect(try Self.dossiers(try await ServeTests.get(port, path, token: all)) == 3)
            #expect(try Self.dossiers(try await ServeTests.get(port, path, token: one)) == 2)
            #expect(try Self.dossiers(try await ServeTests.get(port, path, token: other)) == 1)
            #expect(try await ServeTests.get(port, path + "&agency=000.00.12.H34", token: other).status == 403)
            #expect(try await ServeTests.get(port, path, token: nil).status == 401)
            #expect(try await ServeTests.get(port, "/api/v1/services?period=2026-13", token: all).status == 400)
            // The same JSON as `services report --format json` at the service's time.
            let answer = try await ServeTests.get(port, path + "&agency=000.00.12.H34", token: all)
            let cli = try ServiceFormatter.render(
                try bridge.serviceOverview(period: DossierLedgerTests.december, agencies: ["000.00.12.H34"], at: now), as: .json)
            #expect(String(decoding: answer.body, as: UTF8.self) == cli)
        }
    }

    @Test func theWebPageAndAnOfficersPageShowTheDossiers() async throws {
        try await Self.withDossiers { bridge, port, _ in
            let one = try bridge.store.tokens.create(name: "one", role: .viewer, agencies: ["000.00.12.H34"], actor: "test", at: Timestamp(Date()))
            let web = try await ServeScopeTests.signIn(port, one)
            let page = try await WebUITests.send(port, "/mot-cua?ky=2026-12", cookies: web.cookies)
            let html = String(decoding: page.body, as: UTF8.self)
            #expect(page.status == 200)
            #expect(html.contains("Tỷ lệ đúng hạn theo đơn vị") && html.contains("mục tiêu 95,0 %") && html.contains("50,0 %"))
            #expect(html.contains("Bước xử lý trễ hạn theo cán bộ") && html.contains("motcua:MC-0004"))
            #expect(!html.contains("000.00.99.H34"))
            // The officer who held the late appraisal step sees it beside their tasks.
            let officer = try await WebUITests.send(port, "/can-bo?ma=motcua:MC-0002&ky=2026-12", cookies: web.cookies)
            let officerHTML = String(decoding: officer.body, as: UTF8.self)
            #expect(officer.status == 200)
            #expect(officerHTML.contains("Các bước xử lý hồ sơ thủ tục hành chính") && officerHTML.contains("000.00.12.H34-261202-0001"))
            #expect(officerHTML.contains("Thẩm định"))
        }
    }
}
