import BridgeModel
import Foundation

/// Officers' proposals of their general points and the leaders' confirmations (docs/scoring.md,
/// "Self-assessment"); each step audited with both values.
public struct SelfAssessmentStore: Sendable {
    let database: LedgerDatabase

    public init(_ database: LedgerDatabase) { self.database = database }

    /// Keeps `item` as the officer's proposal for its period (a new proposal replaces one not yet confirmed).
    public func propose(_ item: SelfAssessment, actor: String) throws {
        try database.transaction(failure: "keeping the self-assessment failed") { tx in
            if let kept = try tx.db.fetchRecord(Table.SelfAssessment.self, where: "officer = ? AND period = ?", arguments: [item.officer, item.period]),
                kept.item.state == .confirmed
            {
                throw LedgerError("the self-assessment of \(item.officer) for \(item.period) is confirmed already")
            }
            try tx.db.insert(Table.SelfAssessment(item: item), onConflict: .update)
            try tx.audit(
                at: item.proposedAt, actor: actor, action: "self-assessment.propose", subject: "\(item.officer) \(item.period)",
                detail: "points \(item.proposedPoints)\(item.comment.map { "; comment: \($0)" } ?? "")")
        }
    }

    /// Marks the proposal confirmed with `points` (audited with the proposal beside it).
    public func confirm(officer: String, period: String, points: String, comment: String?, actor: String, at time: Timestamp) throws {
        try database.transaction(failure: "confirming the self-assessment failed") { tx in
            guard var kept = try tx.db.fetchRecord(Table.SelfAssessment.self, where: "officer = ? AND period = ?", arguments: [officer, period])?.item else {
                throw LedgerError("\(officer) has proposed no points for \(period)")
            }
            guard kept.state == .proposed else { throw LedgerError("the self-assessment of \(officer) for \(period) is confirmed already") }
            kept.state = .confirmed
            kept.confirmedPoints = points
            kept.leaderComment = comment
            kept.confirmedAt = time
            kept.confirmedBy = actor
            try tx.db.insert(Table.SelfAssessment(item: kept), onConflict: .update)
            try tx.audit(
                at: time, actor: actor, action: kept.changed ? "self-assessment.change" : "self-assessment.confirm", subject: "\(officer) \(period)",
                detail: "proposed \(kept.proposedPoints), confirmed \(points)\(comment.map { "; comment: \($0)" } ?? "")")
        }
    }

    /// The self-assessments of `period` (of `officer` alone when given), by officer.
    public func list(period: String? = nil, officer: String? = nil) throws -> [SelfAssessment] {
        var conditions: [String] = []
        var arguments: [(any SQLBindable)?] = []
        if let period { conditions.append("period = ?"); arguments.append(period) }
        if let officer { conditions.append("officer = ?"); arguments.append(officer) }
        return try database.read { db in
            try db.fetchRecords(Table.SelfAssessment.self, where: conditions.joined(separator: " AND "), order: "officer, period", arguments: arguments).map(\.item)
        }
    }
}
