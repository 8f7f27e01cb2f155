import BridgeApp
import BridgeDemo
import BridgeLedger
import BridgeModel
import BridgeServer
import BridgeSimulator
import BridgeSources
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

/// `serve`'s API over real HTTP: tokens and roles, agency scope by filter and by id, problem details, `sync now`,
/// and the schedulers syncing every source by themselves until the service is stopped.
@Suite(.serialized)
struct ServeTests {
    static func get(_ port: Int, _ path: String, token: String? = nil, method: String = "GET") async throws -> HTTPResponse {
        var request = HTTPRequest(method: method, url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        if let token { request.headers["Authorization"] = "Bearer \(token)" }
        return try await URLSessionTransport().send(request, timeout: .seconds(120), maxBytes: 64 << 20)
    }

    static func json(_ response: HTTPResponse) throws -> Any { try JSONSerialization.jsonObject(with: response.body) }

    /// Runs `service`'s API on a free port; cancel the task to stop it.
    static func start(_ service: BridgeService) async -> (port: Int, server: Task<Void, any Error>) {
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = Task { try await service.runAPI(onStarted: { continuation.yield($0); continuation.finish() }) }
        var port = 0
        for await bound in stream { port = bound }
        return (port, server)
    }

    /// A bridge synced once against a simulator, its API server on a free port, and `body` run against both.
    static func withServer(_ body: (Bridge, Int, Int) async throws -> Void) async throws {
        let world = SimulatedWorld(scale: 24, seed: 7)
        let (simPort, _, simTask) = try await SimulatorSetup.start(world: world)
        defer { simTask.cancel() }
        let dir = try TemporaryDirectory()
        let bridge = try Bridge(configuration: try SimulatorSetup.configuration(port: simPort, home: Fixtures.home), databasePath: dir.file("l.sqlite"))
        _ = try await bridge.sync(environment: SimulatorSetup.environment)
        let service = try BridgeService(bridge: bridge, port: 0, schedule: false, environment: SimulatorSetup.environment)
        let (port, server) = await ServeTests.start(service)
        defer { server.cancel() }
        try await body(bridge, port, simPort)
    }

    @Test func tokensRolesAndAgencyScope() async throws {
        try await Self.withServer { bridge, port, _ in
            let at = Timestamp(Date())
            let admin = try bridge.store.tokens.create(name: "it", role: .admin, agencies: [], actor: "test", at: at)
            let agency = try #require(try bridge.store.tasks.list(TaskFilter()).compactMap(\.agency).first)
            let viewer = try bridge.store.tokens.create(name: "so-viewer", role: .viewer, agencies: [agency], actor: "test", at: at)
            let op = try bridge.store.tokens.create(name: "ops", role: .operator, agencies: [], actor: "test", at: at)
            #expect(try bridge.store.tokens.list().map(\.name) == ["it", "ops", "so-viewer"])

            #expect(try await Self.get(port, "/healthz").status == 200)
            let anonymous = try await Self.get(port, "/api/v1/tasks")
            #expect(anonymous.status == 401 && anonymous.header("Content-Type") == "application/problem+json")
            #expect((try Self.json(anonymous) as? [String: Any])?["detail"] as? String == "a token is needed: Authorization: Bearer <token> (kpibridge token create)")
            #expect(try await Self.get(port, "/api/v1/tasks", token: "kpb_wrong").status == 401)
            #expect(anonymous.header("X-Content-Type-Options") == "nosniff")

            // The admin sees every task; the agency's viewer only that agency's, by list and by id.
            let all = try Self.json(try await Self.get(port, "/api/v1/tasks?limit=1000", token: admin)) as! [String: Any]
            let scoped = try Self.json(try await Self.get(port, "/api/v1/tasks?limit=1000", token: viewer)) as! [String: Any]
            let allItems = all["items"] as! [[String: Any]], scopedItems = scoped["items"] as! [[String: Any]]
            let count = try bridge.store.tasks.list(TaskFilter()).count
            #expect(all["total"] as? Int == count)
            #expect(!scopedItems.isEmpty && scopedItems.count < allItems.count && scopedItems.allSatisfy { $0["agency"] as? String == agency })
            let other = try #require(allItems.first { $0["agency"] as? String != agency }?["key"] as? String)
            let encoded = other.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            #expect(try await Self.get(port, "/api/v1/tasks/\(encoded)", token: admin).status == 200)
            #expect(try await Self.get(port, "/api/v1/tasks/\(encoded)", token: viewer).status == 404)
            let otherAgency = try #require(allItems.compactMap { $0["agency"] as? String }.first { $0 != agency })
            #expect(try await Self.get(port, "/api/v1/tasks?agency=\(otherAgency)", token: viewer).status == 403)

            // Scores: the viewer's agency only; a bad period is a problem naming it.
            let scores = try Self.json(try await Self.get(port, "/api/v1/scores?period=2026", token: viewer)) as! [String: Any]
            #expect((scores["officers"] as! [[String: Any]]).allSatisfy { $0["agency"] as? String == agency })
            let bad = try await Self.get(port, "/api/v1/scores?period=March", token: viewer)
            #expect(bad.status == 400 && String(decoding: bad.body, as: UTF8.self).contains("period 'March'"))

            // Sync now: an operator may, a viewer may not.
            #expect(try await Self.get(port, "/api/v1/sources/party/sync", token: viewer, method: "POST").status == 403)
            let synced = try await Self.get(port, "/api/v1/sources/party/sync", token: op, method: "POST")
            let answer = try Self.json(synced) as? [String: Any]
            #expect(synced.status == 200 && answer?["source"] as? String == "party")
            let sources = try Self.json(try await Self.get(port, "/api/v1/sources", token: admin)) as! [[String: Any]]
            #expect(sources.first { $0["source"] as? String == "party" }?["lastSuccess"] != nil)
            // A viewer of one agency sees that agency's sources only.
            let seen = try Self.json(try await Self.get(port, "/api/v1/sources", token: viewer)) as! [[String: Any]]
            #expect(seen.allSatisfy { bridge.agency(ofSource: $0["source"] as! String) == agency })
            #expect(try await Self.get(port, "/api/v1/sources/nowhere/sync", token: op, method: "POST").status == 404)

            // Metrics: the sync just run, requests by route and status, the projector's queues, each source's lag.
            let metrics = String(decoding: try await Self.get(port, "/metrics").body, as: UTF8.self)
            #expect(metrics.contains(#"kpibridge_syncs_total{source="party",outcome="ok"} 1"#))
            #expect(metrics.contains(#"kpibridge_http_requests_total{route="/api/v1/tasks/{key}",status="404"} 1"#))
            #expect(metrics.contains(#"kpibridge_projector_queue{queue="tasks"} 0"#))
            #expect(metrics.contains(#"kpibridge_source_lag_seconds{source="party"}"#))
        }
    }

    @Test func theSchedulersSyncEverySourceByThemselvesUntilStopped() async throws {
        let world = SimulatedWorld(scale: 12, seed: 5)
        let (simPort, _, simTask) = try await SimulatorSetup.start(world: world)
        defer { simTask.cancel() }
        let dir = try TemporaryDirectory()
        let bridge = try Bridge(configuration: try SimulatorSetup.configuration(port: simPort, home: Fixtures.home), databasePath: dir.file("l.sqlite"))
        let service = try BridgeService(bridge: bridge, port: 0, environment: SimulatorSetup.environment)
        let running = Task { try await service.run() }
        var done = false
        for _ in 0..<120 where !done {
            try await Task.sleep(for: .milliseconds(250))
            done = await service.board.all().allSatisfy { $0.lastSuccess != nil }
        }
        running.cancel()
        _ = await running.result
        #expect(done, "not every source was synced by its scheduler")
        #expect(try UnifiedTask.listJSON(bridge.store.tasks.list(TaskFilter())) == UnifiedTask.listJSON(SimulatorTruth.tasks(world)))
    }

    @Test(arguments: [(60.0, 0, 60.0), (60.0, 1, 120.0), (60.0, 3, 480.0), (60.0, 10, 3_600.0), (7_200.0, 2, 7_200.0)])
    func aFailingSourceWaitsLongerUpToAnHour(interval: Double, failures: Int, expected: Double) {
        #expect(SourceScheduler.delay(interval: interval, failures: failures, jitter: 0) == expected)
    }
}

extension ServeTests {
    /// SIGTERM while `serve` is syncing: it stops cleanly (exit 0), and a later sync completes the ledger to the
    /// simulator's truth — nothing lost, nothing counted twice.
    @Test func sigtermDuringASyncLosesAndDuplicatesNothing() async throws {
        let world = SimulatedWorld(scale: 60, seed: 9)
        let (simPort, _, simTask) = try await SimulatorSetup.start(world: world, faults: try FaultPlan("slow:0.3"), seed: 4)
        defer { simTask.cancel() }
        let dir = try TemporaryDirectory()
        let config = try dir.write("kpibridge.yml", Array(SimulatorSetup.configYAML(port: simPort, home: Fixtures.home).utf8))
        let ledger = dir.file("l.sqlite")
        let token = try Bridge(configuration: try BridgeConfiguration.load(file: config), databasePath: ledger)
            .store.tokens.create(name: "test", role: .viewer, agencies: [], actor: "test", at: Timestamp(Date()))

        let process = Process()
        process.executableURL = URL(fileURLWithPath: try CommandRunner.executable)
        process.arguments = ["serve", "--port", "0", "--config", config, "--database", "sqlite:\(ledger)"]
        process.environment = ProcessInfo.processInfo.environment.merging(SimulatorSetup.environment) { $1 }
        let output = dir.file("serve.out")
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.interrupt() } }

        // Wait for the port, then for a pass under way with something committed.
        var port: Int?
        for _ in 0..<100 where port == nil {
            try await Task.sleep(for: .milliseconds(100))
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            if let range = text.range(of: "127.0.0.1:") { port = Int(text[range.upperBound...].prefix { $0.isNumber }) }
        }
        let bound = try #require(port)
        var busy = false
        for _ in 0..<300 where !busy {
            try await Task.sleep(for: .milliseconds(100))
            let sources = try Self.json(try await Self.get(bound, "/api/v1/sources", token: token)) as? [[String: Any]] ?? []
            busy = sources.contains { $0["running"] as? Bool == true }
        }
        #expect(busy, "no pass was under way to interrupt")
        process.terminate()  // SIGTERM
        // Waited for without blocking a thread: the simulator the process is talking to runs on this pool.
        for _ in 0..<600 where process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        #expect(!process.isRunning, "serve did not stop within a minute of SIGTERM")
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        #expect(try String(contentsOfFile: output, encoding: .utf8).contains("stopped"))

        let bridge = try Bridge(configuration: try BridgeConfiguration.load(file: config), databasePath: ledger)
        for _ in 0..<3 { _ = try await bridge.sync(environment: SimulatorSetup.environment) }
        #expect(try UnifiedTask.listJSON(bridge.store.tasks.list(TaskFilter())) == UnifiedTask.listJSON(SimulatorTruth.tasks(world)))
    }
}

extension ServeTests {
    static func post(_ port: Int, _ path: String, token: String, _ body: [String: Any]) async throws -> HTTPResponse {
        let request = HTTPRequest(
            method: "POST", url: URL(string: "http://127.0.0.1:\(port)\(path)")!,
            headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"], body: try JSONSerialization.data(withJSONObject: body))
        return try await URLSessionTransport().send(request, timeout: .seconds(120), maxBytes: 64 << 20)
    }

    /// An admin settles a disagreement through the API — dry run first — in the token's name; a viewer cannot,
    /// an admin of another agency does not even see it; dead letters are an operator's, across agencies.
    @Test func decisionsAndDeadLettersThroughTheAPI() async throws {
        let dir = try TemporaryDirectory()
        let bridge = try ReconciliationTests.bridge(dir)
        try ReconciliationTests.importPage(bridge, dir, source: "ioffice", [ReconciliationTests.ioffice()])
        let at = Timestamp(Date())
        let admin = try bridge.store.tokens.create(name: "lan", role: .admin, agencies: ["000.00.12.H34"], actor: "test", at: at)
        let elsewhere = try bridge.store.tokens.create(name: "other", role: .admin, agencies: ["000.00.14.H34"], actor: "test", at: at)
        let viewer = try bridge.store.tokens.create(name: "v", role: .viewer, agencies: [], actor: "test", at: at)
        let operatorToken = try bridge.store.tokens.create(name: "ops", role: .operator, agencies: [], actor: "test", at: at)
        let service = try BridgeService(bridge: bridge, port: 0, schedule: false)
        let (port, server) = await ServeTests.start(service)
        defer { server.cancel() }

        let status = try #require(try bridge.conflicts(.init(kind: .disagreement)).first { $0.subject == "status" })
        let shown = try Self.json(try await Self.get(port, "/api/v1/conflicts/\(status.id)", token: viewer)) as! [String: Any]
        #expect((shown["impacts"] as! [[String: Any]]).map { $0["option"] as! String } == ["accept as shown", "choose eoffice", "choose ioffice"])
        #expect(try await Self.get(port, "/api/v1/conflicts/\(status.id)", token: elsewhere).status == 404)

        let path = "/api/v1/conflicts/\(status.id)/choose"
        let choice: [String: Any] = ["field": "status", "source": "ioffice", "reason": "closed in iOffice"]
        #expect(try await Self.post(port, path, token: viewer, choice).status == 403)
        #expect(try await Self.post(port, path, token: elsewhere, choice).status == 404)
        let noReason = try await Self.post(port, path, token: admin, ["field": "status", "source": "ioffice"])
        #expect(noReason.status == 422 && String(decoding: noReason.body, as: UTF8.self).contains("needs --reason"))
        let dry = try Self.json(try await Self.post(port, path, token: admin, choice.merging(["dryRun": true]) { $1 })) as! [String: Any]
        #expect(dry["recorded"] as? Bool == false && !(dry["scores"] as! [Any]).isEmpty)
        #expect(try bridge.store.reconcile.decisions().isEmpty)
        let done = try Self.json(try await Self.post(port, path, token: admin, choice)) as! [String: Any]
        #expect(done["recorded"] as? Bool == true && done["sequence"] as? Int == 1)
        #expect(try bridge.store.reconcile.decisions().first?.actor == "api:lan")
        #expect(try bridge.conflict(status.id).state == .resolved)

        #expect(try await Self.get(port, "/api/v1/dead-letters", token: viewer).status == 403)
        #expect(try await Self.get(port, "/api/v1/dead-letters", token: admin).status == 403)  // limited to an agency
        let letters = try await Self.get(port, "/api/v1/dead-letters", token: operatorToken)
        let listed = try Self.json(letters) as? [Any]
        #expect(letters.status == 200 && listed != nil)
        let replay = try await Self.post(port, "/api/v1/dead-letters/replay", token: operatorToken, [:])
        #expect(replay.status == 400)
    }
}

extension ServeTests {
    /// `serve --log-format json`: a source that cannot be reached is logged as one JSON object per line, naming
    /// the source; the process still stops cleanly on SIGTERM.
    @Test func jsonLogsNameTheFailingSource() async throws {
        let dir = try TemporaryDirectory()
        let config = try dir.write("kpibridge.yml", Array("""
            sources:
              - { id: party, kind: json-pages, baseURL: "http://127.0.0.1:9/party/", mapping: \(Fixtures.home)/Mappings/party-tasks.yml, block: party, attempts: 1, timeout: 2 }
            """.utf8))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try CommandRunner.executable)
        process.arguments = ["serve", "--port", "0", "--log-format", "json", "--config", config, "--database", "sqlite:\(dir.file("l.sqlite"))"]
        let errors = dir.file("serve.err")
        _ = FileManager.default.createFile(atPath: errors, contents: nil)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errors))
        try process.run()
        defer { if process.isRunning { process.interrupt() } }
        var line: [String: Any]?
        for _ in 0..<150 where line == nil {
            try await Task.sleep(for: .milliseconds(100))
            let text = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
            line = text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
                .first { $0["source"] as? String == "party" }
        }
        #expect(line?["level"] as? String == "error" || line?["level"] as? String == "warning")
        #expect(line?["label"] as? String == "kpibridge.serve" && (line?["message"] as? String)?.contains("sync failed") == true)
        process.terminate()
        for _ in 0..<300 where process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
    }
}

extension ServeTests {
    /// Ctrl-C during `sync`: it says what it keeps, stops with exit 130, and a later sync completes the ledger to the
    /// simulator's truth — nothing lost, nothing counted twice.
    @Test func ctrlCDuringASyncSaysSoAndLosesNothing() async throws {
        let world = SimulatedWorld(scale: 60, seed: 11)
        let (simPort, _, simTask) = try await SimulatorSetup.start(world: world, faults: try FaultPlan("slow:0.5"), seed: 4)
        defer { simTask.cancel() }
        let dir = try TemporaryDirectory()
        let config = try dir.write("kpibridge.yml", Array(SimulatorSetup.configYAML(port: simPort, home: Fixtures.home).utf8))
        let ledger = dir.file("l.sqlite")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try CommandRunner.executable)
        process.arguments = ["sync", "--config", config, "--database", "sqlite:\(ledger)"]
        process.environment = ProcessInfo.processInfo.environment.merging(SimulatorSetup.environment) { $1 }
        let errors = dir.file("sync.err")
        _ = FileManager.default.createFile(atPath: errors, contents: nil)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errors))
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        try await Task.sleep(for: .milliseconds(1_500))
        process.interrupt()  // SIGINT, as Ctrl-C sends
        for _ in 0..<600 where process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        #expect(!process.isRunning, "sync did not stop within a minute of Ctrl-C")
        let said = try String(contentsOfFile: errors, encoding: .utf8)
        #expect(process.terminationStatus == 130 || process.terminationStatus == 0, "\(said)")
        if process.terminationStatus == 130 {
            #expect(said.contains("stopping: the pages committed so far are kept") && said.contains("stopped before every source was synced"), "\(said)")
        }
        let bridge = try Bridge(configuration: try BridgeConfiguration.load(file: config), databasePath: ledger)
        for _ in 0..<3 { _ = try await bridge.sync(environment: SimulatorSetup.environment) }
        #expect(try UnifiedTask.listJSON(bridge.store.tasks.list(TaskFilter())) == UnifiedTask.listJSON(SimulatorTruth.tasks(world)))
    }
}
