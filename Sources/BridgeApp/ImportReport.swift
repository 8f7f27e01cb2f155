import BridgeLedger
import Foundation

/// The one-line count summary printed by `import` and `demo`.
public enum ImportReport {
    public static func line(_ s: CommitSummary) -> String {
        "records \(s.records): \(s.applied) applied (new tasks \(s.newTasks), updated tasks \(s.updatedTasks)), \(s.unchanged) unchanged, \(s.deadLetters) dead letters (\(s.newDeadLetters) new)"
    }
}
