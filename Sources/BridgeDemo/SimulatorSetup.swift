import BridgeApp
import BridgeModel
import BridgeSimulator
import Foundation

/// Points a bridge at a running simulator: the four sources, their mappings and the environment with secrets.
public enum SimulatorSetup {
    /// Environment variables with the simulator's credentials, as the configuration names them.
    public static var environment: [String: String] { SimulatorServer.credentials }

    /// The configuration file text for a simulator on `port` (what `kpibridge sim --write-config` writes).
    /// `hubPaging`: the simulator's hub pages its list (`sim --hub-paging`), and the configuration says how.
    /// `extraTools`: also the farmers' union and trade-union tools (`sim --extra-tools`), taken on by mapping alone.
    /// `oneStop`: also the provincial one-stop system's dossiers (`sim --one-stop`).
    public static func configYAML(port: Int, home: String, hubPaging: Bool = false, extraTools: Bool = false, oneStop: Bool = false) -> String {
        """
        # Sources of the KPIBridge simulator on 127.0.0.1:\(port). Secrets come from the environment:
        #   \(environment.keys.sorted().map { "\($0)=\(environment[$0]!)" }.joined(separator: " "))
        scoring: \(home)/Mappings/scoring.yml
        catalog: \(home)/Mappings/catalog.yml
        sources:
          - id: eoffice-hub
            kind: edxml-hub
            baseURL: http://127.0.0.1:\(port)/hub/
            mapping: \(home)/Mappings/eoffice-edxml.yml
            block: state
            interval: 60
            auth: { type: basic, userEnv: KPIBRIDGE_HUB_USER, passwordEnv: KPIBRIDGE_HUB_PASSWORD }\(hubPaging ? "\n    listing: { limitParam: limit, limit: 20, cursorParam: since, cursorField: nextCursor, hasMoreField: hasMore }" : "")
          - id: ioffice
            kind: json-pages
            baseURL: http://127.0.0.1:\(port)/ioffice/
            mapping: \(home)/Mappings/ioffice.yml
            block: state
            interval: 60
            auth: { type: refresh-token, endpoint: oauth/token, tokenEnv: KPIBRIDGE_IOFFICE_REFRESH_TOKEN, field: data.access_token }
          - id: party
            kind: json-pages
            baseURL: http://127.0.0.1:\(port)/party/
            mapping: \(home)/Mappings/party-tasks.yml
            block: party
            interval: 60
            auth: { type: bearer, tokenEnv: KPIBRIDGE_PARTY_TOKEN }
          - id: mass
            kind: json-pages
            baseURL: http://127.0.0.1:\(port)/mass/
            mapping: \(home)/Mappings/mass-tasks.yml
            block: mass
            interval: 60
            auth: { type: api-key, header: X-API-Key, keyEnv: KPIBRIDGE_MASS_API_KEY }
        \(extraTools ? Self.extraToolsYAML(port: port, home: home) : "")
        \(oneStop ? Self.oneStopYAML(port: port, home: home) : "")
        """
    }

    static func oneStopYAML(port: Int, home: String) -> String {
        """
          - id: motcua
            kind: json-pages
            baseURL: http://127.0.0.1:\(port)/motcua/
            mapping: \(home)/Mappings/motcua-dossiers.yml
            block: state
            interval: 60
            auth: { type: bearer, tokenEnv: KPIBRIDGE_MOTCUA_TOKEN }
        """
    }

    static func extraToolsYAML(port: Int, home: String) -> String {
        """
          - id: nongdan
            kind: json-pages
            baseURL: http://127.0.0.1:\(port)/nongdan/
            mapping: \(home)/Mappings/nongdan-tasks.yml
            block: mass
            interval: 60
            auth: { type: api-key, query: khoa, keyEnv: KPIBRIDGE_NONGDAN_KEY }
          - id: congdoan
            kind: json-pages
            baseURL: http://127.0.0.1:\(port)/congdoan/
            mapping: \(home)/Mappings/congdoan-tasks.yml
            block: mass
            interval: 60
            auth: { type: api-key, header: Authorization, prefix: "Token ", keyEnv: KPIBRIDGE_CONGDOAN_KEY }
        """
    }

    /// The same configuration, loaded through the file loader so it is validated like any other.
    public static func configuration(
        port: Int, home: String, hubPaging: Bool = false, extraTools: Bool = false, oneStop: Bool = false
    ) throws -> BridgeConfiguration {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kpibridge-sim-\(port)-\(UUID().uuidString).yml").path
        try configYAML(port: port, home: home, hubPaging: hubPaging, extraTools: extraTools, oneStop: oneStop).write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        var configuration = try BridgeConfiguration.load(file: file)
        configuration.baseDirectory = home
        configuration.file = nil
        return configuration
    }

    /// Starts the simulator in this process and returns its port and the task that runs it (cancel to stop).
    public static func start(
        world: SimulatedWorld, faults: FaultPlan = FaultPlan(), seed: UInt64 = 1, hubPaging: Bool = false, extraTools: Bool = false,
        oneStop: Bool = false
    ) async throws -> (port: Int, server: SimulatorServer, task: Task<Void, any Error>) {
        let server = SimulatorServer(world: world, faults: faults, seed: seed, hubPaging: hubPaging, extraTools: extraTools, oneStop: oneStop)
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let task = Task {
            defer { continuation.finish() }  // a server that cannot start ends the wait below
            try await server.run(onStarted: { port in continuation.yield(port); continuation.finish() })
        }
        for await port in stream { return (port, server, task) }
        task.cancel()
        throw AppError("the simulator did not start")
    }
}
