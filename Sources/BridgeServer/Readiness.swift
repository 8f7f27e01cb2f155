import Foundation
import Synchronization

/// What `/readyz` checks beside the ledger: that the projector service, where it runs, has run lately — a service
/// whose projector has stopped serves numbers that no longer move, and is not ready.
public final class Readiness: Sendable {
    /// How long the projector may go without a run before the service is not ready.
    let allowed: TimeInterval
    /// When the projector service started, nil while it does not run (`runAPI`: syncs and scores on demand).
    private let started = Mutex<Date?>(nil)

    init(allowed: TimeInterval = 60) { self.allowed = allowed }

    /// The projector service has started at `time`.
    func projectorStarted(at time: Date) { started.withLock { $0 = time } }

    /// Why the service is not ready, or nil when it is: the projector service runs and has not finished a run for
    /// longer than allowed (counted from its start before its first run).
    func projectorStalled(last: Date?, now: Date) -> String? {
        guard let since = started.withLock({ $0 }) else { return nil }
        let reference = max(last ?? since, since)
        let quiet = now.timeIntervalSince(reference)
        guard quiet > allowed else { return nil }
        return "the projector has not run for \(Int(quiet)) s"
    }
}
