import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeScoring
import Foundation

/// What people enter — assessments, the directory, period closes — and the projections brought up to it.
extension Bridge {
    /// Stores assessments (audited) and scores the officers and periods they name.
    /// An officer that no directory officer holds and no task names is refused, and nothing is imported: it is
    /// almost always a typing error, and its points would sit on a score row nobody owns.
    public func importAssessments(_ items: [StoredAssessment], origin: String, actor: String, at time: Timestamp) throws {
        let directory = try store.directory.current()
        let unknown = try Set(items.map(\.officer)).filter { try !isKnownOfficer($0, directory: directory) }.sorted()
        if !unknown.isEmpty {
            throw AppError("\(origin): nothing imported: no directory officer holds and no task names \(unknown.joined(separator: ", ")) (check the spelling, or import the directory first)")
        }
        try store.scores.importAssessments(items, origin: origin, actor: actor, at: time)
        try importer.projector.run(at: time, cause: "assessment \(origin)")
        try store.makeDurable()
    }

    /// Deletes an assessment (audited with the reason); the officer's score goes back to provisional general points.
    public func deleteAssessment(officer: String, period: String, reason: String, actor: String, at time: Timestamp) throws {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw AppError("deleting an assessment needs --reason") }
        try store.scores.deleteAssessment(officer: officer, period: period, reason: reason, actor: actor, at: time)
        try importer.projector.run(at: time, cause: "assessment deleted")
        try store.makeDurable()
    }

    /// Replaces the identity directory (audited), resolves every task's people through it and scores them again.
    /// Returns how many tasks changed.
    @discardableResult
    public func importDirectory(
        _ officers: [Directory.Officer], agencies: [Directory.Agency] = [], origin: String, actor: String, at time: Timestamp
    ) throws -> Int {
        try store.directory.replace(officers, agencies: agencies, origin: origin, actor: actor, at: time)
        let summary = try importer.projector.run(at: time, cause: "directory \(origin)")
        try store.makeDurable()
        return summary.updatedTasks + summary.newTasks
    }

    /// Closes a period: its scores, brought up to `time`, are kept as they are; later changes become audited
    /// adjustments. Returns how many officer scores were kept.
    public func closePeriod(_ period: String, actor: String, at time: Timestamp) throws -> Int {
        if let parsed = Period(period), time < parsed.start {
            throw AppError("period \(period) has not begun at \(time): only a period that has begun can be closed")
        }
        try importer.projector.run(at: time, cause: "period close")
        let projector = importer.projector
        let kept = try store.write(failure: "closing period \(period) failed") { tx in
            // Every score of the period is computed at the closing time, then kept.
            var pairs = Set(try tx.assessedPairs(period: period))
            try tx.forEachTask { task in
                for pair in projector.pairs(of: task) where pair.period == period { pairs.insert(pair) }
            }
            try tx.oweScores(pairs)
            try projector.drain(tx, at: time, cause: "period close")
            return try tx.closePeriod(period, actor: actor, at: time)
        }
        try store.makeDurable()
        return kept
    }

    /// Opens a closed period again, for a `reason` the audit log keeps: its scores are computed again now and
    /// kept anew by the next close. Returns how many kept scores were dropped.
    @discardableResult
    public func reopenPeriod(_ period: String, reason: String, actor: String, at time: Timestamp) throws -> Int {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw AppError("reopening a period needs --reason") }
        let dropped = try store.write(failure: "reopening period \(period) failed") { tx in
            try tx.reopenPeriod(period, reason: reason, actor: actor, at: time)
        }
        try importer.projector.run(at: time, cause: "period reopen")
        try store.makeDurable()
        return dropped
    }

    /// Drops every projection — tasks' values, officer rows, stored scores — and computes it again from the facts.
    @discardableResult
    public func rebuild(at time: Timestamp) throws -> ProjectionSummary {
        let summary = try importer.projector.rebuild(at: time)
        try store.makeDurable()
        return summary
    }
}
