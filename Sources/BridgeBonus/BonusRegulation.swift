import BridgeModel
import BridgeScoring

/// An agency's bonus regulation (quy chế thưởng), versioned, in one of the shapes real regulations use (Decree
/// 73/2024 leaves the amounts to each agency): a multiple of the base salary per level with proration, or a share
/// of the fund by weights per level. "Không hoàn thành nhiệm vụ" gets nothing from the periodic bonus either way.
public struct BonusRegulation: Sendable, Hashable {
    public enum Shape: Sendable, Hashable {
        /// `multiples[level]` × the base salary in force on the year's last day; the full amount with at least
        /// `fullMonths` months paid, `partShare` of it below (the army's 8/7/3×, half under 7 months).
        case multiple(multiples: [Level: Rational], fullMonths: Int, partShare: Rational)
        /// The fund × weight(level) ÷ Σ the weights of every officer paid.
        case poolShare(weights: [Level: Rational])
    }

    public let agency: String
    public let version: Int
    public let shape: Shape
    /// The regulation's number and date, for the list's "basis" column.
    public let basis: String

    public init(agency: String, version: Int, shape: Shape, basis: String) {
        self.agency = agency
        self.version = version
        self.shape = shape
        self.basis = basis
    }
}
