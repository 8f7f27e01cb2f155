import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeSources
import Foundation

extension Bridge {
    /// The HTTP sources a sync covers: all of them, or the one named.
    public func pollableSources(only id: String?) throws -> [BridgeConfiguration.Source] {
        let http = configuration.sources.filter { $0.kind != "edxml-files" }
        guard let id else { return http }
        let source = try configuration.source(id)
        guard source.kind != "edxml-files" else {
            throw AppError("source '\(id)' is fed by files: use kpibridge import --source \(id) FILE…")
        }
        return [source]
    }

    /// One polling pass over each source, the sources side by side (at most `maxPasses` at once; the ledger's
    /// writer orders their commits), then one projection of what they all committed. Each source's summary has
    /// its share of the projection (the tasks its records queued). `progress` hears each source, in
    /// configuration order, once the projection is done; `onPage` hears the running totals of any source.
    public func sync(
        only id: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
        transport: any HTTPTransport = URLSessionTransport(), clients: SourceClients? = nil, maxPasses: Int = 8,
        onPage: @escaping @Sendable (PollSummary) -> Void = { _ in }, progress: (PollSummary) -> Void = { _ in }
    ) async throws -> [PollSummary] {
        let sources = try pollableSources(only: id)
        // Sources on one host share its rate limit, also in a one-off sync.
        let clients = clients ?? SourceClients()
        let outcomes = await BoundedTasks.map(sources.count, concurrency: maxPasses) { index in
            await Result(awaiting: { try await self.pass(sources[index], environment: environment, transport: transport, clients: clients, onPage: onPage) })
        }
        // What the passes committed is projected also when one failed.
        let projection = await Result(awaiting: { try await LedgerExecutor.run { try project() } })
        var summaries: [PollSummary] = []
        for outcome in outcomes {
            guard case .success(var summary) = outcome else { continue }
            if case .success(let projection) = projection { summary.commits.merge(projection.share(of: summary.source)) }
            progress(summary)
            summaries.append(summary)
        }
        for outcome in outcomes { if case .failure(let error) = outcome { throw error } }
        _ = try projection.get()
        return summaries
    }

    /// One pass over `source`, through the client `clients` keeps for it.
    private func pass(
        _ source: BridgeConfiguration.Source, environment: [String: String], transport: any HTTPTransport, clients: SourceClients,
        onPage: (PollSummary) -> Void
    ) async throws -> PollSummary {
        let clock = ContinuousClock()
        let started = clock.now
        let client = try clients.client(for: source, configuration: configuration) { clock, limiter in
            try Self.client(for: source, transport: transport, environment: environment, clock: clock, limiter: limiter)
        }
        let binding = try self.source(source.id)
        var summary: PollSummary
        switch source.kind {
        case "edxml-hub":
            summary = try await HubPoller(
                importer: importer, client: client, binding: binding, baseURL: source.baseURL!, concurrency: source.concurrency, listing: source.listing)
                .poll(onPage: onPage)
        default:
            summary = try await PagePoller(importer: importer, store: store, client: client, binding: binding, baseURL: source.baseURL!).poll(onPage: onPage)
        }
        summary.seconds = started.duration(to: clock.now).seconds
        return summary
    }

    /// The HTTP client of a source, with its timeouts, size limit, retries, rate and credentials.
    static func client(
        for source: BridgeConfiguration.Source, transport: any HTTPTransport, environment: [String: String], clock: ContinuousClock,
        limiter: RateLimiter<ContinuousClock>? = nil
    ) throws -> HTTPSourceClient<ContinuousClock> {
        var settings = HTTPSourceClient<ContinuousClock>.Settings()
        settings.timeout = .seconds(source.timeout)
        settings.maxResponseBytes = source.maxResponseMB << 20
        settings.retry.maxAttempts = source.attempts
        return HTTPSourceClient(
            source: source.id, transport: transport, auth: try auth(for: source, environment: environment),
            clock: clock, limiter: limiter ?? RateLimiter(clock: clock, requestsPerSecond: Double(source.rate)), settings: settings)
    }

    /// Anti-entropy (`kpibridge audit-source`): reads everything a paged source lists now and compares it with the
    /// records the ledger holds from it; records it no longer lists join the reconciliation queue. The run is
    /// kept as a fact and audited. The E-Office hub hands each message out once and forgets it, and files have
    /// no source to ask: neither can be audited.
    public func auditSource(
        _ id: String, actor: String, at time: Timestamp, environment: [String: String] = ProcessInfo.processInfo.environment,
        transport: any HTTPTransport = URLSessionTransport()
    ) async throws -> (audit: SourceAudit, pages: Int, unnamed: Int) {
        let source = try configuration.source(id)
        guard source.kind == "json-pages", let baseURL = source.baseURL else {
            throw AppError("source '\(id)' (\(source.kind)) cannot be audited: the hub hands each message out once, and files have no source to ask")
        }
        let client = try Self.client(for: source, transport: transport, environment: environment, clock: ContinuousClock())
        let listing = try await SourceAuditor(client: client, binding: try self.source(id), baseURL: baseURL).listing()
        let audit = try store.reconcile.recordAudit(source: id, listed: listing.recordIds, actor: actor, at: time)
        return (audit, listing.pages, listing.unnamed)
    }

    /// The credentials for a source, read from the environment variables its configuration names.
    public static func auth(for source: BridgeConfiguration.Source, environment: [String: String]) throws -> SourceAuth {
        func secret(_ name: String) throws -> String {
            guard let value = environment[name], !value.isEmpty else {
                throw AppError("source '\(source.id)': environment variable \(name) is not set")
            }
            return value
        }
        switch source.auth {
        case .none: return .none
        case .bearer(let env): return .bearer(token: try secret(env))
        case .basic(let user, let password): return .basic(user: try secret(user), password: try secret(password))
        case .apiKey(let header, let query, let prefix, let env):
            if let query { return .apiKeyQuery(parameter: query, value: try secret(env)) }
            return .apiKey(header: header ?? "X-API-Key", value: prefix + (try secret(env)))
        case .refreshToken(let endpoint, let env, let field):
            guard let url = URL(string: endpoint, relativeTo: source.baseURL)?.absoluteURL else {
                throw AppError("source '\(source.id)': token endpoint '\(endpoint)' is not a URL")
            }
            return .refreshToken(endpoint: url, refreshToken: try secret(env), field: field)
        }
    }
}
