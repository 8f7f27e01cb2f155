import Foundation
import Synchronization

/// Crash testing at the ledger's commit boundaries. With `KPIBRIDGE_KILL_AT=POINT:N` in the environment the
/// process kills itself with SIGKILL the N-th time it reaches POINT — no cleanup, no flush, as a power cut or
/// an OOM kill would. Unset (always, in production), reaching a point costs one comparison.
public enum KillPoint: String, Sendable, CaseIterable {
    /// Inside a payload's transaction, after its raw bytes are written, before any record.
    case payloadStored = "payload-stored"
    /// Inside the transaction, everything written, before COMMIT.
    case beforeCommit = "before-commit"
    /// After COMMIT, before the caller goes on (before a hub acknowledgement or the next page).
    case afterCommit = "after-commit"
    /// Inside a projector transaction, its tasks or scores written, before they leave the queue and COMMIT.
    case projectorBatch = "projector-batch"
    /// After a projector transaction's COMMIT, before the next one.
    case projectorCommitted = "projector-committed"

    /// The environment variable that arms a point.
    public static let variable = "KPIBRIDGE_KILL_AT"

    private static let armed: (point: KillPoint, count: Int)? = {
        guard let value = ProcessInfo.processInfo.environment[variable] else { return nil }
        let parts = value.split(separator: ":")
        guard parts.count == 2, let point = KillPoint(rawValue: String(parts[0])), let count = Int(parts[1]), count > 0 else {
            FileHandle.standardError.write(Data("\(variable)=\(value) ignored: expected POINT:N with POINT one of \(allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
            return nil
        }
        return (point, count)
    }()

    private static let reached = Atomic<Int>(0)

    /// Marks that the process is at this point; kills it when this is the armed point's N-th time.
    public func reach() {
        guard let armed = Self.armed, armed.point == self else { return }
        if Self.reached.add(1, ordering: .relaxed).newValue == armed.count {
            kill(getpid(), SIGKILL)
        }
    }
}
