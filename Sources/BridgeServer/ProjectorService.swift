import BridgeApp
import BridgeModel
import Foundation
import Logging
import ServiceLifecycle

/// Keeps `serve`'s stored scores current beside the syncs: every few seconds, in an exclusive turn of the gate
/// (shared with decisions and replays, never waiting for a pass's network), it drains
/// whatever the projector still owes and computes again the scores time has moved (a deadline passing). Pages
/// and API answers read the stored scores as they are and never wait for the writer — a reader could otherwise
/// queue behind a sync's group commit, and a stream of readers starve the syncs (seen under load: a unit's
/// score page at a second, three sources never synced). When nothing is owed a run is two small reads. A long
/// catch-up (after a restart, scores time has moved) goes in turns of a few transactions, so the passes' commits
/// and an admin's decision get the writer between them, instead of waiting a minute.
struct ProjectorService: Service {
    let bridge: Bridge
    let gate: SyncGate
    let metrics: ServiceMetrics
    let logger: Logger
    let clock: ServiceClock
    var every: Duration = .seconds(5)
    /// Projector transactions per turn at the writer (a thousand tasks or two thousand scores each).
    var stepsPerTurn = 4

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                var more = false
                do {
                    more = try await gate.exclusive { [stepsPerTurn, clock] in try bridge.bringScoresUpToDate(at: clock.timestamp, maxSteps: stepsPerTurn) }
                    metrics.projected(at: clock.now())
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("projector failed", metadata: ["error": "\(error)"])
                }
                if more {
                    await Task.yield()  // a waiting decision or commit takes the writer before the next step
                    continue
                }
                do {
                    try await clock.sleep(every)
                } catch {
                    return  // stopped while waiting for the next run
                }
            }
        }
    }
}
