import Foundation

/// General points and sanction entered for an officer and period.
public struct StoredAssessment: Sendable, Hashable, Codable {
    public let officer: String
    public let period: String
    /// Decimal text as entered (`27.5`), nil when only a sanction was recorded.
    public let generalPoints: String?
    public let sanction: Bool

    public init(officer: String, period: String, generalPoints: String?, sanction: Bool) {
        self.officer = officer
        self.period = period
        self.generalPoints = generalPoints
        self.sanction = sanction
    }
}
