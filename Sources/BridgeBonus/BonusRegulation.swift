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

    /// The agency it governs, or `*` for every agency without one of its own.
    public let agency: String
    public let version: Int
    /// The first year it applies to (a later version from a later year replaces it from then on).
    public let firstYear: Int
    public let shape: Shape
    /// The regulation's number and date, for the list's "basis" column.
    public let basis: String

    public init(agency: String, version: Int, firstYear: Int = 0, shape: Shape, basis: String) {
        self.agency = agency
        self.version = version
        self.firstYear = firstYear
        self.shape = shape
        self.basis = basis
    }
}

extension [BonusRegulation] {
    /// The regulation in force for `agency` in `year`: the agency's own before the one for every agency (`*`),
    /// then the latest first year not after `year`, then the highest version.
    public func inForce(agency: String, year: Int) -> BonusRegulation? {
        filter { ($0.agency == agency || $0.agency == "*") && $0.firstYear <= year }
            .max { a, b in (a.agency == agency ? 1 : 0, a.firstYear, a.version) < (b.agency == agency ? 1 : 0, b.firstYear, b.version) }
    }
}
