import BridgeLedger
import BridgeModel
import BridgeScoring
import Foundation

/// What the projector needs of scoring: which scores a task counts in, and a stored score's row.
extension ScoreBook {
    /// The officers (scoring keys) a version of a task may count for.
    public func officers(of task: UnifiedTask) -> [String] { scorer.officers(of: task) }

    /// The periods (`2026-03`, `2026-Q1`, `2026`) a version of a task may count in.
    public func periods(of task: UnifiedTask) -> [String] {
        guard let time = Scorer.placement(of: task) else { return [] }
        return Period.containing(time).map(\.description)
    }

    /// The stored form of a pair's score evaluated at `time`, from every task that names the officer; nil when
    /// nothing places the officer in that period (no task counting in it, no assessment).
    public func derive(
        _ pair: ScorePair, tasks: [UnifiedTask], assessment: StoredAssessment?, at time: Timestamp, directory: Directory
    ) throws -> DerivedScore? {
        guard let period = Period(pair.period) else { throw PipelineError("'\(pair.period)' is not a period") }
        guard assessment != nil || hasWork(tasks, pair.officer, period) else { return nil }
        let scored = score(officer: pair.officer, period: period, tasks: tasks, assessment: assessment, at: time, directory: directory)
        let body = ScoreRow.json(scored)
        let profile = scored.profile
        let columns = DerivedScore.Columns(
            agency: profile.agency, unit: profile.unit, block: profile.block, level: scored.level?.rawValue,
            totalMicros: scored.total.flatMap { Int64($0.rounded(places: 6).replacingOccurrences(of: ".", with: "")) },
            assignedTasks: scored.assignedTasks, provisional: scored.provisional)
        return DerivedScore(body: body, fingerprint: ScoreRow.fingerprint(scored), staleAt: scorer.nextChange(of: tasks, after: time), columns: columns)
    }

    /// Names the scoring rules in force (policy and catalogue): stored scores made under other rules are owed again.
    public var rulesFingerprint: String {
        let policy = scorer.policy
        // The revision of the rules' code: a fix that changes numbers (2: a tool's own missed-deadline count
        // reaches the score) owes every stored score again.
        var text = "revision 2\n"
        text += [
            policy.quantityWeight, policy.qualityWeight, policy.timelinessWeight, policy.coordinatorShare,
            policy.provisionalGeneralPoints, policy.qualityDeduction, policy.timelinessDeduction, policy.excellentThreshold,
            policy.goodThreshold, policy.completedThreshold, policy.excellentQuota, policy.taskPointsMax, policy.generalPointsMax,
        ].map { $0.rounded(places: 12) }.joined(separator: " ")
        let catalog = scorer.catalog
        text += "\ndefault \(catalog.defaultCoefficient.rounded(places: 12))"
        for (code, product) in catalog.products.sorted(by: { $0.key < $1.key }) {
            text += "\nproduct \(code) \(product.coefficient.rounded(places: 12)) \(product.group ?? "-")"
        }
        for (position, products) in catalog.positions.sorted(by: { $0.key < $1.key }) {
            for (code, product) in products.sorted(by: { $0.key < $1.key }) {
                text += "\nposition \(position) \(code) \(product.coefficient.rounded(places: 12)) \(product.group ?? "-")"
            }
        }
        return PayloadHasher.hex(of: text)
    }
}
