import BridgeModel

/// Keeps stored scores current inside the ledger's own transactions. The ledger knows nothing of scoring
/// rules: the pipeline supplies an implementation (STYLE.md: a sideways need goes behind a lower protocol).
public protocol ScoreDeriver: Sendable {
    /// The officers (identities) a version of a task may count for.
    func officers(of task: UnifiedTask) -> [String]
    /// The periods (`2026-03`, `2026-Q1`, `2026`) a version of a task may count in.
    func periods(of task: UnifiedTask) -> [String]
    /// The officer's score for a period from every task that names them, evaluated at `time`;
    /// nil when nothing places the officer in that period (no task counting in it, no assessment).
    func score(
        officer: String, period: String, tasks: [UnifiedTask], assessment: StoredAssessment?, at time: Timestamp, directory: Directory
    ) throws -> DerivedScore?
}

/// A score as the ledger stores it.
public struct DerivedScore: Sendable, Hashable {
    /// The JSON row (CONTRACT.md score row).
    public let body: String
    /// The numbers without the evaluation time: equal fingerprints mean an unchanged score.
    public let fingerprint: String

    public init(body: String, fingerprint: String) {
        self.body = body
        self.fingerprint = fingerprint
    }
}

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
