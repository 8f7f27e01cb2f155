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

    private func requireDeriver() throws -> any ScoreDeriver {
        guard let deriver else { throw LedgerError("ledger \(path): opened without scoring") }
        return deriver
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

    /// Stores assessments (one transaction, audited) and re-scores the officers and periods they name.
    public func importAssessments(_ items: [StoredAssessment], origin: String, actor: String, at time: Timestamp) throws {
        let deriver = try requireDeriver()
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
            let maintenance = ScoreMaintenance(db: db, deriver: deriver, time: time, cause: "assessment \(origin)")
            try maintenance.rescore(Set(items.map { .init(officer: $0.officer, period: $0.period) }))
        }
    }

    /// Full recomputation: every stored score derived again from the tasks, evaluated at `time`.
    @discardableResult
    public func recomputeScores(at time: Timestamp) throws -> Int {
        let deriver = try requireDeriver()
        return try write { db in
            try ScoreMaintenance(db: db, deriver: deriver, time: time, cause: "full recomputation").rescoreAll()
        }
    }

    /// Closes a period: its scores at `time` are kept as they are; later changes become audited adjustments.
    public func closePeriod(_ period: String, actor: String, at time: Timestamp) throws -> Int {
        let deriver = try requireDeriver()
        return try write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM period_close WHERE period = ?", arguments: [period]) != nil {
                throw LedgerError("period \(period) is already closed")
            }
            let maintenance = ScoreMaintenance(db: db, deriver: deriver, time: time, cause: "period close")
            var pairs = try maintenance.taskPairs(in: period)
            for officer in try String.fetchAll(db, sql: "SELECT officer FROM assessment WHERE period = ?", arguments: [period]) {
                pairs.insert(.init(officer: officer, period: period))
            }
            try maintenance.rescore(pairs)
            try db.execute(sql: "INSERT INTO period_close (period, closed_at, actor) VALUES (?, ?, ?)", arguments: [period, time.description, actor])
            try db.execute(
                sql: "INSERT INTO score_closed (officer, period, fingerprint, body) SELECT officer, period, fingerprint, body FROM score WHERE period = ?",
                arguments: [period])
            try Self.audit(db, at: time, actor: actor, action: "period.close", subject: period, detail: "\(pairs.count) officer score(s) kept")
            return pairs.count
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

    /// Recomputes every owed score (see `IngestBatch.deferScoring`), in transactions of at most 2,000 pairs;
    /// returns the scores that moved (`officer period`). Also settles what a crashed run left owed.
    @discardableResult
    public func settleScores(at time: Timestamp, cause: String) throws -> Set<String> {
        guard let deriver else { return [] }
        var moved = Set<String>()
        while true {
            let done: Bool = try write(failure: "settling owed scores failed") { db in
                let rows = try Row.fetchAll(db, sql: "SELECT officer, period FROM score_dirty ORDER BY officer, period LIMIT 2000")
                if rows.isEmpty { return true }
                var maintenance = ScoreMaintenance(db: db, deriver: deriver, time: time, cause: cause)
                maintenance.directory = try cachedDirectory(db)
                let pairs = Set(rows.map { ScoreMaintenance.Pair(officer: $0["officer"], period: $0["period"]) })
                moved.formUnion(try maintenance.rescore(pairs))
                let delete = try db.cachedStatement(sql: "DELETE FROM score_dirty WHERE officer = ? AND period = ?")
                for pair in pairs { try delete.execute(arguments: [pair.officer, pair.period]) }
                return false
            }
            if done { return moved }
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
