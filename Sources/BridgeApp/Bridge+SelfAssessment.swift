import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeScoring
import BridgeWorkload
import Foundation

/// Self-assessment (docs/scoring.md, "Self-assessment"): an officer proposes their general points in the period's
/// window; their unit's leader — or an admin of the agency — confirms or changes them. Only confirmed points are
/// entered as the assessment (ending the provisional mark); both values stay in the audit log.
extension Bridge {
    /// Keeps `officer`'s proposal of `points` (0 to the policy's maximum) for `period`, inside its window.
    public func proposeSelfAssessment(officer: String, period: Period, points: String, comment: String?, actor: String, at time: Timestamp) throws {
        let checked = try AssessmentFile.validated(
            officer: officer, period: period.description, generalPoints: points, sanction: false, maxGeneralPoints: scoreBook.scorer.policy.generalPointsMax)
        guard let decimal = checked.generalPoints else { throw AppError("points are needed (0 to \(scoreBook.scorer.policy.generalPointsMax.plain))") }
        let window = configuration.selfAssessment.window(period)
        guard window.opens <= time, time < window.closes else {
            throw AppError("the self-assessment window of \(period) is \(window.opens.day()) to \(window.closes.day()): it is not open now")
        }
        if try store.scores.closed(period: period.description) != nil { throw AppError("period \(period) is closed") }
        try store.selfAssessments.propose(
            SelfAssessment(
                officer: officer, period: period.description, proposedPoints: decimal, comment: comment?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty,
                proposedAt: time), actor: actor)
    }

    /// Confirms `officer`'s proposal for `period` as it is, or with `points` instead; enters the confirmed points as
    /// the period's general points (a sanction already entered is kept).
    public func confirmSelfAssessment(officer: String, period: Period, points: String?, comment: String?, actor: String, at time: Timestamp) throws {
        guard let proposal = try store.selfAssessments.list(period: period.description, officer: officer).first else {
            throw AppError("\(officer) has proposed no points for \(period)")
        }
        guard proposal.state == .proposed else { throw AppError("the self-assessment of \(officer) for \(period) is confirmed already") }
        if try store.scores.closed(period: period.description) != nil { throw AppError("period \(period) is closed") }
        let sanction = try store.scores.assessment(officer: officer, period: period.description)?.sanction ?? false
        let confirmed = try AssessmentFile.validated(
            officer: officer, period: period.description, generalPoints: points?.nilIfEmpty ?? proposal.proposedPoints, sanction: sanction,
            maxGeneralPoints: scoreBook.scorer.policy.generalPointsMax)
        try importAssessments([confirmed], origin: "self-assessment", actor: actor, at: time)
        try store.selfAssessments.confirm(
            officer: officer, period: period.description, points: confirmed.generalPoints ?? proposal.proposedPoints,
            comment: comment?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty, actor: actor, at: time)
    }

    /// True when `leader` leads `officer`'s unit on `day` (see `Leadership`).
    public func leads(_ leader: String, officer: String, on day: CalendarDay) throws -> Bool {
        try leadership(on: day).leads(leader, officer: officer)
    }

    /// Who leads which unit on `day`, read once (the directory, the position catalogue, the assignments).
    public func leadership(on day: CalendarDay) throws -> Leadership {
        Leadership(
            directory: try store.directory.current(), catalogue: try store.references.current("positions", as: [Position].self) ?? [],
            assignments: try store.references.current("assignments", as: [PositionAssignment].self) ?? [], on: day)
    }
}

/// The leaders of each unit on a day: the officers of the unit (same agency and unit) whose position — by the
/// assignments imported for workload, else the directory's — is on the position catalogue's leadership list.
public struct Leadership: Sendable {
    /// Leaders by `agency/unit`.
    let leaders: [String: [String]]
    let directory: Directory

    public init(directory: Directory, catalogue: [Position], assignments: [PositionAssignment], on day: CalendarDay) {
        self.directory = directory
        let leading = Set(catalogue.filter { $0.list == .leadership }.map(\.code))
        var held: [String: String] = [:]
        for assignment in assignments where assignment.from <= day && (assignment.to.map { day <= $0 } ?? true) { held[assignment.officer] = assignment.position }
        var leaders: [String: [String]] = [:]
        for officer in directory.officers.values {
            guard let agency = officer.agency, let unit = officer.unit, let position = held[officer.id] ?? officer.position, leading.contains(position) else { continue }
            leaders["\(agency)/\(unit)", default: []].append(officer.id)
        }
        self.leaders = leaders.mapValues { $0.sorted() }
    }

    /// The leaders of `officer`'s unit, the officer left out.
    public func leaders(of officer: String) -> [String] {
        guard let person = directory.officers[officer], let agency = person.agency, let unit = person.unit else { return [] }
        return (leaders["\(agency)/\(unit)"] ?? []).filter { $0 != officer }
    }

    /// True when `leader` leads `officer`'s unit.
    public func leads(_ leader: String, officer: String) -> Bool { leaders(of: officer).contains(leader) }
}
