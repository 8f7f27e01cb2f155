import BridgeScoring
import BridgeWorkload

/// The configuration's `workload:` section (docs/workload.md).
public struct WorkloadSettings: Sendable, Hashable {
    /// Caps on a position's share of a unit's officers (`caps: { CVC: 0.4 }`).
    public var caps: [PositionCap] = []
    /// A unit whose evidence hours per head are further from the province's median than this share is flagged.
    public var outlierThreshold = Rational(1, 2)
    /// An officer whose diary declares more than evidence hours × (1 + this) is listed.
    public var diaryThreshold = Rational(1, 4)

    public init() {}
}
