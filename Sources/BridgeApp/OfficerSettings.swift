import BridgeModel
import BridgeScoring

/// The configuration's `selfAssessment:` section: when officers may propose their general points for a period.
public struct SelfAssessmentSettings: Sendable, Hashable {
    /// The window opens this many days before the period ends …
    public var opensBeforeEnd = 7
    /// … and closes this many days after (a closed period is closed to proposals and confirmations in any case).
    public var closesAfterEnd = 15

    public init() {}

    /// The window of `period`: from `opensBeforeEnd` days before its end to `closesAfterEnd` days after.
    public func window(_ period: Period) -> (opens: Timestamp, closes: Timestamp) {
        let day: Int64 = 86_400_000
        return (Timestamp(millis: period.end.millis - Int64(opensBeforeEnd) * day), Timestamp(millis: period.end.millis + Int64(closesAfterEnd) * day))
    }
}
