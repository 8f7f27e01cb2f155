import Foundation

/// One stored score's coordinates: an officer (scoring key) and a period (`2026-03`, `2026-Q1`, `2026`).
public struct ScorePair: Sendable, Hashable, Comparable {
    public let officer: String
    public let period: String

    public init(officer: String, period: String) {
        self.officer = officer
        self.period = period
    }

    public static func < (a: ScorePair, b: ScorePair) -> Bool { (a.officer, a.period) < (b.officer, b.period) }
}
