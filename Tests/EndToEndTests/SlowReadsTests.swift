import BridgeApp
import BridgeDemo
@testable import BridgeLedger
import BridgeModel
import BridgePostgres
import BridgeServer
import BridgeSimulator
import BridgeSources
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

/// `serve` on PostgreSQL beside slow reads: sixteen reports that keep the database busy (`pg_sleep`) hold no
/// thread and no connection the other requests need.
@Suite(.serialized)
struct SlowReadsTests {
    @Test(.enabled(if: PostgresTestServer.isAvailable))
    func readyAndAScorePageAnswerWhileSixteenSlowReadsRun() async throws {
        let world = SimulatedWorld(scale: 12, seed: 3)
        let (simPort, _, simTask) = try await SimulatorSetup.start(world: world)
        defer { simTask.cancel() }
        let dir = try TemporaryDirectory()
        try await TestLedger.postgres.withStore(in: dir) { store in
            let bridge = try Bridge(configuration: try SimulatorSetup.configuration(port: simPort, home: Fixtures.home), store: store)
            _ = try await bridge.sync(environment: SimulatorSetup.environment)
            let token = try bridge.store.tokens.create(name: "it", role: .admin, agencies: [], actor: "test", at: Timestamp(Date()))
            let service = try BridgeService(bridge: bridge, port: 0, schedule: false, environment: SimulatorSetup.environment)
            let (port, server) = await ServeTests.start(service)
            defer { server.cancel() }

            // Sixteen reads of the ledger that each wait 20 s in the database, started from tasks of their own.
            let backend = store.database.backend
            let slow = (0..<16).map { _ in
                Task { try await LedgerExecutor.run { try backend.read { db in try db.execute(sql: "SELECT pg_sleep(20)", arguments: []) } } }
            }
            defer { for read in slow { read.cancel() } }
            let sleeping = { try backend.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(20)' AND state = 'active'") ?? 0 } }
            let began = Date()
            while try sleeping() < 16 {
                #expect(Date().timeIntervalSince(began) < 10, "the sixteen slow reads did not all start")
                try await Task.sleep(for: .milliseconds(50))
            }

            // While they run, the service answers at once: its readiness and a score page.
            let clock = ContinuousClock()
            var ready: HTTPResponse?
            let readyTime = try await clock.measure { ready = try await ServeTests.get(port, "/readyz") }
            var scores: HTTPResponse?
            let scoresTime = try await clock.measure { scores = try await ServeTests.get(port, "/api/v1/scores?period=2026", token: token) }
            #expect(ready?.status == 200)
            #expect(scores?.status == 200)
            #expect(try sleeping() == 16, "the slow reads ended before the answers came")
            // Well under the reads' 20 s; on an idle machine each answer takes a few milliseconds.
            #expect(readyTime < .seconds(2) && scoresTime < .seconds(2), "readyz \(readyTime), scores \(scoresTime)")
            print("beside 16 slow reads: /readyz \(readyTime), score page \(scoresTime)")
        }
    }
}
