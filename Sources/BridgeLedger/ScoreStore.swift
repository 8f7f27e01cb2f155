import BridgeModel
import Foundation

/// Stored scores, the numbers kept at a period's close and their adjustments, and the assessments people enter.
public struct ScoreStore: Sendable {
    let database: LedgerDatabase

    /// The store over `database` (a ledger file's, or `LedgerDatabase.inMemory()`).
    public init(_ database: LedgerDatabase) { self.database = database }

    /// Stores assessments (one transaction, audited) and owes the scores of the officers and periods they name
    /// (the projector computes them).
    public func importAssessments(_ items: [StoredAssessment], origin: String, actor: String, at time: Timestamp) throws {
        try database.transaction(failure: "importing assessments from \(origin) failed") { tx in
            for item in items {
                try tx.db.insert(Table.Assessment(item, origin: origin, enteredAt: time), onConflict: .update)
                try tx.audit(
                    at: time, actor: actor, action: "assessment.import", subject: "\(item.officer) \(item.period)",
                    detail: "general \(item.generalPoints ?? "-"), sanction \(item.sanction) from \(origin)")
            }
            try tx.scores.oweScores(items.map { ScorePair(officer: $0.officer, period: $0.period) })
        }
    }

    /// Deletes the assessment of an officer and period (audited with the reason) and owes the pair's score, which
    /// goes back to provisional general points. Throws when there is none.
    public func deleteAssessment(officer: String, period: String, reason: String, actor: String, at time: Timestamp) throws {
        try database.transaction(failure: "deleting the assessment of \(officer) \(period) failed") { tx in
            guard try tx.db.execute(sql: "DELETE FROM assessment WHERE officer = ? AND period = ?", arguments: [officer, period]) > 0 else { throw LedgerError("no assessment for \(officer) in \(period)") }
            try tx.audit(at: time, actor: actor, action: "assessment.delete", subject: "\(officer) \(period)", detail: reason)
            try tx.scores.oweScores([ScorePair(officer: officer, period: period)])
        }
    }

    /// Every assessment, by period then officer, with where and when it was entered.
    public func allAssessments(period: String? = nil) throws -> [(assessment: StoredAssessment, origin: String?, enteredAt: String)] {
        try database.read { db in
            try db.fetchRecords(Table.Assessment.self, where: "CAST(?1 AS TEXT) IS NULL OR period = ?1", order: "period, officer", arguments: [period])
                .map { ($0.stored, $0.origin, $0.enteredAt.description) }
        }
    }

    /// The assessments entered for a period, by officer.
    public func assessments(period: String) throws -> [String: StoredAssessment] {
        try database.read { db in
            var out: [String: StoredAssessment] = [:]
            for row in try db.fetchRecords(Table.Assessment.self, where: "period = ?", arguments: [period]) {
                out[row.officer] = row.stored
            }
            return out
        }
    }

    /// The assessment entered for an officer and period, if any.
    public func assessment(officer: String, period: String) throws -> StoredAssessment? {
        try database.read { db in try LedgerStore.assessment(db, officer: officer, period: period) }
    }

    /// Stored current scores of a period (JSON rows), by officer; of one agency or unit only when given.
    public func stored(period: String, agency: String? = nil, unit: String? = nil) throws -> [String: String] {
        // Only the conditions given: `?2 IS NULL OR unit = ?2` would keep SQLite from the (period, unit) index
        // and read the whole period (a unit's page took 100 ms on 4,000 officers, a second under load on 40,000).
        var sql = "SELECT officer, body FROM score WHERE period = ?"
        var arguments: [(any SQLBindable)?] = [period]
        if let agency {
            sql += " AND agency = ?"
            arguments += [agency]
        }
        if let unit {
            sql += " AND unit = ?"
            arguments += [unit]
        }
        return try database.read { db in
            Dictionary(uniqueKeysWithValues: try LedgerRow.fetchAll(db, sql: sql, arguments: arguments).map { (try $0["officer"], try $0["body"]) })
        }
    }

    /// One group of a period's stored scores: the officers of one agency, unit and block at one level.
    public struct LevelGroup: Sendable, Hashable {
        public let agency: String?
        public let unit: String?
        public let block: String?
        public let level: String?
        /// Whether these officers' general points are provisional (not entered).
        public let provisional: Bool
        public let officers: Int
        /// Officers with a total, the sum of their totals, and the tasks assigned to all of them.
        public let scored: Int
        public let totalSum: Double
        public let assignedTasks: Int
    }

    /// A period's stored scores counted by agency, unit, block, level and provisional — the kept ones when the period is
    /// closed — aggregated in SQL (the dashboard of a province reads no body).
    public func levelGroups(period: String) throws -> [LevelGroup] {
        try database.read { db in
            let closed = try Bool.fetchOne(db, sql: "SELECT 1 FROM period_close WHERE period = ?", arguments: [period]) != nil
            // The figures are columns beside each body (`v20-score-columns`): nothing is parsed per row.
            let rows = try LedgerRow.fetchAll(
                db,
                sql: """
                    SELECT agency, unit, block, level, provisional, count(*) AS officers, count(total_micros) AS scored,
                      CAST(coalesce(sum(total_micros), 0) AS BIGINT) AS "totalMicros", CAST(coalesce(sum(assigned_tasks), 0) AS BIGINT) AS "assignedTasks"
                    FROM \(closed ? "score_closed" : "score") WHERE period = ? GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
                    """,
                arguments: [period])
            return try rows.map {
                LevelGroup(
                    agency: try $0["agency"], unit: try $0["unit"], block: try $0["block"], level: try $0["level"],
                    provisional: (try $0["provisional"] as Int) != 0, officers: try $0["officers"],
                    scored: try $0["scored"], totalSum: Double(try $0["totalMicros"] as Int64) / 1_000_000, assignedTasks: try $0["assignedTasks"])
            }
        }
    }

    /// The bodies of a period's stored scores with the highest totals (the kept ones when the period is closed),
    /// of `agencies` only when given; and how many there are in all.
    public func ranked(period: String, agencies: [String]?, limit: Int) throws -> (total: Int, bodies: [String]) {
        try database.read { db in
            let closed = try Bool.fetchOne(db, sql: "SELECT 1 FROM period_close WHERE period = ?", arguments: [period]) != nil
            let scope = agencies.map { " AND agency IN (\($0.map { _ in "?" }.joined(separator: ", ")))" } ?? ""
            let from = "FROM \(closed ? "score_closed" : "score") WHERE period = ?\(scope)"
            let arguments = ([period] + (agencies ?? [])).map { $0 as (any SQLBindable)? }
            let total = try Int.fetchOne(db, sql: "SELECT count(*) \(from)", arguments: arguments) ?? 0
            let bodies = try String.fetchAll(
                db, sql: "SELECT body \(from) ORDER BY total_micros DESC NULLS LAST, officer LIMIT ?", arguments: arguments + [limit])
            return (total, bodies)
        }
    }

    /// The average stored total of a period's officers that have one (of `agencies` only, when given), as a
    /// floating-point number for charts; nil when none has. Computed in SQL: a year's trend reads no bodies.
    public func averageTotal(period: String, agencies: [String]?) throws -> Double? {
        let scope = agencies.map { " AND agency IN (\($0.map { _ in "?" }.joined(separator: ", ")))" } ?? ""
        return try database.read { db in
            try Double.fetchOne(
                db, sql: "SELECT CAST(avg(total_micros) AS DOUBLE PRECISION) / 1000000 FROM score WHERE period = ? AND total_micros IS NOT NULL\(scope)",
                arguments: ([period] + (agencies ?? [])).map { $0 as (any SQLBindable)? })
        }
    }

    /// True when some stored score of `period` (of any period, when nil) has been moved by time by `time` (a deadline or completion it
    /// had not reached): reading the period's scores then computes them again first.
    public func hasStale(period: String?, at time: Timestamp) throws -> Bool {
        try database.read { db in
            try Bool.fetchOne(
                db, sql: "SELECT 1 FROM score WHERE stale_at IS NOT NULL AND stale_at <= ?1 AND (CAST(?2 AS TEXT) IS NULL OR period = ?2) LIMIT 1",
                arguments: [time.millis, period]) != nil
        }
    }

    /// The scores kept when the period was closed, or nil when it is open.
    /// Every closed period, with when and by whom it was closed, newest first.
    public func closedPeriods() throws -> [(period: String, closedAt: String, actor: String)] {
        try database.read { db in
            try db.fetchRecords(Table.PeriodClose.self, order: "closed_at DESC, period").map { ($0.period, $0.closedAt.description, $0.actor) }
        }
    }

    public func closed(period: String) throws -> [String: String]? {
        try database.read { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM period_close WHERE period = ?", arguments: [period]) != nil else { return nil }
            return Dictionary(uniqueKeysWithValues: try LedgerRow.fetchAll(db, sql: "SELECT officer, body FROM score_closed WHERE period = ?", arguments: [period])
                .map { (try $0["officer"], try $0["body"]) })
        }
    }

    /// Adjustments recorded after a period was closed: (officer, at, cause), oldest first.
    public func adjustments(period: String) throws -> [(officer: String, at: String, cause: String)] {
        try database.read { db in
            try db.fetchRecords(Table.ScoreAdjustment.self, where: "period = ?", order: "id", arguments: [period]).map { ($0.officer, $0.at.description, $0.cause) }
        }
    }
}
