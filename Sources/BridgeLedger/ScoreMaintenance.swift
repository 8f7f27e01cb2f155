import BridgeModel
import Foundation
import GRDB

/// Re-scores (officer, period) pairs inside an open write transaction, and records adjustments of closed periods.
struct ScoreMaintenance {
    /// One stored score's coordinates.
    struct Pair: Hashable, Comparable {
        let officer: String
        let period: String
        static func < (a: Pair, b: Pair) -> Bool { (a.officer, a.period) < (b.officer, b.period) }
    }

    let db: Database
    let deriver: any ScoreDeriver
    let time: Timestamp
    /// What caused the re-scoring, for adjustments and the audit log.
    let cause: String
    /// The identity directory when the caller has it; read from the database otherwise.
    var directory: Directory?

    init(db: Database, deriver: any ScoreDeriver, time: Timestamp, cause: String) {
        self.db = db
        self.deriver = deriver
        self.time = time
        self.cause = cause
    }

    /// The pairs a change of a task (before → after) can move.
    func pairs(before: UnifiedTask?, after: UnifiedTask) -> Set<Pair> {
        var out = Set<Pair>()
        for version in [before, after].compactMap({ $0 }) {
            for officer in deriver.officers(of: version) {
                for period in deriver.periods(of: version) { out.insert(Pair(officer: officer, period: period)) }
            }
        }
        return out
    }

    /// Full recomputation: every pair that a task or an assessment names, from scratch. Returns the pair count.
    @discardableResult
    func rescoreAll() throws -> Int {
        var pairs = try taskPairs()
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT officer, period FROM assessment")) {
            pairs.insert(Pair(officer: row["officer"], period: row["period"]))
        }
        try db.execute(sql: "DELETE FROM score")
        try db.execute(sql: "DELETE FROM score_dirty")
        try rescore(pairs)
        return pairs.count
    }

    /// The pairs that the stored tasks name (in `period` only, when given).
    func taskPairs(in period: String? = nil) throws -> Set<Pair> {
        var pairs = Set<Pair>()
        // A cursor, not an array: the bodies of a large ledger do not fit in memory at once.
        let bodies = try String.fetchCursor(db.cachedStatement(sql: "SELECT body FROM task WHERE key IN (SELECT task_key FROM task_officer)"))
        while let body = try bodies.next() {
            let named = self.pairs(before: nil, after: try SQLiteLedgerStore.decodeTask(body))
            pairs.formUnion(period.map { period in named.filter { $0.period == period } } ?? named)
        }
        return pairs
    }

    /// Recomputes and stores each pair; returns the pairs whose stored score changed (`officer period`).
    @discardableResult
    func rescore(_ pairs: Set<Pair>) throws -> Set<String> {
        var changed = Set<String>()
        let directory = try self.directory ?? SQLiteLedgerStore.directory(db)
        var tasksOf: (officer: String, tasks: [UnifiedTask])?
        for pair in pairs.sorted() {
            // Pairs are sorted by officer: each officer's tasks are read once.
            if tasksOf?.officer != pair.officer { tasksOf = (pair.officer, try SQLiteLedgerStore.officerTasks(db, pair.officer)) }
            let tasks = tasksOf!.tasks
            let assessment = try SQLiteLedgerStore.assessment(db, officer: pair.officer, period: pair.period)
            // A closed period is evaluated at its closing time, so only real changes move its numbers.
            let closedAt = try String.fetchOne(db.cachedStatement(sql: "SELECT closed_at FROM period_close WHERE period = ?"), arguments: [pair.period])
            let at = closedAt.flatMap(Timestamp.init(iso8601:)) ?? time
            guard let derived = try deriver.score(officer: pair.officer, period: pair.period, tasks: tasks, assessment: assessment, at: at, directory: directory)
            else {
                try db.executeCached(sql: "DELETE FROM score WHERE officer = ? AND period = ?", arguments: [pair.officer, pair.period])
                if db.changesCount > 0 { changed.insert("\(pair.officer) \(pair.period)") }
                continue
            }
            let old = try String.fetchOne(db.cachedStatement(sql: "SELECT fingerprint FROM score WHERE officer = ? AND period = ?"), arguments: [pair.officer, pair.period])
            if old != derived.fingerprint { changed.insert("\(pair.officer) \(pair.period)") }
            try db.executeCached(
                sql: """
                    INSERT INTO score (officer, period, evaluated_at, fingerprint, body) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(officer, period) DO UPDATE SET evaluated_at = excluded.evaluated_at,
                      fingerprint = excluded.fingerprint, body = excluded.body
                    """,
                arguments: [pair.officer, pair.period, at.description, derived.fingerprint, derived.body])
            try recordAdjustment(pair, derived)
        }
        return changed
    }

    /// A closed period keeps its numbers; a later change to them is kept as an audited adjustment.
    private func recordAdjustment(_ pair: Pair, _ derived: DerivedScore) throws {
        guard try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM period_close WHERE period = ?"), arguments: [pair.period]) != nil
        else { return }
        let closed = try Row.fetchOne(db.cachedStatement(sql: "SELECT fingerprint, body FROM score_closed WHERE officer = ? AND period = ?"),
            arguments: [pair.officer, pair.period])
        let last = try Row.fetchOne(db.cachedStatement(sql: "SELECT after FROM score_adjustment WHERE officer = ? AND period = ? ORDER BY id DESC LIMIT 1"),
            arguments: [pair.officer, pair.period])
        let currentFingerprint: String? = last == nil ? closed?["fingerprint"] : try Self.fingerprint(ofAdjustment: last!["after"])
        guard currentFingerprint != derived.fingerprint else { return }
        let before: String? = last?["after"] ?? closed?["body"]
        try db.executeCached(
            sql: "INSERT INTO score_adjustment (officer, period, at, cause, before, after) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [pair.officer, pair.period, time.description, cause, before, derived.body + "\n" + derived.fingerprint])
        try SQLiteLedgerStore.audit(
            db, at: time, actor: "bridge", action: "score.adjust", subject: "\(pair.officer) \(pair.period)",
            detail: "closed period changed by \(cause)")
    }

    static func fingerprint(ofAdjustment stored: String) throws -> String {
        String(stored.split(separator: "\n").last ?? "")
    }
}
