import BridgeModel
import Foundation

/// The facts of one payload, appended inside a savepoint of a group's transaction: its raw bytes, its source
/// records and their patches, its dead letters and the source's checkpoint. The tasks the patches touch are
/// queued for the projector (`task_dirty`), in the same transaction, so a crash before they are folded loses
/// nothing; no task is folded and no score computed here.
struct LedgerCommit {
    let db: any LedgerSQL
    let batch: IngestBatch
    /// False when the group's transaction knows the source has no unresolved dead letter: nothing to look up.
    let deadLettersOpen: Bool
    var summary = CommitSummary()

    init(db: any LedgerSQL, batch: IngestBatch, deadLettersOpen: Bool = true) {
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
        var unresolved = try deadLettersOpen && Bool.fetchOne(db, sql: "SELECT 1 FROM dead_letter WHERE source = ? AND payload_hash = ? AND resolved_at IS NULL LIMIT 1",
            arguments: [batch.source, batch.payload.hash]) != nil
        // The payload's new records go in together, and their patches and queue entries after them: on PostgreSQL
        // a few multi-row statements for the whole payload, not three per record (SQLite runs one cached
        // statement per row, in the same order).
        var inserted: [RecordKey: Int64] = [:]
        if !batch.reprocess {
            let refs = batch.entries.flatMap { entry -> [RecordRef] in
                if case .mapped(let refs, _) = entry { refs } else { [] }
            }
            for row in try db.insertReturning(
                "INSERT INTO source_record (source, record_id, record_version, payload_hash, mapping_id, mapping_version, origin, received_at)",
                rows: refs.map { Self.recordRow($0, origin: batch.origin, at: now) },
                suffix: "ON CONFLICT DO NOTHING RETURNING id, source, record_id, record_version")
            {
                inserted[RecordKey(source: row["source"], recordId: row["record_id"], version: row["record_version"])] = row["id"]
            }
        }
        var patchRows: [[(any SQLBindable)?]] = []
        var queueRows: [[(any SQLBindable)?]] = []
        for (index, entry) in batch.entries.enumerated() {
            switch entry {
            case .failed(let letter):
                try storeDeadLetter(letter, at: now)
                unresolved = true
            case .mapped(let refs, let patches):
                var ids: [RecordRef: Int64] = [:]
                for ref in refs {
                    if batch.reprocess, let id = try reclaimRecord(ref) {
                        ids[ref] = id
                    } else if batch.reprocess, let id = try insertRecord(ref, at: now) {
                        ids[ref] = id
                    } else if let id = inserted.removeValue(forKey: RecordKey(source: ref.source, recordId: ref.recordId, version: ref.recordVersion)) {
                        ids[ref] = id  // taken once: a record listed twice in the payload is new only the first time
                    }
                    // The record maps now: a dead letter of the same bytes naming this record (by id, or by its
                    // position when its id could not be read), or the whole payload, is resolved.
                    guard unresolved else { continue }
                    summary.resolvedDeadLetters += try db.execute(
                        sql: """
                            UPDATE dead_letter SET resolved_at = ? WHERE source = ? AND payload_hash = ?
                              AND record_id IN (?, ?, '') AND resolved_at IS NULL
                            """,
                        arguments: [now, batch.source, batch.payload.hash, ref.recordId, DeadLetterIdentity.positional(index + 1)])
                }
                var stored = false
                for patch in patches {
                    guard let recordId = ids[patch.record] else { continue }  // already known: unchanged
                    patchRows.append([recordId, patch.taskKey.rawValue, LedgerStore.encode(patch)])
                    queueRows.append([patch.taskKey.rawValue, Self.cause(patch.record)])
                    stored = true
                }
                if stored { summary.applied += 1 } else { summary.unchanged += 1 }
            }
        }
        try db.insertLater("INSERT INTO task_patch (source_record_id, task_key, body)", rows: patchRows, suffix: "ON CONFLICT DO NOTHING")
        try db.insertLater("INSERT INTO task_dirty (task_key, cause)", rows: queueRows, suffix: "ON CONFLICT DO NOTHING")
        if let checkpoint = batch.checkpoint {
            try db.executeLater(
                sql: """
                    INSERT INTO source_state (source, checkpoint, updated_at) VALUES (?, ?, ?)
                    ON CONFLICT(source) DO UPDATE SET checkpoint = excluded.checkpoint, updated_at = excluded.updated_at
                    """,
                arguments: [batch.source, try LedgerStore.encode(checkpoint), now])
        }
        return summary
    }

    /// Queues a task key for the projector (once: a key already queued keeps its first cause).
    private func enqueue(_ key: String, cause: String) throws {
        try db.executeLater(sql: "INSERT INTO task_dirty (task_key, cause) VALUES (?, ?) ON CONFLICT DO NOTHING", arguments: [key, cause])
    }

    /// `source/recordId@version`: the record a revision names as its cause.
    static func cause(_ ref: RecordRef) -> String { "\(ref.source)/\(ref.recordId)@\(ref.recordVersion)" }

    private func storePayload(at now: String) throws {
        let payload = batch.payload
        // A payload seen before keeps its first row and chunks (one statement either way).
        guard try db.execute(
            sql: "INSERT INTO payload (hash, size, received_at) VALUES (?, ?, ?) ON CONFLICT(hash) DO NOTHING",
            arguments: [payload.hash, payload.size, now]) > 0
        else { return }
        var seq = 0
        try payload.chunks { chunk in
            try db.executeLater(sql: "INSERT INTO payload_chunk (hash, seq, data) VALUES (?, ?, ?)", arguments: [payload.hash, seq, chunk])
            seq += 1
        }
    }

    /// A record's identity: its source, id and version.
    struct RecordKey: Hashable {
        let source: String
        let recordId: String
        let version: String
    }

    /// A `source_record` row's values, in the order the inserts name the columns.
    static func recordRow(_ ref: RecordRef, origin: String?, at now: String) -> [(any SQLBindable)?] {
        [ref.source, ref.recordId, ref.recordVersion, ref.payloadHash, ref.mappingId, ref.mappingVersion, origin, now]
    }

    /// Inserts a source record; nil when it was already there (the same record applied again).
    private func insertRecord(_ ref: RecordRef, at now: String) throws -> Int64? {
        try db.insertReturning(
            "INSERT INTO source_record (source, record_id, record_version, payload_hash, mapping_id, mapping_version, origin, received_at)",
            rows: [Self.recordRow(ref, origin: batch.origin, at: now)], suffix: "ON CONFLICT DO NOTHING RETURNING id"
        ).first?["id"]
    }

    /// For reprocessing: a record first stored from this payload gives up its patches, which the new mapping's
    /// replace; the tasks they touched are queued to be folded again. Nil when the record is new or came from
    /// another payload.
    private mutating func reclaimRecord(_ ref: RecordRef) throws -> Int64? {
        guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM source_record WHERE source = ? AND record_id = ? AND record_version = ? AND payload_hash = ?",
            arguments: [ref.source, ref.recordId, ref.recordVersion, batch.payload.hash])
        else { return nil }
        for key in try String.fetchAll(db, sql: "SELECT task_key FROM task_patch WHERE source_record_id = ?", arguments: [id]) {
            try enqueue(key, cause: Self.cause(ref))
        }
        try db.execute(sql: "DELETE FROM task_patch WHERE source_record_id = ?", arguments: [id])
        try db.execute(
            sql: "UPDATE source_record SET mapping_id = ?, mapping_version = ? WHERE id = ?",
            arguments: [ref.mappingId, ref.mappingVersion, id])
        return id
    }

    private mutating func storeDeadLetter(_ letter: DeadLetterInput, at now: String) throws {
        summary.deadLetters += 1
        let existing = try Int64.fetchOne(db, sql: "SELECT id FROM dead_letter WHERE source = ? AND payload_hash = ? AND record_id = ?",
            arguments: [batch.source, batch.payload.hash, letter.identity])
        if let existing {
            try db.execute(
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
        try db.execute(
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
