import BridgeLedger
import BridgeModel
import BridgeScoring
import Foundation

/// Scores officers from ledger tasks: the one place that turns tasks into KPI, used by the projector (stored
/// scores, incrementally) and by the commands (in memory, at a time other than now).
public struct ScoreBook: Sendable {
    public let scorer: Scorer

    public init(scorer: Scorer) { self.scorer = scorer }

    /// Who the officer is: from the directory when it knows them, else from the most recent task that names
    /// them as main handler (else as coordinator).
    public static func profile(officer: String, tasks: [UnifiedTask], directory: Directory = .empty) -> OfficerProfile {
        if let known = directory.officers[officer] {
            return OfficerProfile(
                officer: officer, name: known.name, agency: known.agency, unit: known.unit, block: known.block?.rawValue,
                position: known.position)
        }
        func recency(_ t: UnifiedTask) -> (Int64, String) { ((t.assignedAt ?? t.dueAt)?.millis ?? 0, t.key.rawValue) }
        let main = tasks.filter { $0.mainHandler?.officerKey == officer }.max { recency($0) < recency($1) }
        let named = main ?? tasks.max { recency($0) < recency($1) }
        let person = main?.mainHandler ?? named?.coordinators.first { $0.officerKey == officer }
        return OfficerProfile(
            officer: officer, name: person?.name, agency: named?.agency, unit: named?.unit, block: named?.block?.rawValue)
    }

    /// One officer's score.
    public func score(
        officer: String, period: Period, tasks: [UnifiedTask], assessment: StoredAssessment?, at time: Timestamp, directory: Directory = .empty
    ) -> OfficerScore {
        let entered = assessment.map {
            Assessment(officer: officer, period: period, generalPoints: $0.generalPoints.flatMap { Rational(decimal: $0) }, sanction: $0.sanction)
        }
        return scorer.score(
            Self.profile(officer: officer, tasks: tasks, directory: directory), tasks: tasks, period: period, at: time, assessment: entered)
    }

    /// Everyone's scores for a period: every officer with a task counting in it, and everyone with an assessment.
    public func report(
        period: Period, tasksByOfficer: [String: [UnifiedTask]], assessments: [String: StoredAssessment], at time: Timestamp,
        directory: Directory = .empty
    ) -> [OfficerScore] {
        Set(tasksByOfficer.keys).union(assessments.keys).sorted().compactMap { officer in
            let tasks = tasksByOfficer[officer] ?? []
            guard assessments[officer] != nil || hasWork(tasks, officer, period) else { return nil }
            return score(officer: officer, period: period, tasks: tasks, assessment: assessments[officer], at: time, directory: directory)
        }
    }

    /// True when a task places the officer in `period` (due, or assigned when it has no deadline, in it).
    func hasWork(_ tasks: [UnifiedTask], _ officer: String, _ period: Period) -> Bool {
        let name = period.description
        return tasks.contains { officers(of: $0).contains(officer) && periods(of: $0).contains(name) }
    }
}
