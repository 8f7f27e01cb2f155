import BridgeModel
import Foundation

/// The facts: payloads and what they held, appended in group commits; sources' checkpoints; mapping versions.
public struct FactStore: Sendable {
    let database: LedgerDatabase

    /// The store over `database` (a ledger file's, or `LedgerDatabase.inMemory()`).
    public init(_ database: LedgerDatabase) { self.database = database }

    /// Appends one payload's facts in a transaction of its own; see `commit(group:)`.
    public func commit(_ batch: IngestBatch) throws -> CommitSummary {
        try commit(group: [batch])[0].get()
    }

    /// Group commit: the facts of many payloads in one transaction, in order (see `LedgerCommit`). A payload that
    /// fails alone (its file changed while being imported) is left out — the transaction is rolled back and the
    /// others appended again without it — and its error is its result. A failure of the database itself (full
    /// disk, read-only file) fails them all, with nothing written.
    public func commit(group batches: [IngestBatch]) throws -> [Result<CommitSummary, any Error>] {
        var outcome = GroupOutcome(batches)
        while let group = outcome.next {
            do {
                outcome.committed(try database.transaction(failure: Self.failure(group)) { try Self.append(group, $0) })
            } catch let failure as PayloadFailure {
                outcome.leaveOut(failure)
            }
        }
        return outcome.results
    }

    /// A group commit's results while payloads that fail alone are left out of it, one by one.
    private struct GroupOutcome {
        let batches: [IngestBatch]
        private var remaining: [Int]
        private var outcomes: [Result<CommitSummary, any Error>?]
        private var done = false

        init(_ batches: [IngestBatch]) {
            self.batches = batches
            remaining = Array(batches.indices)
            outcomes = Array(repeating: nil, count: batches.count)
        }

        /// The payloads to append next; nil once they committed (or none is left).
        var next: [IngestBatch]? { done || remaining.isEmpty ? nil : remaining.map { batches[$0] } }

        mutating func committed(_ summaries: [CommitSummary]) {
            KillPoint.afterCommit.reach()
            for (index, summary) in zip(remaining, summaries) { outcomes[index] = .success(summary) }
            done = true
        }

        /// `failure.index` is the payload's place in the group last tried.
        mutating func leaveOut(_ failure: PayloadFailure) {
            outcomes[remaining.remove(at: failure.index)] = .failure(failure.error)
        }

        var results: [Result<CommitSummary, any Error>] { outcomes.map { $0! } }
    }

    private static func failure(_ batches: [IngestBatch]) -> String {
        let first = batches[0].payload.hash.prefix(12)
        return batches.count == 1 ? "commit of payload \(first) failed" : "commit of \(batches.count) payloads from \(first) failed"
    }

    /// The group's facts inside one open transaction.
    private static func append(_ batches: [IngestBatch], _ tx: LedgerTransaction) throws -> [CommitSummary] {
        // The fence: the facts of a source go in only under its lease (see `Lease`).
        let sources = Set(batches.map(\.source)).sorted()
        for source in sources { try tx.leases.require(Lease.source(source), at: batches[0].receivedAt) }
        // Whether a payload's records may resolve dead letters is asked once per source and group.
        let open = try Set(sources.filter { try tx.facts.hasOpenDeadLetters(source: $0) })
        var commit = LedgerCommit(db: tx.db, batches: batches, openSources: open)
        let summaries = try commit.run()
        KillPoint.beforeCommit.reach()
        return summaries
    }

    /// The raw bytes stored for a payload hash.
    public func payload(hash: String) throws -> Data? {
        try database.read { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM payload WHERE hash = ?", arguments: [hash]) != nil else { return nil }
            return try LedgerStore.payloadData(db, hash: hash)
        }
    }

    /// How many task keys and scores the projector still owes.
    /// A value the projector keeps about the projections (the rules they were made under, a rebuild under way).
    public func projectionState(_ name: String) throws -> String? {
        try database.read { db in try String.fetchOne(db, sql: "SELECT value FROM projection_state WHERE name = ?", arguments: [name]) }
    }

    public func queued() throws -> (tasks: Int, scores: Int) {
        try database.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM task_dirty") ?? 0, try Int.fetchOne(db, sql: "SELECT count(*) FROM score_dirty") ?? 0)
        }
    }

    /// The source's last committed polling position, or an empty one.
    public func checkpoint(source: String) throws -> SourceCheckpoint {
        try database.read { db in try Self.checkpoint(db, source: source) }
    }

    /// Stores a polling position alone (a pass that found nothing new), in its own transaction.
    public func saveCheckpoint(_ checkpoint: SourceCheckpoint, source: String, at time: Timestamp) throws {
        try database.write { db in try Self.save(checkpoint, db, source: source, at: time) }
    }

    static func checkpoint(_ db: any LedgerSQL, source: String) throws -> SourceCheckpoint {
        guard let body = try String.fetchOne(db, sql: "SELECT checkpoint FROM source_state WHERE source = ?", arguments: [source])
        else { return SourceCheckpoint() }
        return try JSONDecoder().decode(SourceCheckpoint.self, from: Data(body.utf8))
    }

    static func save(_ checkpoint: SourceCheckpoint, _ db: any LedgerSQL, source: String, at time: Timestamp) throws {
        try db.insert(Table.SourceState(source: source, checkpoint: try LedgerStore.encode(checkpoint), updatedAt: time), onConflict: .update)
    }

    /// Records which content a mapping id and version stands for; the same version with other content is refused,
    /// so every record's stamped mapping version names exactly one set of rules.
    public func registerMapping(id: String, version: Int, contentHash: String, file: String, at time: Timestamp) throws {
        try database.write { db in
            if let known = try LedgerRow.fetchOne(
                db, sql: "SELECT content_hash, file FROM mapping_version WHERE mapping_id = ? AND version = ?", arguments: [id, version])
            {
                let knownHash: String = try known["content_hash"]
                guard knownHash == contentHash else {
                    throw LedgerError("\(file): mapping '\(id)' version \(version) was used before with other content; raise its version: before changing rules")
                }
                return
            }
            try db.insert(Table.MappingVersion(mappingId: id, version: version, contentHash: contentHash, file: file, firstSeen: time))
        }
    }
}
