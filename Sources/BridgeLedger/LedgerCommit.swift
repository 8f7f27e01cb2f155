import BridgeModel
import Foundation
import GRDB

/// The facts of one payload, appended inside a savepoint of a group's transaction: its raw bytes, its source
/// records and their patches, its dead letters and the source's checkpoint. The tasks the patches touch are
/// queued for the projector (`task_dirty`), in the same transaction, so a crash before they are folded loses
/// nothing; no task is folded and no score computed here.
struct LedgerCommit {
    let db: Database
    let batch: IngestBatch
    /// False when the group's transaction knows the source has no unresolved dead letter: nothing to look up.
    let deadLettersOpen: Bool
    var summary = CommitSummary()

    init(db: Database, batch: IngestBatch, deadLettersOpen: Bool = true) {
        self.db = db
        self.batch = batch
        self.deadLettersOpen = deadLettersOpen
    }

    mutating func run() throws -> CommitSummary {
        let now = batch.receivedAt.description
        try storePayload(at: now)
        KillPoint.payloadStored.reach()
        summary.records = batch.entries.count
        // Dead letters of this payload that a record mapping now resolves: looked for once, not once per record.
        var unresolved = try deadLettersOpen && Bool.fetchOne(
            db.cachedStatement(sql: "SELECT 1 FROM dead_letter WHERE source = ? AND payload_hash = ? AND resolved_at IS NULL LIMIT 1"),
            arguments: [batch.source, batch.payload.hash]) != nil
        let enqueue = try db.cachedStatement(sql: "INSERT OR IGNORE INTO task_dirty (task_key, cause) VALUES (?, ?)")
        for (index, entry) in batch.entries.enumerated() {
            switch entry {
            case .failed(let letter):
                try storeDeadLetter(letter, at: now)
                unresolved = true
            case .mapped(let refs, let patches):
                var ids: [RecordRef: Int64] = [:]
                for ref in refs {
                    if batch.reprocess, let id = try reclaimRecord(ref, enqueue: enqueue) {
                        ids[ref] = id
                    } else if let id = try insertRecord(ref, at: now) {
                        ids[ref] = id
                    }
                    // The record maps now: a dead letter of the same bytes naming this record (by id, or by its
                    // position when its id could not be read), or the whole payload, is resolved.
                    guard unresolved else { continue }
                    try db.executeCached(
                        sql: """
                            UPDATE dead_letter SET resolved_at = ? WHERE source = ? AND payload_hash = ?
                              AND record_id IN (?, ?, '') AND resolved_at IS NULL
                            """,
                        arguments: [now, batch.source, batch.payload.hash, ref.recordId, DeadLetterIdentity.positional(index + 1)])
                    summary.resolvedDeadLetters += db.changesCount
                }
                var stored = false
                for patch in patches {
                    guard let recordId = ids[patch.record] else { continue }  // already known: unchanged
                    let body = SQLiteLedgerStore.encode(patch)
                    try db.cachedStatement(sql: "INSERT OR IGNORE INTO task_patch (source_record_id, task_key, body) VALUES (?, ?, ?)")
                        .execute(arguments: [recordId, patch.taskKey.rawValue, body])
                    try enqueue.execute(arguments: [patch.taskKey.rawValue, Self.cause(patch.record)])
                    stored = true
                }
                if stored { summary.applied += 1 } else { summary.unchanged += 1 }
            }
        }
        if let checkpoint = batch.checkpoint {
            try db.executeCached(
                sql: """
                    INSERT INTO source_state (source, checkpoint, updated_at) VALUES (?, ?, ?)
                    ON CONFLICT(source) DO UPDATE SET checkpoint = excluded.checkpoint, updated_at = excluded.updated_at
                    """,
                arguments: [batch.source, try SQLiteLedgerStore.encode(checkpoint), now])
        }
        return summary
    }

    /// `source/recordId@version`: the record a revision names as its cause.
    static func cause(_ ref: RecordRef) -> String { "\(ref.source)/\(ref.recordId)@\(ref.recordVersion)" }

    private func storePayload(at now: String) throws {
        let payload = batch.payload
        // A payload seen before keeps its first row and chunks (one statement either way).
        try db.executeCached(
            sql: "INSERT INTO payload (hash, size, received_at) VALUES (?, ?, ?) ON CONFLICT(hash) DO NOTHING",
            arguments: [payload.hash, payload.size, now])
        guard db.changesCount > 0 else { return }
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
    /// replace; the tasks they touched are queued to be folded again. Nil when the record is new or came from
    /// another payload.
    private mutating func reclaimRecord(_ ref: RecordRef, enqueue: Statement) throws -> Int64? {
        guard let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM source_record WHERE source = ? AND record_id = ? AND record_version = ? AND payload_hash = ?"),
            arguments: [ref.source, ref.recordId, ref.recordVersion, batch.payload.hash])
        else { return nil }
        for key in try String.fetchAll(db.cachedStatement(sql: "SELECT task_key FROM task_patch WHERE source_record_id = ?"), arguments: [id]) {
            try enqueue.execute(arguments: [key, Self.cause(ref)])
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
            arguments: [batch.source, batch.payload.hash, letter.identity])
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
                batch.source, batch.payload.hash, letter.identity, letter.failureClass.rawValue, letter.reason,
                batch.origin, letter.mappingId, letter.mappingVersion, now, now,
            ])
    }
}
