import BridgeApp
import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeServer
import BridgeSources
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

/// A running service uses a mapping an operator fixed: the next dry run, replay or pass loads it (an edit without a
/// new version is refused, naming the file), and the sources page names the version in use.
@Suite(.serialized)
struct MappingReloadTests {
    @Test func aFixedMappingIsUsedByTheRunningServiceWithoutARestart() async throws {
        let dir = try TemporaryDirectory()
        let pages = try ReplayTests.writePages(dir, pages: 1, perPage: 5)
        let bridge = try ReplayTests.bridge(dir, database: "l.sqlite", version: 1, broken: true)
        let (first, _) = try bridge.importFiles(pages, source: "tool")
        #expect(first.deadLetters == 5)
        let token = try bridge.store.tokens.create(name: "ops", role: .operator, agencies: [], actor: "test", at: Timestamp(Date()))
        let service = try BridgeService(bridge: bridge, port: 0, schedule: false)
        let (port, server) = await ServeTests.start(service)
        defer { server.cancel() }
        func dryRun() async throws -> (status: Int, body: String) {
            let answer = try await ServeTests.post(port, "/api/v1/dead-letters/replay", token: token, ["source": "tool", "dryRun": true])
            return (answer.status, String(decoding: answer.body, as: UTF8.self))
        }
        let before = try await dryRun()
        #expect(before.status == 200 && !before.body.contains("\"resolved\":true"))

        // Edited without a new version: refused, naming the file; the mapping in use stays.
        try ReplayTests.mapping(version: 1, broken: false).write(toFile: dir.file("tool.yml"), atomically: true, encoding: .utf8)
        let unversioned = try await dryRun()
        #expect(unversioned.status == 400 && unversioned.body.contains("raise its version"), "\(unversioned.body)")

        // The fix as version 2: the dry run finds every record mapped now, and the version is in use.
        try ReplayTests.mapping(version: 2, broken: false).write(toFile: dir.file("tool.yml"), atomically: true, encoding: .utf8)
        let fixed = try await dryRun()
        #expect(fixed.status == 200 && !fixed.body.contains("\"resolved\":false"), "\(fixed.body)")
        #expect(bridge.sources["tool"]?.mapping.version == 2)
    }
}

extension MappingReloadTests {
    /// A pass loads its own source's mapping again: one mapping broken by an edit stops its source's passes, with
    /// the file named, and no other source's.
    @Test func aBrokenEditStopsOnlyItsOwnSource() async throws {
        let dir = try TemporaryDirectory()
        let mapping = try String(contentsOfFile: "\(Fixtures.home)/Mappings/party-tasks.yml", encoding: .utf8)
        for name in ["a", "b"] { try mapping.write(toFile: dir.file("\(name).yml"), atomically: true, encoding: .utf8) }
        let config = try dir.write("kpibridge.yml", Array("""
            sources:
              - { id: a, kind: json-pages, baseURL: "http://127.0.0.1:9/party/", mapping: a.yml, block: party, attempts: 1, timeout: 5 }
              - { id: b, kind: json-pages, baseURL: "http://127.0.0.1:9/party/", mapping: b.yml, block: party, attempts: 1, timeout: 5 }
            """.utf8))
        let bridge = try Bridge(configuration: try BridgeConfiguration.load(file: config), databasePath: dir.file("l.sqlite"))
        let service = try BridgeService(bridge: bridge, port: 0, schedule: false)
        try "id: [unclosed".write(toFile: dir.file("a.yml"), atomically: true, encoding: .utf8)
        let a = await #expect(throws: (any Error).self) { try await service.gate.sync("a") }
        #expect("\(a.map { "\($0)" } ?? "")".contains("a.yml"))
        // b's pass goes on (it fails only on the unreachable address, not on a's mapping).
        let b = try await service.gate.sync("b")
        #expect(!(b.failure ?? "").contains("a.yml"), "\(b.failure ?? "")")
        #expect(await service.board.state("a")?.failuresInRow == 1)
    }
}
