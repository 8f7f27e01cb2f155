/// What people enter for an officer and period: general points (0–30) and whether a sanction was recorded.
public struct Assessment: Sendable, Hashable {
    public var officer: String
    public var period: Period
    /// Nil while not entered: the total then uses the provisional general points.
    public var generalPoints: Rational?
    /// A disciplinary sanction or ethics finding: forces "Không hoàn thành nhiệm vụ".
    public var sanction: Bool

    public init(officer: String, period: Period, generalPoints: Rational?, sanction: Bool) {
        self.officer = officer
        self.period = period
        self.generalPoints = generalPoints
        self.sanction = sanction
    }
}

/// Who an officer is, as far as scoring needs: identity, name and where they work.
public struct OfficerProfile: Sendable, Hashable {
    /// The identity (`email:lan.nt@…`) that tasks name as main handler or coordinator.
    public var officer: String
    public var name: String?
    public var agency: String?
    public var unit: String?
    public var block: String?
    /// Job position, for per-position catalogue coefficients.
    public var position: String?

    public init(
        officer: String, name: String? = nil, agency: String? = nil, unit: String? = nil, block: String? = nil, position: String? = nil
    ) {
        self.officer = officer
        self.name = name
        self.agency = agency
        self.unit = unit
        self.block = block
        self.position = position
    }
}
