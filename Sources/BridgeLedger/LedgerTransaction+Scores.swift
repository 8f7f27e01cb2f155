import BridgeModel
import Foundation

extension LedgerTransaction {
    /// The score projection's queue and rows, periods and assessments, for the projector (`tx.scores`).
    public var scores: Scores { Scores(db: db) }

    /// A pair's score to store, evaluated at `at` (nil: nothing places the officer in the period any more), with
    /// the fingerprint stored until now (nil for none) and whether the period is closed.
    public struct ScoreToStore: Sendable {
        public let pair: ScorePair
        public let derived: DerivedScore?
        /// The evaluation time (a closed period's: its closing time).
        public let at: Timestamp
        public let closed: Bool
        public let stored: String?

        public init(_ pair: ScorePair, _ derived: DerivedScore?, at: Timestamp, closed: Bool, stored: String?) {
            self.pair = pair
            self.derived = derived
            self.at = at
            self.closed = closed
            self.stored = stored
        }
    }

    /// The score projection's queue and rows: a handle over the transaction.
    public struct Scores {
        let db: any LedgerSQL

        /// Queues pairs whose stored score must be computed again.
        public func oweScores<S: Sequence>(_ pairs: S) throws where S.Element == ScorePair {
            try db.insertLater(pairs.sorted().map(Table.ScoreDirty.init), onConflict: .ignore)
        }

        /// Queues every stored score of an open period that time has moved by `time` (see `DerivedScore.staleAt`),
        /// and every stored score when `period` is nil and `all`.
        public func oweStaleScores(period: String?, at time: Timestamp) throws {
            try db.execute(
                sql: """
                    INSERT INTO score_dirty (officer, period)
                      SELECT officer, period FROM score WHERE stale_at IS NOT NULL AND stale_at <= ?1 AND (CAST(?2 AS TEXT) IS NULL OR period = ?2)
                    ON CONFLICT DO NOTHING
                    """,
                arguments: [time.millis, period])
        }

        /// Queues every pair that has a stored score or an assessment (a directory import, a rebuild, new rules).
        public func oweEveryStoredScore() throws {
            try db.execute(sql: """
                INSERT INTO score_dirty (officer, period)
                  SELECT officer, period FROM score UNION SELECT officer, period FROM assessment WHERE true
                ON CONFLICT DO NOTHING
                """)
        }

        /// Up to `limit` owed pairs, by officer then period.
        public func owedScores(limit: Int) throws -> [ScorePair] {
            try db.fetchRecords(Table.ScoreDirty.self, order: "officer, period", limit: limit).map(\.pair)
        }

        /// Takes pairs off the queue (after their scores are written, in the same transaction).
        public func settleScores(_ pairs: [ScorePair]) throws {
            try db.deleteLater(pairs.map(Table.ScoreDirty.init))
        }

        /// Every stored score's body (the `score --format json` row), by pair: a dry run compares them before and after.
        public func storedScoreBodies() throws -> [ScorePair: String] {
            var out: [ScorePair: String] = [:]
            for row in try LedgerRow.fetchAll(db, sql: "SELECT officer, period, body FROM score") {
                out[ScorePair(officer: try row["officer"], period: try row["period"])] = try row["body"]
            }
            return out
        }

        /// Drops every stored current score and every owed one (a rebuild computes them all again).
        public func dropScores() throws {
            try db.execute(sql: "DELETE FROM score")
            try db.execute(sql: "DELETE FROM score_dirty")
        }

        /// The assessment entered for a pair, if any.
        public func assessment(_ pair: ScorePair) throws -> StoredAssessment? {
            try LedgerStore.assessment(db, officer: pair.officer, period: pair.period)
        }

        /// The stored fingerprints and the assessments of `pairs`, read in a few queries for a whole batch.
        public func scoreInputs(_ pairs: [ScorePair]) throws -> (fingerprints: [ScorePair: String], assessments: [ScorePair: StoredAssessment]) {
            let wanted = Set(pairs)
            let officers = Array(Set(pairs.map(\.officer))).sorted()
            var fingerprints: [ScorePair: String] = [:]
            try db.forEachRow("SELECT officer, period, fingerprint FROM score WHERE officer IN", officers) { row in
                let pair = ScorePair(officer: try row["officer"], period: try row["period"])
                if wanted.contains(pair) { fingerprints[pair] = try row["fingerprint"] }
            }
            var assessments: [ScorePair: StoredAssessment] = [:]
            try db.forEachRecord(Table.Assessment.self, whereIn: "officer", officers) { row in
                let pair = ScorePair(officer: row.officer, period: row.period)
                if wanted.contains(pair) { assessments[pair] = row.stored }
            }
            return (fingerprints, assessments)
        }

        /// Every pair that has an assessment, in `period` only when given.
        public func assessedPairs(period: String? = nil) throws -> [ScorePair] {
            try LedgerRow.fetchAll(db, sql: "SELECT officer, period FROM assessment WHERE CAST(?1 AS TEXT) IS NULL OR period = ?1", arguments: [period])
                .map { ScorePair(officer: try $0["officer"], period: try $0["period"]) }
        }

        /// When `period` was closed, or nil while it is open.
        public func closedAt(_ period: String) throws -> Timestamp? {
            try db.fetchRecord(Table.PeriodClose.self, where: "period = ?", arguments: [period])?.closedAt
        }

        /// Stores a batch of scores (a nil one is removed) and returns, for each, whether its numbers moved. A closed
        /// period keeps its numbers; a change to them is kept as an audited adjustment naming `cause`. The rows go out
        /// together: a few multi-row statements on PostgreSQL. Each pair at most once. An adjustment and its audit
        /// entry carry `recordedAt`, the time of the change that caused it (not the period's evaluation time).
        public func storeScores(_ scores: [ScoreToStore], cause: String, recordedAt: Timestamp) throws -> [Bool] {
            var upserts: [Table.Score] = []
            var removals: [[(any SQLBindable)?]] = []
            for score in scores {
                if let derived = score.derived {
                    upserts.append(Table.Score(score.pair, derived, evaluatedAt: score.at))
                } else if score.stored != nil {
                    removals.append([score.pair.officer, score.pair.period])
                }
            }
            try db.insertLater(upserts, onConflict: .update)
            try db.deleteLater(Table.Score.self, keys: removals)
            for score in scores where score.closed {
                if let derived = score.derived { try recordAdjustment(score.pair, derived, at: recordedAt, cause: cause) }
            }
            return scores.map { $0.stored != $0.derived?.fingerprint }
        }

        /// Writes every kept fingerprint again from its body through `fingerprint` — current scores, scores kept at
        /// close, and the last line of each adjustment's `after` — where it does not start with `prefix` yet: a ledger
        /// whose fingerprints were made another way compares like a new one. Returns how many were rewritten.
        @discardableResult
        public func refingerprintScores(prefix: String, _ fingerprint: (String) throws -> String) throws -> Int {
            var rewritten = 0
            for table in ["score", "score_closed"] {
                let rows = try LedgerRow.fetchAll(db, sql: "SELECT officer, period, body, fingerprint FROM \(table)")
                for row in rows {
                    let old: String = try row["fingerprint"]
                    guard !old.hasPrefix(prefix) else { continue }
                    let officer: String = try row["officer"], period: String = try row["period"], body: String = try row["body"]
                    let new = try reading(table, officer, period) { try fingerprint(body) }
                    try db.executeLater(sql: "UPDATE \(table) SET fingerprint = ? WHERE officer = ? AND period = ?", arguments: [new, officer, period])
                    rewritten += 1
                }
            }
            for row in try LedgerRow.fetchAll(db, sql: "SELECT id, officer, period, after FROM score_adjustment") {
                let after: String = try row["after"]
                guard let newline = after.lastIndex(of: "\n"), !after[after.index(after: newline)...].hasPrefix(prefix) else { continue }
                let body = String(after[..<newline])
                let new = try reading("score_adjustment", row["officer"], row["period"]) { try fingerprint(body) }
                let id: Int64 = try row["id"]
                try db.executeLater(sql: "UPDATE score_adjustment SET after = ? WHERE id = ?", arguments: [body + "\n" + new, id])
                rewritten += 1
            }
            return rewritten
        }

        /// Runs `read` on a stored score's body; its error names the table, officer and period.
        private func reading(_ table: String, _ officer: String, _ period: String, _ read: () throws -> String) throws -> String {
            do { return try read() } catch { throw LedgerError("\(table) \(officer) \(period): the stored body cannot be read: \(error)") }
        }

        /// Closes a period whose scores were just computed at `time`: they are kept as they are, and later changes
        /// become audited adjustments. Returns how many scores were kept.
        public func closePeriod(_ period: String, actor: String, at time: Timestamp) throws -> Int {
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM period_close WHERE period = ?", arguments: [period]) != nil {
                throw LedgerError("period \(period) is already closed")
            }
            try db.insert(Table.PeriodClose(period: period, closedAt: time, actor: actor))
            try db.execute(sql: "UPDATE score SET stale_at = NULL WHERE period = ?", arguments: [period])
            let kept = try db.execute(
                sql: """
                    INSERT INTO score_closed (\(Table.ScoreClosed.columnList))
                      SELECT \(Table.ScoreClosed.columnList) FROM score WHERE period = ?
                    """,
                arguments: [period])
            try LedgerStore.audit(db, at: time, actor: actor, action: "period.close", subject: period, detail: "\(kept) officer score(s) kept")
            return kept
        }

        /// Opens a closed period again (`kpibridge period reopen`): the numbers kept at close and the adjustments
        /// recorded since are dropped (the audit log keeps what happened), and every stored score of the period is
        /// owed, to be computed again at the time of the next projection. Returns how many kept scores were dropped.
        public func reopenPeriod(_ period: String, reason: String, actor: String, at time: Timestamp) throws -> Int {
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM period_close WHERE period = ?", arguments: [period]) != nil else {
                throw LedgerError("period \(period) is not closed")
            }
            let kept = try db.execute(sql: "DELETE FROM score_closed WHERE period = ?", arguments: [period])
            let adjustments = try db.execute(sql: "DELETE FROM score_adjustment WHERE period = ?", arguments: [period])
            try db.execute(sql: "DELETE FROM period_close WHERE period = ?", arguments: [period])
            try db.execute(
                sql: "INSERT INTO score_dirty (officer, period) SELECT officer, period FROM score WHERE period = ? ON CONFLICT DO NOTHING", arguments: [period])
            try LedgerStore.audit(db, at: time, actor: actor, action: "period.reopen", subject: period,
                detail: "\(reason) — \(kept) kept score(s) and \(adjustments) adjustment(s) dropped")
            return kept
        }

        private func recordAdjustment(_ pair: ScorePair, _ derived: DerivedScore, at time: Timestamp, cause: String) throws {
            let closed = try LedgerRow.fetchOne(db, sql: "SELECT fingerprint, body FROM score_closed WHERE officer = ? AND period = ?",
                arguments: [pair.officer, pair.period])
            let last = try String.fetchOne(db, sql: "SELECT after FROM score_adjustment WHERE officer = ? AND period = ? ORDER BY id DESC LIMIT 1",
                arguments: [pair.officer, pair.period])
            let currentFingerprint: String? = try last.map { String($0.split(separator: "\n").last ?? "") } ?? closed?["fingerprint"]
            guard currentFingerprint != derived.fingerprint else { return }
            let before: String? = try last ?? closed?["body"]
            try db.insert(Table.ScoreAdjustment(
                officer: pair.officer, period: pair.period, at: time, cause: cause, before: before, after: derived.body + "\n" + derived.fingerprint))
            try LedgerStore.audit(db, at: time, actor: "bridge", action: "score.adjust", subject: "\(pair.officer) \(pair.period)", detail: "closed period changed by \(cause)")
        }
    }
}
