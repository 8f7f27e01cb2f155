import BridgeApp
import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeServer
import BridgeSources
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
