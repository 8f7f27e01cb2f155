import BridgeModel
import BridgeServices
import Foundation

/// The facts of a group of payloads, appended inside one open transaction: their raw bytes, their source records
/// and patches, their dead letters and the sources' checkpoints. The tasks the patches touch are queued for the
/// projector (`task_dirty`), in the same transaction, so a crash before they are folded loses nothing; no task is
/// folded and no score computed here.
///
/// The group's rows of each kind go out together — payloads, then records, then patches and queue entries — so
/// that PostgreSQL gets a few multi-row statements for the whole group, not several per payload (SQLite runs one
/// cached statement per row, which is fastest there). What one payload's records do to another's (a record listed
/// twice, dead letters stored and resolved) follows the group's order, as if the payloads were appended one by one.
/// A payload whose bytes cannot be read again (its spooled file changed) throws `PayloadFailure`: the caller rolls
/// the transaction back and appends the group again without it (`FactStore.commit(group:)`).
struct LedgerCommit {
    let db: any LedgerSQL
    let batches: [IngestBatch]
    /// The sources with an unresolved dead letter (the caller asks once per source); grows as the group stores
    /// dead letters.
    private var openSources: Set<String>
    /// The payloads (source and hash) with an unresolved dead letter, among the group's.
    private var openPayloads = Set<[String]>()
    private var summaries: [CommitSummary]
    /// The group's dossier snapshots, and the dossiers whose snapshots a reprocessed record gave up: folded again
    /// after the group's rows are in.
    private var dossierRows: [Table.DossierPatch] = []
    private var touchedDossiers = Set<String>()

    init(db: any LedgerSQL, batches: [IngestBatch], openSources: Set<String>) {
        self.db = db
        self.batches = batches
        self.openSources = openSources
        self.summaries = Array(repeating: CommitSummary(), count: batches.count)
    }

    /// Entries (payload, position) whose records the ledger holds already, unchanged: nothing of them is stored.
    private var held = Set<EntryIndex>()

    /// One entry of the group: its payload's index and its position in that payload.
    struct EntryIndex: Hashable {
        let batch: Int
        let position: Int
    }

    /// Appends the group; one summary per payload, in order.
    mutating func run() throws -> [CommitSummary] {
        try storePayloads()
        try findOpenDeadLetters()
        held = try heldEntries()
        var recordIds = try insertRecords()[...]
        var patchRows: [Table.TaskPatch] = []
        var queueRows: [(key: String, cause: String)] = []
        for index in batches.indices {
            try append(index, &recordIds, &patchRows, &queueRows)
        }
        try db.insertLater(patchRows, onConflict: .ignore)
        if !dossierRows.isEmpty || !touchedDossiers.isEmpty {
            try db.insertLater(dossierRows, onConflict: .ignore)
            try DossierFold(db: db).refold(touchedDossiers.union(dossierRows.map(\.code)))
        }
        // Each key once, with the first cause, in key order: two instances committing other sources' facts that
        // touch the same tasks then take the queue's rows in the same order and cannot deadlock.
        var queued = Set<String>()
        let queue = queueRows.filter { queued.insert($0.key).inserted }.sorted { $0.key < $1.key }
        try db.insertLater(queue.map { Table.TaskDirty(taskKey: $0.key, cause: $0.cause) }, onConflict: .ignore)
        // Each source's polling position after its last payload that moves it.
        var checkpoints: [String: (SourceCheckpoint, Timestamp)] = [:]
        var order: [String] = []
        for batch in batches {
            guard let checkpoint = batch.checkpoint else { continue }
            if checkpoints[batch.source] == nil { order.append(batch.source) }
            checkpoints[batch.source] = (checkpoint, batch.receivedAt)
        }
        for source in order {
            let (checkpoint, now) = checkpoints[source]!
            try db.insertLater([Table.SourceState(source: source, checkpoint: try LedgerStore.encode(checkpoint), updatedAt: now)], onConflict: .update)
        }
        return summaries
    }

    /// One payload's records, dead letters and patches, in the payload's order.
    private mutating func append(
        _ index: Int, _ recordIds: inout ArraySlice<Int64?>, _ patchRows: inout [Table.TaskPatch], _ queueRows: inout [(key: String, cause: String)]
    ) throws {
        let batch = batches[index]
        let now = batch.receivedAt
        summaries[index].records = batch.entries.count
        let payload = [batch.source, batch.payload.hash]
        for (position, entry) in batch.entries.enumerated() {
            switch entry {
            case .failed(let letter):
                try storeDeadLetter(letter, of: index, at: now)
                openSources.insert(batch.source)
                openPayloads.insert(payload)
            case .mapped(let refs, let patches, let dossiers):
                var ids: [RecordRef: Int64] = [:]
                let unchanged = held.contains(EntryIndex(batch: index, position: position))
                for ref in refs {
                    if unchanged {
                        // Held already, from another payload: nothing stored (its dead letters still resolve).
                    } else if batch.reprocess, let id = try reclaimRecord(ref, of: batch) {
                        ids[ref] = id
                    } else if batch.reprocess, let id = try insertRecord(ref, of: batch, at: now) {
                        ids[ref] = id
                    } else if !batch.reprocess, let id = recordIds.popFirst()! {
                        ids[ref] = id  // nil: known, or listed earlier in the group (new only the first time)
                    }
                    // The record maps now: a dead letter of the same bytes naming this record (by id, or by its
                    // position when its id could not be read), or the whole payload, is resolved.
                    guard openPayloads.contains(payload) else { continue }
                    summaries[index].resolvedDeadLetters += try db.execute(
                        sql: """
                            UPDATE dead_letter SET resolved_at = ? WHERE source = ? AND payload_hash = ?
                              AND record_id IN (?, ?, '') AND resolved_at IS NULL
                            """,
                        arguments: [StoredInstant.value(now), batch.source, batch.payload.hash, ref.recordId, DeadLetterIdentity.positional(position + 1)])
                }
                var stored = false
                for patch in patches {
                    guard let recordId = ids[patch.record] else { continue }  // already known: unchanged
                    patchRows.append(Table.TaskPatch(sourceRecordId: recordId, taskKey: patch.taskKey.rawValue, body: LedgerStore.encode(patch)))
                    queueRows.append((patch.taskKey.rawValue, Self.cause(patch.record)))
                    stored = true
                }
                // A record's dossier snapshots belong to its first identity (the mapping's dossier block names it).
                if let ref = refs.first, let recordId = ids[ref] {
                    for dossier in dossiers {
                        dossierRows.append(Table.DossierPatch(sourceRecordId: recordId, code: dossier.code, body: try DossierFold.encode(dossier)))
                        stored = true
                    }
                }
                if stored { summaries[index].applied += 1 } else { summaries[index].unchanged += 1 }
            }
        }
    }

    /// The payloads' rows, then the chunks of those not seen before (a payload seen before keeps its first row
    /// and chunks).
    private func storePayloads() throws {
        var seen = Set<String>()
        let rows = batches.compactMap { batch -> Table.Payload? in
            guard seen.insert(batch.payload.hash).inserted else { return nil }
            return Table.Payload(hash: batch.payload.hash, size: batch.payload.size, receivedAt: batch.receivedAt)
        }
        let stored = try db.insertNew(rows, id: nil)
        var new = Set(zip(rows, stored).compactMap { row, id in id == nil ? nil : row.hash })
        // Chunks go out a few MiB at a time (the group's size is bounded; so is what waits here).
        var chunks: [Table.PayloadChunk] = []
        var bytes = 0
        func send() throws {
            try db.insertLater(chunks)
            chunks = []
            bytes = 0
        }
        for (index, batch) in batches.enumerated() {
            let payload = batch.payload
            if new.remove(payload.hash) != nil {
                var seq = 0
                do {
                    try payload.chunks { chunk in
                        chunks.append(Table.PayloadChunk(hash: payload.hash, seq: seq, data: chunk))
                        seq += 1
                        bytes += chunk.count
                        if bytes >= 4 << 20 { try send() }
                    }
                } catch let error as LedgerSQLError {
                    throw error
                } catch {
                    throw PayloadFailure(index: index, error: error)
                }
            }
            KillPoint.payloadStored.reach()
        }
        try send()
    }

    /// Which of the group's payloads have an unresolved dead letter, for the sources that have any.
    private mutating func findOpenDeadLetters() throws {
        for source in Set(batches.map(\.source)).intersection(openSources).sorted() {
            let hashes = Array(Set(batches.filter { $0.source == source }.map(\.payload.hash))).sorted()
            try db.forEachRow(
                "SELECT DISTINCT payload_hash FROM dead_letter WHERE resolved_at IS NULL AND source = ? AND payload_hash IN", prefix: [source], hashes
            ) { row in openPayloads.insert([source, try row["payload_hash"]]) }
        }
    }

    /// The group's records, inserted together: for each record of the group's payloads that are not reprocessed,
    /// in order, its new row id, or nil when it was known (reprocessed payloads reclaim theirs one by one instead).
    private func insertRecords() throws -> [Int64?] {
        let rows = batches.indices.filter { !batches[$0].reprocess }.flatMap { index in
            let batch = batches[index]
            return batch.entries.enumerated().flatMap { position, entry -> [Table.SourceRecord] in
                guard case .mapped(let refs, _, _) = entry, !held.contains(EntryIndex(batch: index, position: position)) else { return [] }
                return refs.map { Table.SourceRecord($0, origin: batch.origin, receivedAt: batch.receivedAt) }
            }
        }
        return try db.insertNew(rows, id: "id")
    }

    /// Queues a task key for the projector (once: a key already queued keeps its first cause).
    private func enqueue(_ key: String, cause: String) throws {
        try db.insertLater([Table.TaskDirty(taskKey: key, cause: cause)], onConflict: .ignore)
    }

    /// `source/recordId@version`: the record a revision names as its cause.
    static func cause(_ ref: RecordRef) -> String { "\(ref.source)/\(ref.recordId)@\(ref.recordVersion)" }

    /// Inserts a source record; nil when it was already there (the same record applied again).
    private func insertRecord(_ ref: RecordRef, of batch: IngestBatch, at now: Timestamp) throws -> Int64? {
        try db.insertNew([Table.SourceRecord(ref, origin: batch.origin, receivedAt: now)], id: "id")[0]
    }

    /// For reprocessing: a record first stored from this payload gives up its patches, which the new mapping's
    /// replace; the tasks they touched are queued to be folded again. Nil when the record is new or came from
    /// another payload.
    private mutating func reclaimRecord(_ ref: RecordRef, of batch: IngestBatch) throws -> Int64? {
        guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM source_record WHERE source = ? AND record_id = ? AND record_version = ? AND payload_hash = ?",
            arguments: [ref.source, ref.recordId, ref.recordVersion, batch.payload.hash])
        else { return nil }
        for key in try String.fetchAll(db, sql: "SELECT task_key FROM task_patch WHERE source_record_id = ?", arguments: [id]) {
            try enqueue(key, cause: Self.cause(ref))
        }
        try db.execute(sql: "DELETE FROM task_patch WHERE source_record_id = ?", arguments: [id])
        touchedDossiers.formUnion(try String.fetchAll(db, sql: "SELECT code FROM dossier_patch WHERE source_record_id = ?", arguments: [id]))
        try db.execute(sql: "DELETE FROM dossier_patch WHERE source_record_id = ?", arguments: [id])
        try db.execute(
            sql: "UPDATE source_record SET mapping_id = ?, mapping_version = ? WHERE id = ?",
            arguments: [ref.mappingId, ref.mappingVersion, id])
        return id
    }

    private mutating func storeDeadLetter(_ letter: DeadLetterInput, of index: Int, at now: Timestamp) throws {
        let batch = batches[index]
        summaries[index].deadLetters += 1
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
                    StoredInstant.value(now), letter.reason, letter.failureClass.rawValue, letter.mappingId, letter.mappingVersion,
                    batch.origin, existing,
                ])
            return
        }
        summaries[index].newDeadLetters += 1
        try db.insert(Table.DeadLetter(source: batch.source, payloadHash: batch.payload.hash, letter: letter, origin: batch.origin, at: now))
    }
}

/// A payload of a group whose bytes could not be read again: its place in the group, and why.
struct PayloadFailure: Error {
    let index: Int
    let error: any Error
}
