import BridgeApp
import BridgeModel
import Foundation
import Logging
import ServiceLifecycle

/// Tells officers in time under `serve` (docs/operations.md, "Notifications"): every `notifications.interval`
/// seconds the new notifications are kept — in a turn of the gate, like every write — and the deliveries due are
/// sent outside it (a slow relay never holds up the syncs). Every instance may run it: an event is kept once and a
/// delivery is claimed before it is sent.
struct NotifierService: Service {
    let bridge: Bridge
    let gate: SyncGate
    let logger: Logger
    let clock: ServiceClock

    func run() async throws {
        let every = Duration.seconds(bridge.configuration.notifications.interval)
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let made = try await gate.exclusive { [clock] in try bridge.makeNotifications(at: clock.timestamp) }
                    var report = try await bridge.deliverNotifications(at: clock.timestamp)
                    report.made = made
                    if report != NotificationReport() { logger.info("\(report.line)") }
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("notifications failed", metadata: ["error": "\(error)"])
                }
                do {
                    try await clock.sleep(every)
                } catch {
                    return
                }
            }
        }
    }
}
