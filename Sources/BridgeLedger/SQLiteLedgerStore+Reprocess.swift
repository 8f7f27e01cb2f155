import BridgeModel
import Foundation
import GRDB

/// A payload as the ledger keeps it, handed back to be mapped again.
public struct StoredPayload: Sendable {
    public let hash: String
    /// Where it first came from (file name, URL).
    public let origin: String?
    public let data: Data
}

/// One task's change: nil before means it would appear.
public struct TaskChange: Sendable, Hashable {
    public let before: UnifiedTask?
    public let after: UnifiedTask
}

/// What re-deriving a source's stored payloads did (or, in a dry run, would do).
public struct ReprocessReport: Sendable {
    /// Payloads mapped again.
    public var payloads = 0
    public var summary = CommitSummary()
    /// Tasks that appear or change, by key; a task that changes and changes back is not listed.
    public var changes: [TaskChange] = []
    /// Tasks no record derives any more: kept as they were, listed for the operator.
    public var orphaned: [TaskKey] = []
}

extension SQLiteLedgerStore {
    /// Maps every stored payload of `source` again through `remap` — the payloads its records came from and those
    /// of its unresolved dead letters, oldest first — all in one transaction, rolled back when `dryRun`. A record
    /// takes the new patches in place of its old ones; one that now fails keeps its old patches and becomes a dead
    /// letter; a record that failed before and maps now becomes a task.
    public func reprocess(
        source: String, at time: Timestamp, dryRun: Bool, remap: (StoredPayload) throws -> [IngestBatch.Entry]
    ) throws -> ReprocessReport {
        try write(dryRun: dryRun, failure: "reprocessing of source \(source) failed") { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT p.hash, p.size, (SELECT origin FROM source_record WHERE payload_hash = p.hash AND source = ?1
                                            UNION ALL SELECT origin FROM dead_letter WHERE payload_hash = p.hash AND source = ?1
                                            LIMIT 1) AS origin
                    FROM payload p
                    WHERE p.hash IN (SELECT payload_hash FROM source_record WHERE source = ?1
                                     UNION SELECT payload_hash FROM dead_letter WHERE source = ?1 AND resolved_at IS NULL)
                    ORDER BY p.received_at, p.hash
                    """,
                arguments: [source])
            var report = ReprocessReport()
            var first: [TaskKey: UnifiedTask?] = [:]
            var last: [TaskKey: UnifiedTask] = [:]
            var orphaned = Set<TaskKey>()
            for row in rows {
                let hash: String = row["hash"]
                let data = try Self.payloadData(db, hash: hash)
                let entries = try remap(StoredPayload(hash: hash, origin: row["origin"], data: data))
                let payload = IngestBatch.Payload(hash: hash, size: row["size"]) { body in try body(data) }
                let batch = IngestBatch(
                    source: source, origin: row["origin"], payload: payload, entries: entries, receivedAt: time, reprocess: true)
                var work = LedgerCommit(db: db, batch: batch, deriver: deriver, directory: try cachedDirectory(db))
                report.summary.add(try work.run())
                report.payloads += 1
                for change in work.changes {
                    if first[change.after.key] == nil { first[change.after.key] = .some(change.before) }
                    last[change.after.key] = change.after
                }
                orphaned.formUnion(work.orphaned)
            }
            report.changes = last.keys.sorted().compactMap { key in
                let before = first[key]!
                if let before, LedgerCommit.sameValues(before, last[key]!) { return nil }
                return TaskChange(before: before, after: last[key]!)
            }
            report.orphaned = orphaned.subtracting(last.keys).sorted()
            return report
        }
    }

    static func payloadData(_ db: Database, hash: String) throws -> Data {
        var data = Data()
        for chunk in try Data.fetchAll(db, sql: "SELECT data FROM payload_chunk WHERE hash = ? ORDER BY seq", arguments: [hash]) {
            data.append(chunk)
        }
        return data
    }
}
