/// An officer's own proposal of their general points for a period, and the unit leader's confirmation (docs/
/// scoring.md, "Self-assessment"): both values are kept; only the confirmed points are entered as the period's
/// assessment, ending the provisional mark.
public struct SelfAssessment: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Hashable, Codable {
        case proposed, confirmed
    }

    public var officer: String
    public var period: String
    /// Decimal text as the officer entered it.
    public var proposedPoints: String
    public var comment: String?
    public var proposedAt: Timestamp
    public var state: State
    /// The points the leader confirmed (the proposal, or the leader's change).
    public var confirmedPoints: String?
    public var leaderComment: String?
    public var confirmedAt: Timestamp?
    public var confirmedBy: String?

    public init(
        officer: String, period: String, proposedPoints: String, comment: String?, proposedAt: Timestamp, state: State = .proposed,
        confirmedPoints: String? = nil, leaderComment: String? = nil, confirmedAt: Timestamp? = nil, confirmedBy: String? = nil
    ) {
        self.officer = officer
        self.period = period
        self.proposedPoints = proposedPoints
        self.comment = comment
        self.proposedAt = proposedAt
        self.state = state
        self.confirmedPoints = confirmedPoints
        self.leaderComment = leaderComment
        self.confirmedAt = confirmedAt
        self.confirmedBy = confirmedBy
    }

    /// True when the leader changed the officer's proposal.
    public var changed: Bool { confirmedPoints.map { $0 != proposedPoints } ?? false }
}
