import BridgeApp
import BridgeModel
import BridgePipeline
import Foundation
import Logging
import ServiceLifecycle

/// Syncs one source on its interval for as long as the service runs (`serve`): the first pass soon after start,
/// then every `interval` seconds give or take a tenth (so sources do not fire together), waiting twice as long
/// after each failure in a row, up to an hour. A graceful shutdown (SIGTERM, SIGINT) stops it between passes
/// or abandons the pass in flight — what a pass commits is whole pages with their checkpoints, so nothing is
/// half-written. A source with working hours (`hours:`) is polled only inside them.
public struct SourceScheduler: Service {
    let source: String
    let interval: Double
    let hours: WorkingHours?
    let gate: SyncGate
    let board: SourceBoard
    let logger: Logger
    let clock: ServiceClock

    public init(
        source: String, interval: Int, hours: WorkingHours? = nil, gate: SyncGate, board: SourceBoard, logger: Logger, clock: ServiceClock = .system
    ) {
        self.clock = clock
        self.source = source
        self.interval = Double(interval)
        self.hours = hours
        self.gate = gate
        self.board = board
        self.logger = logger
    }

    /// Seconds to wait before the next pass after `failures` failures in a row.
    public static func delay(interval: Double, failures: Int, jitter: Double) -> Double {
        min(interval * pow(2, Double(min(failures, 12))), max(interval, 3_600)) * (1 + jitter)
    }

    public func run() async throws {
        try await cancelWhenGracefulShutdown { try await loop() }
    }

    private func loop() async throws {
        var generator = SystemRandomNumberGenerator()
        var wait = Double.random(in: 0...1, using: &generator)
        do {
            while !Task.isCancelled {
                let now = clock.timestamp
                var due = Timestamp(millis: now.millis + Int64(wait * 1000))
                // Outside the source's working hours the pass waits for the window to open.
                if let hours { due = hours.next(from: due) }
                await board.scheduled(source, at: due)
                try await clock.sleep(.milliseconds(max(0, due.millis - now.millis)))
                var failures = 0
                do {
                    let summary = try await gate.sync(source)
                    if let failure = summary.failure {
                        logger.warning("sync failed", metadata: ["source": "\(source)", "reason": "\(failure)"])
                    }
                    failures = await board.state(source)?.failuresInRow ?? 0
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("sync failed", metadata: ["source": "\(source)", "error": "\(error)"])
                    failures = await board.state(source)?.failuresInRow ?? 1
                }
                wait = Self.delay(interval: interval, failures: failures, jitter: Double.random(in: -0.1...0.1, using: &generator))
            }
        } catch is CancellationError {
            return  // stopped while waiting for the next pass
        }
    }
}
