import BridgeModel
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Serves the four simulated systems on loopback: the edXML hub (`/hub`), an iOffice-style E-Office API
/// (`/ioffice`), a Party task tool (`/party`) and a mass-organisation tool (`/mass`), plus `/__sim/truth` and
/// `/__sim/stats`. See Samples/README.md for each system's shapes.
public struct SimulatorServer: Sendable {
    let state: SimulatorState

    /// `hubFiles` are edXML payloads (e.g. Samples/eoffice) the hub serves besides the generated messages;
    /// they are not part of the truth, which covers the generated data.
    /// `hubPaging`: the hub keeps acknowledged messages and pages its list by cursor (`limit`, `since`;
    /// answers carry `nextCursor` and `hasMore`), as some provincial hubs do.
    public init(
        world: SimulatedWorld, faults: FaultPlan = FaultPlan(), seed: UInt64 = 1, hubFiles: [(name: String, bytes: [UInt8])] = [],
        hubPaging: Bool = false, extraTools: Bool = false, oneStop: Bool = false
    ) {
        state = SimulatorState(
            world: world, faults: faults, seed: seed, extraHubFiles: hubFiles, hubPaging: hubPaging, extraTools: extraTools, oneStop: oneStop)
    }

    /// The credentials the simulated systems accept, by the environment variable a bridge reads them from.
    public static let credentials: [String: String] = [
        "KPIBRIDGE_HUB_USER": SimulatorState.hubUser, "KPIBRIDGE_HUB_PASSWORD": SimulatorState.hubPassword,
        "KPIBRIDGE_IOFFICE_REFRESH_TOKEN": SimulatorState.iofficeRefreshToken, "KPIBRIDGE_PARTY_TOKEN": SimulatorState.partyToken,
        "KPIBRIDGE_MASS_API_KEY": SimulatorState.massKey,
        "KPIBRIDGE_NONGDAN_KEY": SimulatorState.nongdanKey, "KPIBRIDGE_CONGDOAN_KEY": SimulatorState.congdoanKey,
        "KPIBRIDGE_MOTCUA_TOKEN": SimulatorState.motcuaToken,
    ]

    /// Runs until the surrounding task is cancelled (or, with `untilSignal`, until SIGINT/SIGTERM);
    /// `onStarted` gets the bound port.
    public func run(
        host: String = "127.0.0.1", port: Int = 0, untilSignal: Bool = false, evolveEvery: Duration? = nil,
        onStarted: @escaping @Sendable (Int) async -> Void
    ) async throws {
        let router = Router()
        router.add(middleware: FaultMiddleware(state: state))
        SimulatorRoutes(state: state).register(on: router)
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "kpibridge-sim"),
            onServerRunning: { channel in await onStarted(channel.localAddress?.port ?? port) },
            logger: { var l = Logger(label: "kpibridge.sim"); l.logLevel = .error; return l }())
        try await withThrowingTaskGroup(of: Void.self) { group in
            if let evolveEvery {
                // --evolve: a simulated day passes every `evolveEvery`, so incremental syncs have work to find.
                group.addTask { [state] in
                    while true {
                        try await Task.sleep(for: evolveEvery)
                        await state.evolve(hours: 24)
                    }
                }
            }
            group.addTask { if untilSignal { try await app.runService() } else { try await app.run() } }
            try await group.next()
            group.cancelAll()
        }
    }

    /// Lets one simulated day pass now (what `--evolve` does on its timer).
    public func evolve(hours: Int = 24) async { await state.evolve(hours: hours) }

    /// The unified tasks the current data must produce.
    public func truth() async -> [UnifiedTask] {
        SimulatorTruth.tasks(await state.world, extraTools: state.extraTools, dossiers: state.dossiers)
    }

    /// What the one-stop system's dossiers must give (`--one-stop`): each dossier's verdict and each step's
    /// lateness at the time they were made, and the time.
    public func dossierTruth() -> (judgedAt: Timestamp, dossiers: [SimulatorTruth.DossierTruth]) {
        (state.dossiersJudgedAt, SimulatorTruth.dossiers(state.dossiers))
    }

    /// Requests served and 304s answered so far.
    public func counters() async -> (requests: Int, notModified: Int) {
        (await state.requests, await state.notModified)
    }
}

/// Draws each request's faults, answers 500, 429 and slowness itself, and passes the others to the routes.
struct FaultMiddleware<Context: RequestContext>: RouterMiddleware {
    static var header: HTTPField.Name { HTTPField.Name("X-Sim-Faults")! }
    let state: SimulatorState

    func handle(_ input: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var head = input.head
        head.headerFields[Self.header] = nil
        guard !input.uri.path.hasPrefix("/__sim") else { return try await next(Request(head: head, body: input.body), context) }
        let faults = await state.draw()
        if faults.contains(.serverError) { return Response(status: .internalServerError) }
        if faults.contains(.tooMany) { return Response(status: .tooManyRequests, headers: [.retryAfter: "1"]) }
        if faults.contains(.slow) { try await Task.sleep(for: .milliseconds(300)) }
        head.headerFields[Self.header] = faults.map(\.rawValue).sorted().joined(separator: ",")
        return try await next(Request(head: head, body: input.body), context)
    }
}
