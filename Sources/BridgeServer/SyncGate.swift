import BridgeLedger
import BridgeApp
import BridgeModel
import BridgePipeline
import BridgeSources
import Foundation

/// Runs one source's sync at a time for the whole service (the schedulers and `sync now` from the API share
/// it): the ledger has one writer, and two syncs interleaving their projector runs would only wait on each other.
public actor SyncGate {
    let bridge: Bridge
    let board: SourceBoard
    let environment: [String: String]
    let transport: any HTTPTransport
    let metrics: ServiceMetrics

    public init(bridge: Bridge, board: SourceBoard, metrics: ServiceMetrics, environment: [String: String], transport: any HTTPTransport) {
        self.bridge = bridge
        self.board = board
        self.metrics = metrics
        self.environment = environment
        self.transport = transport
    }

    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Runs `body` when no pass or other exclusive work is running (a replay, a decision): one writer's work at
    /// a time.
    public func exclusive<T: Sendable>(_ body: @Sendable () throws -> T) async throws -> T {
        await takeTurn()
        defer { passTurn() }
        return try body()
    }

    /// Waits until no other work holds the turn (an actor lets another call in while one awaits, so the turn is
    /// taken explicitly), then holds it.
    private func takeTurn() async {
        if busy { await withCheckedContinuation { waiting.append($0) } } else { busy = true }
    }

    /// Hands the turn to the next waiting work, or frees it.
    private func passTurn() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }

    /// One pass over `source`, after any pass already running; its outcome is on the board. Returns the summary,
    /// or throws what stopped it.
    @discardableResult
    public func sync(_ source: String) async throws -> PollSummary {
        await takeTurn()
        defer { passTurn() }
        let started = Date()
        // With several instances on one PostgreSQL ledger, one works each source: the others stand by, and the
        // first to find the lease free (its holder gone) takes the source over from its committed checkpoint.
        guard try await bridge.store.takeLease(Lease.source(source), at: Timestamp(started)) else { return PollSummary(source: source) }
        await board.started(source, at: Timestamp(started))
        do {
            let summary = try await bridge.sync(only: source, environment: environment, transport: transport).first ?? PollSummary(source: source)
            await board.finished(source, at: Timestamp(Date()), summary: summary, error: nil)
            metrics.synced(summary, seconds: Date().timeIntervalSince(started), failed: summary.failure != nil)
            return summary
        } catch {
            await board.finished(source, at: Timestamp(Date()), summary: nil, error: "\(error)")
            metrics.synced(PollSummary(source: source), seconds: Date().timeIntervalSince(started), failed: true)
            throw error
        }
    }
}
