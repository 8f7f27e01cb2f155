import BridgeModel
import Foundation
import GRDB

extension SQLiteLedgerStore {
    /// Every task that names `officer` (main handler or coordinator), ordered by key.
    static func officerTasks(_ db: Database, _ officer: String) throws -> [UnifiedTask] {
        try String.fetchAll(
            db.cachedStatement(sql: "SELECT body FROM task WHERE key IN (SELECT task_key FROM task_officer WHERE officer = ?) ORDER BY key"),
            arguments: [officer]
        ).map(decodeTask)
    }

    static func assessment(_ db: Database, officer: String, period: String) throws -> StoredAssessment? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT general_points, sanction FROM assessment WHERE officer = ? AND period = ?"),
            arguments: [officer, period]
        ).map { StoredAssessment(officer: officer, period: period, generalPoints: $0["general_points"], sanction: $0["sanction"]) }
    }

    static func audit(_ db: Database, at: Timestamp, actor: String, action: String, subject: String?, detail: String?) throws {
        try db.executeCached(
            sql: "INSERT INTO audit (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
            arguments: [at.description, actor, action, subject, detail])
    }

    /// Tasks per officer, for scoring everyone at once.
    public func tasksByOfficer() throws -> [String: [UnifiedTask]] {
        try pool.read { db in
            var out: [String: [UnifiedTask]] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT o.officer, t.body FROM task_officer o JOIN task t ON t.key = o.task_key ORDER BY o.officer, t.key")
            {
                let officer: String = row["officer"]
                let task = try Self.decodeTask(row["body"])
                if out[officer]?.last?.key != task.key { out[officer, default: []].append(task) }
            }
            return out
        }
    }

    /// The assessments entered for a period, by officer.
    public func assessments(period: String) throws -> [String: StoredAssessment] {
        try pool.read { db in
            var out: [String: StoredAssessment] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM assessment WHERE period = ?", arguments: [period]) {
                let a = StoredAssessment(officer: row["officer"], period: period, generalPoints: row["general_points"], sanction: row["sanction"])
                out[a.officer] = a
            }
            return out
        }
    }

    /// Stores assessments (one transaction, audited) and owes the scores of the officers and periods they name
    /// (the projector computes them).
    public func importAssessments(_ items: [StoredAssessment], origin: String, actor: String, at time: Timestamp) throws {
        try write { db in
            for item in items {
                try db.execute(
                    sql: """
                        INSERT INTO assessment (officer, period, general_points, sanction, origin, entered_at) VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT(officer, period) DO UPDATE SET general_points = excluded.general_points,
                          sanction = excluded.sanction, origin = excluded.origin, entered_at = excluded.entered_at
                        """,
                    arguments: [item.officer, item.period, item.generalPoints, item.sanction, origin, time.description])
                try Self.audit(
                    db, at: time, actor: actor, action: "assessment.import", subject: "\(item.officer) \(item.period)",
                    detail: "general \(item.generalPoints ?? "-"), sanction \(item.sanction) from \(origin)")
            }
            try LedgerTransaction(db: db, store: self).oweScores(items.map { ScorePair(officer: $0.officer, period: $0.period) })
        }
    }

    /// Every task that names `officer` (main handler or coordinator), ordered by key.
    public func tasks(officer: String) throws -> [UnifiedTask] {
        try pool.read { db in try Self.officerTasks(db, officer) }
    }

    /// The assessment entered for an officer and period, if any.
    public func assessment(officer: String, period: String) throws -> StoredAssessment? {
        try pool.read { db in try Self.assessment(db, officer: officer, period: period) }
    }

    /// How many task keys and scores the projector still owes.
    public func queued() throws -> (tasks: Int, scores: Int) {
        try pool.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM task_dirty") ?? 0, try Int.fetchOne(db, sql: "SELECT count(*) FROM score_dirty") ?? 0)
        }
    }

    /// Stored current scores of a period (JSON rows), by officer.
    public func storedScores(period: String) throws -> [String: String] {
        try pool.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT officer, body FROM score WHERE period = ?", arguments: [period])
                .map { ($0["officer"], $0["body"]) })
        }
    }

    /// The scores kept when the period was closed, or nil when it is open.
    public func closedScores(period: String) throws -> [String: String]? {
        try pool.read { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM period_close WHERE period = ?", arguments: [period]) != nil else { return nil }
            return Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT officer, body FROM score_closed WHERE period = ?", arguments: [period])
                .map { ($0["officer"], $0["body"]) })
        }
    }

    /// Adjustments recorded after a period was closed: (officer, at, cause), oldest first.
    public func adjustments(period: String) throws -> [(officer: String, at: String, cause: String)] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT officer, at, cause FROM score_adjustment WHERE period = ? ORDER BY id", arguments: [period])
                .map { ($0["officer"], $0["at"], $0["cause"]) }
        }
    }
}
