import BridgeModel
import Foundation
import GRDB

/// The work of one commit, inside one write transaction.
struct LedgerCommit {
    let db: Database
    let batch: IngestBatch
    let deriver: (any ScoreDeriver)?
    var summary = CommitSummary()
    /// Tasks whose values changed in this commit, before and after.
    private(set) var changes: [(before: UnifiedTask?, after: UnifiedTask)] = []
    /// Tasks that no record derives any more (reprocessing under a mapping that keys them differently): kept
    /// as they were, never silently removed.
    private(set) var orphaned: Set<TaskKey> = []
    /// The identity directory.
    let directory: Directory

    init(db: Database, batch: IngestBatch, deriver: (any ScoreDeriver)?, directory: Directory) {
        self.db = db
        self.batch = batch
        self.deriver = deriver
        self.directory = directory
    }

    mutating func run() throws -> CommitSummary {
        let now = batch.receivedAt.description
        try storePayload(at: now)
        KillPoint.payloadStored.reach()
        var touched: [TaskKey: String] = [:]
        summary.records = batch.entries.count
        var recordTasks: [[TaskKey]] = []
        // Dead letters of this payload that a record mapping now resolves: looked for once, not once per record.
        var unresolved = try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT 1 FROM dead_letter WHERE source = ? AND payload_hash = ? AND resolved_at IS NULL LIMIT 1"),
            arguments: [batch.source, batch.payload.hash]) != nil
        for entry in batch.entries {
            switch entry {
            case .failed(let letter):
                try storeDeadLetter(letter, at: now)
                unresolved = true
                recordTasks.append([])
            case .mapped(let refs, let patches):
                var keys: [TaskKey] = []
                var ids: [RecordRef: Int64] = [:]
                for ref in refs {
                    if batch.reprocess, let id = try reclaimRecord(ref, touching: &touched) {
                        ids[ref] = id
                    } else if let id = try insertRecord(ref, at: now) {
                        ids[ref] = id
                    }
                    // The record maps now: a dead letter of the same bytes (this record, or the whole payload) is resolved.
                    guard unresolved else { continue }
                    try db.executeCached(
                        sql: """
                            UPDATE dead_letter SET resolved_at = ? WHERE source = ? AND payload_hash = ?
                              AND record_id IN (?, '') AND resolved_at IS NULL
                            """,
                        arguments: [now, batch.source, batch.payload.hash, ref.recordId])
                    summary.resolvedDeadLetters += db.changesCount
                }
                for patch in patches {
                    guard let recordId = ids[patch.record] else { continue }  // already known: unchanged
                    let body = SQLiteLedgerStore.encode(patch)
                    SQLiteLedgerStore.patchCache.remember(body, patch)
                    try db.cachedStatement(sql: "INSERT OR IGNORE INTO task_patch (source_record_id, task_key, body) VALUES (?, ?, ?)")
                        .execute(arguments: [recordId, patch.taskKey.rawValue, body])
                    keys.append(patch.taskKey)
                    touched[patch.taskKey] = touched[patch.taskKey]
                        ?? "\(patch.record.source)/\(patch.record.recordId)@\(patch.record.recordVersion)"
                }
                recordTasks.append(keys)
            }
        }
        for key in touched.keys.sorted() {
            try refold(key, cause: touched[key]!, at: now)
        }
        if let checkpoint = batch.checkpoint {
            try db.executeCached(
                sql: """
                    INSERT INTO source_state (source, checkpoint, updated_at) VALUES (?, ?, ?)
                    ON CONFLICT(source) DO UPDATE SET checkpoint = excluded.checkpoint, updated_at = excluded.updated_at
                    """,
                arguments: [batch.source, try SQLiteLedgerStore.encode(checkpoint), now])
        }
        if let deriver, !changes.isEmpty {
            // Only the officers and periods these changes touch are re-scored, in this same transaction.
            var maintenance = ScoreMaintenance(db: db, deriver: deriver, time: batch.receivedAt, cause: "payload \(batch.payload.hash.prefix(12))")
            maintenance.directory = directory
            let pairs = changes.reduce(into: Set()) { $0.formUnion(maintenance.pairs(before: $1.before, after: $1.after)) }
            if batch.deferScoring {
                let owe = try db.cachedStatement(sql: "INSERT OR IGNORE INTO score_dirty (officer, period) VALUES (?, ?)")
                for pair in pairs { try owe.execute(arguments: [pair.officer, pair.period]) }
            } else {
                summary.movedScores = try maintenance.rescore(pairs)
            }
        }
        for (entry, keys) in zip(batch.entries, recordTasks) {
            guard case .mapped = entry else { continue }
            if keys.contains(where: summary.changedTasks.contains) { summary.applied += 1 } else { summary.unchanged += 1 }
        }
        KillPoint.beforeCommit.reach()
        return summary
    }

    private func storePayload(at now: String) throws {
        let payload = batch.payload
        if try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM payload WHERE hash = ?"), arguments: [payload.hash]) != nil {
            return
        }
        try db.executeCached(
            sql: "INSERT INTO payload (hash, size, received_at) VALUES (?, ?, ?)",
            arguments: [payload.hash, payload.size, now])
        var seq = 0
        let statement = try db.cachedStatement(sql: "INSERT INTO payload_chunk (hash, seq, data) VALUES (?, ?, ?)")
        try payload.chunks { chunk in
            try statement.execute(arguments: [payload.hash, seq, chunk])
            seq += 1
        }
    }

    /// Inserts a source record; nil when it was already there (the same record applied again).
    private func insertRecord(_ ref: RecordRef, at now: String) throws -> Int64? {
        try db.executeCached(
            sql: """
                INSERT OR IGNORE INTO source_record
                  (source, record_id, record_version, payload_hash, mapping_id, mapping_version, origin, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                ref.source, ref.recordId, ref.recordVersion, ref.payloadHash, ref.mappingId, ref.mappingVersion,
                batch.origin, now,
            ])
        return db.changesCount > 0 ? db.lastInsertedRowID : nil
    }

    /// For reprocessing: a record first stored from this payload gives up its patches, which the new mapping's
    /// replace; the tasks they touched are folded again. Nil when the record is new or came from another payload.
    private func reclaimRecord(_ ref: RecordRef, touching touched: inout [TaskKey: String]) throws -> Int64? {
        guard let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM source_record WHERE source = ? AND record_id = ? AND record_version = ? AND payload_hash = ?"),
            arguments: [ref.source, ref.recordId, ref.recordVersion, batch.payload.hash])
        else { return nil }
        for key in try String.fetchAll(db.cachedStatement(sql: "SELECT task_key FROM task_patch WHERE source_record_id = ?"), arguments: [id]) {
            touched[TaskKey(key)] = touched[TaskKey(key)] ?? "\(ref.source)/\(ref.recordId)@\(ref.recordVersion)"
        }
        try db.executeCached(sql: "DELETE FROM task_patch WHERE source_record_id = ?", arguments: [id])
        try db.executeCached(
            sql: "UPDATE source_record SET mapping_id = ?, mapping_version = ? WHERE id = ?",
            arguments: [ref.mappingId, ref.mappingVersion, id])
        return id
    }

    private mutating func storeDeadLetter(_ letter: DeadLetterInput, at now: String) throws {
        summary.deadLetters += 1
        let existing = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM dead_letter WHERE source = ? AND payload_hash = ? AND record_id = ?"),
            arguments: [batch.source, batch.payload.hash, letter.recordId ?? ""])
        if let existing {
            try db.executeCached(
                sql: """
                    UPDATE dead_letter SET attempts = attempts + 1, last_seen = ?, reason = ?, failure_class = ?,
                      mapping_id = ?, mapping_version = ?, origin = coalesce(?, origin), resolved_at = NULL
                    WHERE id = ?
                    """,
                arguments: [
                    now, letter.reason, letter.failureClass.rawValue, letter.mappingId, letter.mappingVersion,
                    batch.origin, existing,
                ])
            return
        }
        summary.newDeadLetters += 1
        try db.executeCached(
            sql: """
                INSERT INTO dead_letter (source, payload_hash, record_id, failure_class, reason, origin, mapping_id,
                  mapping_version, attempts, first_seen, last_seen)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
                """,
            arguments: [
                batch.source, batch.payload.hash, letter.recordId ?? "", letter.failureClass.rawValue, letter.reason,
                batch.origin, letter.mappingId, letter.mappingVersion, now, now,
            ])
    }

    /// Folds every patch of `key` and writes a revision when the result differs from the current task.
    private mutating func refold(_ key: TaskKey, cause: String, at now: String) throws {
        let bodies = try String.fetchAll(db.cachedStatement(sql: "SELECT body FROM task_patch WHERE task_key = ?"), arguments: [key.rawValue])
        if bodies.isEmpty {
            orphaned.insert(key)
            return
        }
        let patches = try bodies.map(SQLiteLedgerStore.decodePatch)
        let task = directory.resolved(TaskFolder.fold(key: key, patches: patches))
        let body = SQLiteLedgerStore.encode(task)
        SQLiteLedgerStore.taskCache.remember(body, task)
        let current = try Row.fetchOne(db.cachedStatement(sql: "SELECT revision, body FROM task WHERE key = ?"), arguments: [key.rawValue])
        let revision: Int
        var before: UnifiedTask?
        if let current {
            let currentBody: String = current["body"]
            if currentBody == body { return }
            before = try SQLiteLedgerStore.decodeTask(currentBody)
            if Self.sameValues(before!, task) {
                // Only the provenance grew (a re-sent or duplicate record): keep it, but it is no new revision.
                try db.executeCached(sql: "UPDATE task SET body = ? WHERE key = ?", arguments: [body, key.rawValue])
                return
            }
            revision = (current["revision"] as Int) + 1
            summary.updatedTasks += 1
        } else {
            revision = 1
            summary.newTasks += 1
        }
        summary.changedTasks.insert(key)
        try SQLiteLedgerStore.storeTask(db, task, previous: before, body: body, revision: revision, cause: cause, at: now)
        changes.append((before, task))
    }

    /// True when two folds differ at most in their provenance.
    static func sameValues(_ a: UnifiedTask, _ b: UnifiedTask) -> Bool {
        var a = a
        var b = b
        a.provenance = []
        b.provenance = []
        return a == b
    }
}
