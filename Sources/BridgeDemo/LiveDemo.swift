import BridgeApp
import BridgeLedger
import BridgeModel
import BridgeServer
import BridgeSimulator
import Foundation
import Logging

/// `kpibridge demo` (without `--once`): the simulated systems on loopback with a simulated day passing every
/// `evolveEvery` seconds, synced once, then served — schedulers, API and web UI — until Ctrl-C or SIGTERM,
/// with a viewer's and an admin's token printed for signing in.
public enum LiveDemo {
    public static func run(
        home: String, databasePath: String, scale: Int, host: String, port: Int, syncEvery: Int, evolveEvery: Int,
        say: @escaping @Sendable (String) -> Void
    ) async throws {
        let started = try await Demo.startWithSimulator(home: home, databasePath: databasePath, scale: scale, interval: syncEvery)
        let server = started.server
        let evolving = Task {
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(evolveEvery))
                await server.evolve()
            }
        }
        defer {
            evolving.cancel()
            started.simulator.cancel()
        }
        say(started.report)
        let bridge = started.bridge
        let at = Timestamp(Date())
        let viewer = try bridge.store.tokens.create(name: "demo-viewer", role: .viewer, agencies: [], actor: "demo", at: at)
        let admin = try bridge.store.tokens.create(name: "demo-admin", role: .admin, agencies: [], actor: "demo", at: at)
        var logger = Logger(label: "kpibridge.demo")
        logger.logLevel = .warning
        let service = try BridgeService(bridge: bridge, host: host, port: port, environment: SimulatorSetup.environment, logger: logger)
        try await service.run { bound in
            say("""
                serving http://\(host):\(bound)/ (web UI, in Vietnamese) and http://\(host):\(bound)/api/v1
                viewer token: \(viewer)
                admin token:  \(admin)
                A simulated day passes every \(evolveEvery) s; every source is synced every \(syncEvery) s. Ctrl-C stops.
                """)
        }
        say("stopped")
    }
}
