import BridgeApp
import BridgeLedger
import BridgeModel
@testable import BridgeServer
import BridgeSources
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

/// Workload and staffing under `serve`: the API and the web pages give the agencies the token may see, and an
/// officer's page shows their hours.
@Suite(.serialized)
struct ServeWorkloadTests {
    @Test func theAPIAndThePagesKeepToTheTokensAgencies() async throws {
        let dir = try TemporaryDirectory()
        let bridge = try WorkloadImportTests.bridge(dir)
        let (people, agencies) = try DirectoryFile.load(try dir.write("directory2.yml", Array("""
            officers:
              - { id: cb-lan, name: Nguyễn Thị Lan, agency: 000.00.12.H34, unit: Phòng Công chức, accounts: { email: [ lan.nt@khanhhoa.gov.vn ] } }
              - { id: cb-tuan, name: Phạm Minh Tuấn, agency: 000.00.14.H34, unit: Phòng Ngân sách, accounts: { email: [ tuan.pm@khanhhoa.gov.vn ] } }
            """.utf8)))
        try bridge.importDirectory(people, agencies: agencies, origin: "directory2.yml", actor: "test", at: WorkloadImportTests.at)
        _ = try bridge.importFiles(try Fixtures.eofficeSamples(), source: "eoffice")
        _ = try WorkloadImportTests.importing(bridge, dir, .positions, WorkloadImportTests.positions)
        _ = try WorkloadImportTests.importing(bridge, dir, .assignments, "cb-lan,CV,2025-01-01,\n")
        let types = Set(try bridge.store.tasks.list(TaskFilter()).compactMap(\.productType)).sorted()
        _ = try WorkloadImportTests.importing(bridge, dir, .standardTimes, types.map { "\($0),,4,2025-01-01" }.joined(separator: "\n"))
        let frozen = Date()
        let service = try BridgeService(bridge: bridge, port: 0, schedule: false, clock: ServiceClock(now: { frozen }, sleep: { try await Task.sleep(for: $0) }, elapsed: { .zero }))
        let (port, server) = await ServeTests.start(service)
        defer { server.cancel() }
        let at = Timestamp(frozen)
        let all = try bridge.store.tokens.create(name: "all", role: .viewer, agencies: [], actor: "test", at: at)
        let one = try bridge.store.tokens.create(name: "one", role: .viewer, agencies: ["000.00.12.H34"], actor: "test", at: at)

        func officers(_ path: String, _ token: String) async throws -> [String] {
            let body = try #require(try ServeTests.json(try await ServeTests.get(port, path, token: token)) as? [String: Any])
            return (body["officers"] as? [[String: Any]] ?? []).compactMap { $0["officer"] as? String }
        }
        #expect(try await officers("/api/v1/workload?period=2026-03", all) == ["cb-lan", "cb-tuan"])
        #expect(try await officers("/api/v1/workload?period=2026-03", one) == ["cb-lan"])
        #expect(try await ServeTests.get(port, "/api/v1/workload?period=2026-03&agency=000.00.14.H34", token: one).status == 403)
        let staffing = try #require(try ServeTests.json(try await ServeTests.get(port, "/api/v1/staffing?period=2026-03", token: one)) as? [String: Any])
        #expect((staffing["units"] as? [[String: Any]])?.compactMap { $0["unit"] as? String } == ["000.00.12.H34/Phòng Công chức"])
        #expect((staffing["model"] as? String)?.hasPrefix("Reference model") == true)
        #expect(try await ServeTests.get(port, "/api/v1/staffing?period=2026-03&agency=000.00.14.H34", token: one).status == 403)

        let web = try await ServeScopeTests.signIn(port, one)
        let page = try await WebUITests.send(port, "/khoi-luong?ky=2026-03", cookies: web.cookies)
        let html = String(decoding: page.body, as: UTF8.self)
        #expect(page.status == 200 && html.contains("Mô hình tham khảo") && html.contains("Nguyễn Thị Lan") && !html.contains("Phạm Minh Tuấn"))
        #expect(html.contains("Theo cơ quan") && !html.contains("000.00.14.H34"))
        let staffingPage = try await WebUITests.send(port, "/bien-che?ky=2026-03", cookies: web.cookies)
        let staffingHTML = String(decoding: staffingPage.body, as: UTF8.self)
        #expect(staffingPage.status == 200 && staffingHTML.contains("Biên chế giao và biên chế cần") && !staffingHTML.contains("Phòng Ngân sách"))
        let officer = try await WebUITests.send(port, "/can-bo?ma=cb-lan&ky=2026-03", cookies: web.cookies)
        #expect(String(decoding: officer.body, as: UTF8.self).contains("Giờ minh chứng"))
    }
}
