import BridgeLedger
import BridgeApp
import BridgeModel
import BridgePipeline
import BridgeSources
import Foundation

/// Who may work when, for the whole service (docs/operations.md, "Every source on its own"): each source's pass
/// runs on its own — list, fetch, parse, map and commit — one pass per source at a time and at most `maxPasses`
/// at once, so a slow or hanging source delays no other source; the ledger's writer orders the commits, a
/// transaction at a time. The service's own writer work (the projector service, decisions, replays) takes
/// `exclusive` turns among itself and never waits for a pass's network.
public actor SyncGate {
    let bridge: Bridge
    let board: SourceBoard
    let environment: [String: String]
    let transport: any HTTPTransport
    let metrics: ServiceMetrics
    /// Passes running at once, across sources.
    let maxPasses: Int
    /// Each source's HTTP client, kept for the life of the service (breakers, tokens, per-host rate limits).
    public let clients = SourceClients()
    let clock: ServiceClock

    public init(
        bridge: Bridge, board: SourceBoard, metrics: ServiceMetrics, environment: [String: String], transport: any HTTPTransport, maxPasses: Int = 8,
        clock: ServiceClock = .system
    ) {
        self.clock = clock
        self.bridge = bridge
        self.board = board
        self.metrics = metrics
        self.environment = environment
        self.transport = transport
        self.maxPasses = max(1, maxPasses)
    }

    private var turns = GateTurns()
    /// Work waiting for its turn, first come first served.
    private var waiting: [(work: GateTurns.Work, resume: CheckedContinuation<Void, Never>)] = []

    /// Runs `body` when no other exclusive work is running (the projector service, a replay, a decision): one
    /// such piece at a time. Passes go on beside it; the body runs off the gate, on the ledger's threads, so
    /// passes are not held up.
    public nonisolated func exclusive<T: Sendable>(_ body: @Sendable () throws -> T) async throws -> T {
        await take(.exclusive)
        do {
            let value = try await LedgerExecutor.run { try body() }
            await give(.exclusive)
            return value
        } catch {
            await give(.exclusive)
            throw error
        }
    }

    /// Waits until `work` may start (an actor lets other calls in while one awaits, so turns are taken
    /// explicitly), then holds its turn.
    private func take(_ work: GateTurns.Work) async {
        if !turns.start(work, maxPasses: maxPasses) { await withCheckedContinuation { waiting.append((work, $0)) } }
    }

    /// Ends `work`'s turn and starts whatever waiting work may start now.
    private func give(_ work: GateTurns.Work) {
        turns.finish(work)
        var still: [(work: GateTurns.Work, resume: CheckedContinuation<Void, Never>)] = []
        for next in waiting {
            if turns.start(next.work, maxPasses: maxPasses) { next.resume.resume() } else { still.append(next) }
        }
        waiting = still
    }

    /// One pass over `source`, after any pass of the same source already running; its outcome is on the board.
    /// Returns the summary, or throws what stopped it.
    @discardableResult
    public nonisolated func sync(_ source: String) async throws -> PollSummary {
        await take(.pass(source))
        do {
            let summary = try await pass(source)
            await give(.pass(source))
            return summary
        } catch {
            await give(.pass(source))
            throw error
        }
    }

    /// A pass: its requests are awaited, its ledger calls (the lease, the mapping reload, commits) run on the
    /// ledger's threads.
    private nonisolated func pass(_ source: String) async throws -> PollSummary {
        let started = clock.now()
        // With several instances on one PostgreSQL ledger, one works each source: the others stand by, and the
        // first to find the lease free (its holder gone) takes the source over from its committed checkpoint.
        guard try await LedgerExecutor.run({ try bridge.store.takeLease(Lease.source(source), at: Timestamp(started)) }) else {
            return PollSummary(source: source)
        }
        await board.started(source, at: Timestamp(started))
        do {
            // A mapping fixed since the last pass is in use from this one; one that cannot be used fails the pass.
            _ = try await LedgerExecutor.run { try bridge.reloadMappings(only: source, at: Timestamp(started)) }
            let summary = try await bridge.sync(only: source, environment: environment, transport: transport, clients: clients).first
                ?? PollSummary(source: source)
            await board.finished(source, at: clock.timestamp, summary: summary, error: nil)
            metrics.synced(summary, seconds: clock.now().timeIntervalSince(started), failed: summary.failure != nil)
            return summary
        } catch {
            await board.finished(source, at: clock.timestamp, summary: nil, error: "\(error)")
            metrics.synced(PollSummary(source: source), seconds: clock.now().timeIntervalSince(started), failed: true)
            throw error
        }
    }
}

/// The gate's turns as a value: which work is running, and which waiting work may start. A source has one pass
/// at a time, passes are at most `maxPasses` at once, and exclusive work is one at a time beside them.
struct GateTurns: Sendable, Equatable {
    /// A piece of work that takes a turn.
    enum Work: Hashable, Sendable {
        case exclusive
        case pass(String)
    }

    private(set) var running: Set<Work> = []

    var passes: Int { running.count { if case .pass = $0 { true } else { false } } }

    /// Starts `work` if it may start now; false when it must wait.
    mutating func start(_ work: Work, maxPasses: Int) -> Bool {
        guard mayStart(work, maxPasses: maxPasses) else { return false }
        running.insert(work)
        return true
    }

    mutating func finish(_ work: Work) {
        running.remove(work)
    }

    private func mayStart(_ work: Work, maxPasses: Int) -> Bool {
        guard !running.contains(work) else { return false }
        if case .pass = work { return passes < maxPasses }
        return true
    }
}
