import BridgeApp
import BridgeLedger
import BridgeSources
import Foundation
import Hummingbird
import Logging
import Mustache
import ServiceLifecycle
import UnixSignals

/// `kpibridge serve`: one scheduler per HTTP source and the API server, run as one `ServiceGroup` that stops
/// gracefully on SIGTERM or SIGINT (schedulers between or during a pass — whole pages with their checkpoints are
/// all a pass ever commits — then the server). The ledger's lock is held by the bridge for the life of the process.
public struct BridgeService: Sendable {
    public let bridge: Bridge
    public let host: String
    public let port: Int
    public let board: SourceBoard
    public let gate: SyncGate
    public let metrics = ServiceMetrics()
    let readiness = Readiness()
    /// Failed tokens, by the API and by the web UI's sign-in alike.
    let throttle: FailureThrottle
    let sessions: WebSessions
    /// The service's time (`ServiceClock.system`, or a test's).
    public let clock: ServiceClock
    let library: MustacheLibrary
    let logger: Logger
    /// Whether the schedulers run (off: the API only, syncs by `sync now`).
    let schedule: Bool

    public init(
        bridge: Bridge, host: String = "127.0.0.1", port: Int = 8080, schedule: Bool = true,
        environment: [String: String] = ProcessInfo.processInfo.environment, transport: any HTTPTransport = URLSessionTransport(),
        logger: Logger = Logger(label: "kpibridge.serve"), clock: ServiceClock = .system
    ) throws {
        self.bridge = bridge
        self.clock = clock
        throttle = FailureThrottle(clock: clock)
        sessions = WebSessions(clock: clock)
        self.host = host
        self.port = port
        self.schedule = schedule
        self.logger = logger
        let sources = try bridge.pollableSources(only: nil)
        board = SourceBoard(sources: sources.map { (id: $0.id, interval: $0.interval) }, at: clock.timestamp)
        library = try WebTemplates.library()
        gate = SyncGate(bridge: bridge, board: board, metrics: metrics, environment: environment, transport: transport, clock: clock)
    }

    /// The API server alone (also what tests run), telling `onStarted` the bound port.
    public func application(onStarted: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let router = Router(context: APIContext.self)
        router.add(middleware: LedgerThreads())
        router.add(middleware: TokenAuthenticator(tokens: bridge.store.tokens, throttle: throttle, metrics: metrics))
        APIRoutes(bridge: bridge, gate: gate, board: board, metrics: metrics, readiness: readiness, clock: clock).register(on: router)
        WebRoutes(bridge: bridge, gate: gate, board: board, sessions: sessions, throttle: throttle, library: library, clock: clock).register(on: router)
        var quiet = logger
        quiet.logLevel = .warning
        return Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "kpibridge"),
            onServerRunning: { channel in await onStarted(channel.localAddress?.port ?? port) }, logger: quiet)
    }

    /// Runs the API server alone until the surrounding task is cancelled (no schedulers, no signal handling).
    public func runAPI(onStarted: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await application(onStarted: onStarted).run()
    }

    /// Runs until SIGTERM or SIGINT (or the surrounding task is cancelled).
    public func run(onStarted: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        var services: [any Service] = [application(onStarted: onStarted)]
        readiness.projectorStarted(at: clock.now())
        services.append(ProjectorService(bridge: bridge, gate: gate, metrics: metrics, logger: logger, clock: clock))
        if bridge.configuration.notifications.enabled {
            services.append(NotifierService(bridge: bridge, gate: gate, logger: logger, clock: clock))
        }
        if schedule {
            for source in try bridge.pollableSources(only: nil) {
                services.append(SourceScheduler(source: source.id, interval: source.interval, hours: source.hours, gate: gate, board: board, logger: logger, clock: clock))
            }
        }
        let group = ServiceGroup(configuration: .init(services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
