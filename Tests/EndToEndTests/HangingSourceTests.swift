import BridgeApp
import BridgeDemo
import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeServer
import BridgeSimulator
import BridgeSources
import BridgeTestSupport
import BridgeTesting
import Foundation
import Glibc
import Testing

/// Every source on its own: beside a vendor API that accepts connections and never answers, every other source
/// keeps its interval, the projector keeps running and an admin's decision through the API comes back at once.
@Suite(.serialized)
struct HangingSourceTests {
    /// A TCP server on loopback that accepts connections (the kernel completes them) and never answers.
    final class SilentServer: Sendable {
        let fd: Int32
        let port: Int

        init() throws {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            self.fd = fd
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = 0
            inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
            let size = socklen_t(MemoryLayout<sockaddr_in>.size)
            guard withUnsafePointer(to: &address, { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, size) } }) == 0,
                listen(fd, 64) == 0
            else { throw ServeScopeTests.SocketFailure("listen") }
            var bound = sockaddr_in()
            var length = size
            _ = withUnsafeMutablePointer(to: &bound) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
            self.port = Int(UInt16(bigEndian: bound.sin_port))
        }

        deinit { close(fd) }
    }

    @Test func aHangingSourceDelaysNoOtherSourceNoProjectorAndNoDecision() async throws {
        let silent = try SilentServer()
        let world = SimulatedWorld(scale: 12, seed: 5)
        let (simPort, _, simTask) = try await SimulatorSetup.start(world: world)
        defer { simTask.cancel() }
        let dir = try TemporaryDirectory()
        var configuration = try SimulatorSetup.configuration(port: simPort, home: Fixtures.home)
        let interval = 2
        for i in configuration.sources.indices { configuration.sources[i].interval = interval }
        var stuck = BridgeConfiguration.Source(
            id: "stuck", kind: "json-pages", mapping: "Mappings/party-tasks.yml", block: .party, agency: nil,
            baseURL: URL(string: "http://127.0.0.1:\(silent.port)/party/"), interval: interval)
        stuck.timeout = 600
        stuck.attempts = 1
        configuration.sources.append(stuck)
        let bridge = try Bridge(configuration: configuration, databasePath: dir.file("l.sqlite"))
        let admin = try bridge.store.tokens.create(name: "it", role: .admin, agencies: [], actor: "test", at: Timestamp(Date()))
        let service = try BridgeService(bridge: bridge, port: 0, environment: SimulatorSetup.environment)
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let running = Task { try await service.run(onStarted: { continuation.yield($0); continuation.finish() }) }
        var port = 0
        for await bound in stream { port = bound }

        // While the hanging source's first pass waits out its 600 s timeout, every other source keeps syncing: each
        // succeeds after the hanging pass began (were passes to share one turn, none would until it timed out).
        // Counted, not timed, so a machine loaded by the rest of the suite slows the passes but cannot fail the test;
        // in a run of its own every source succeeds again within about two intervals.
        let others = configuration.sources.map(\.id).filter { $0 != "stuck" }
        var successes: [String: Set<Int64>] = [:]
        let start = Date()
        while Date().timeIntervalSince(start) < 120, others.contains(where: { (successes[$0]?.count ?? 0) < 2 }) {
            if let began = await service.board.state("stuck").flatMap({ $0.running ? $0.lastRun : nil }) {
                for state in await service.board.all() where others.contains(state.source) {
                    if let success = state.lastSuccess, success > began { successes[state.source, default: []].insert(success.millis) }
                }
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        #expect(others.allSatisfy { (successes[$0]?.count ?? 0) >= 2 }, "successes after the hanging pass began: \(successes.mapValues(\.count))")
        let stuckState = await service.board.state("stuck")
        #expect(stuckState?.running == true && stuckState?.lastSuccess == nil)
        // Its health says so once three intervals have passed without a success: failing, its pass in flight.
        let waited = Date().timeIntervalSince(start)
        if waited < Double(3 * interval + 2) { try await Task.sleep(for: .seconds(Double(3 * interval + 2) - waited)) }
        let sources = try ServeTests.json(try await ServeTests.get(port, "/api/v1/sources", token: admin)) as! [[String: Any]]
        let stuckHealth = try #require(sources.first { $0["source"] as? String == "stuck" })
        #expect(stuckHealth["failing"] as? Bool == true && (stuckHealth["passSeconds"] as? Double ?? 0) > Double(2 * interval), "\(stuckHealth)")

        // The service is ready (the projector runs) and an admin's write through the API returns at once.
        let ready = try await ServeTests.get(port, "/readyz")
        #expect(ready.status == 200)
        let officer = try #require(try bridge.store.tasks.list(TaskFilter()).compactMap(\.mainHandler?.officerKey).first)
        let clock = ContinuousClock()
        let began = clock.now
        let assessed = try await ServeTests.post(
            port, "/api/v1/assessments", token: admin, ["items": [["officer": officer, "period": "2026-03", "generalPoints": "28"]]])
        let took = clock.now - began
        #expect(assessed.status == 200, "\(String(decoding: assessed.body, as: UTF8.self))")
        #expect(took < .seconds(30), "an admin write took \(took) beside a hanging source")

        running.cancel()
        _ = await running.result
        // What the other sources synced equals the simulator's truth: nothing lost to the hanging one.
        #expect(try UnifiedTask.listJSON(bridge.store.tasks.list(TaskFilter())) == UnifiedTask.listJSON(SimulatorTruth.tasks(world)))
    }
}

extension HangingSourceTests {
    /// Under `serve` a source's client lives as long as the service: five failed passes open its breaker, and the
    /// next pass is refused by it without a request (a client made afresh each pass would never open).
    @Test func aBreakerOpenedOnOnePassIsStillOpenOnTheNext() async throws {
        let dir = try TemporaryDirectory()
        let config = try dir.write("kpibridge.yml", Array("""
            sources:
              - { id: tool, kind: json-pages, baseURL: "http://127.0.0.1:9/party/", mapping: \(Fixtures.home)/Mappings/party-tasks.yml, block: party, attempts: 1, timeout: 5 }
            """.utf8))
        let bridge = try Bridge(configuration: try BridgeConfiguration.load(file: config), databasePath: dir.file("l.sqlite"))
        let service = try BridgeService(bridge: bridge, port: 0, schedule: false)
        var last = PollSummary(source: "tool")
        for _ in 0..<6 { last = try await service.gate.sync("tool") }
        #expect(last.circuit == "open" && last.requests == 0, "\(last)")
        #expect(last.failure?.contains("circuit open") == true, "\(last.failure ?? "")")
    }
}
