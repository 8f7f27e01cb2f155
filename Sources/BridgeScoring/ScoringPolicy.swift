/// Every number of the scoring rules (docs/scoring.md), with the decree's defaults.
public struct ScoringPolicy: Sendable, Hashable {
    /// Weights of quantity, quality and timeliness in the 70 task points (default: the plain mean).
    public var quantityWeight = Rational(1)
    public var qualityWeight = Rational(1)
    public var timelinessWeight = Rational(1)
    /// Share of a task's weight that each coordinator gets (0: coordinators are not scored on it).
    public var coordinatorShare = Rational(0)
    /// General points assumed while none are entered; the total is then provisional.
    public var provisionalGeneralPoints = Rational(30)
    /// Deduction per major error or return (quality) and per missed deadline (timeliness).
    public var qualityDeduction = Rational(1, 4)
    public var timelinessDeduction = Rational(1, 4)
    /// Level thresholds: total ≥ excellent, ≥ good, ≥ completed.
    public var excellentThreshold = Rational(90)
    public var goodThreshold = Rational(70)
    public var completedThreshold = Rational(50)
    /// A unit is flagged when excellent > quota × good.
    public var excellentQuota = Rational(1, 5)
    /// Maximum task points and general points (`maxima:`); the levels' thresholds are on their sum.
    public var taskPointsMax = Rational(70)
    public var generalPointsMax = Rational(30)

    public init() {}
}
