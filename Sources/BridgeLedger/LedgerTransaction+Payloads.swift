import BridgeModel
import Foundation

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

    public init(before: UnifiedTask?, after: UnifiedTask) {
        self.before = before
        self.after = after
    }
}

extension LedgerTransaction {
    /// The facts: payloads, their records and dead letters (`tx.facts`).
    public var facts: Facts { Facts(db: db) }

    /// The facts of the ledger: a handle over the transaction.
    public struct Facts {
        let db: any LedgerSQL

        /// Appends one payload's facts inside this transaction (a dry run, a reprocess); a payload whose bytes
        /// cannot be read again throws, and the caller's transaction is rolled back.
        public func commit(_ batch: IngestBatch) throws -> CommitSummary {
            var work = LedgerCommit(db: db, batches: [batch], openSources: [batch.source])
            do {
                return try work.run()[0]
            } catch let failure as PayloadFailure {
                throw failure.error
            }
        }

        /// True when `source` has a dead letter not yet resolved.
        func hasOpenDeadLetters(source: String) throws -> Bool {
            try Bool.fetchOne(db, sql: "SELECT 1 FROM dead_letter WHERE source = ? AND resolved_at IS NULL LIMIT 1", arguments: [source]) != nil
        }

        /// Every stored payload of `source` — those its records came from and those of its unresolved dead letters —
        /// oldest first, with where each first came from (`size` for the commit, `origin` for operators).
        public func storedPayloads(source: String) throws -> [(hash: String, size: Int, origin: String?)] {
            try LedgerRow.fetchAll(
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
                arguments: [source]
            ).map { (try $0["hash"], try $0["size"], try $0["origin"]) }
        }

        /// The raw bytes of a stored payload.
        public func payloadData(_ hash: String) throws -> Data {
            try LedgerStore.payloadData(db, hash: hash)
        }
    }
}

extension LedgerStore {
    static func payloadData(_ db: any LedgerSQL, hash: String) throws -> Data {
        var data = Data()
        for chunk in try db.fetchRecords(Table.PayloadChunk.self, where: "hash = ?", order: "seq", arguments: [hash]) {
            data.append(chunk.data)
        }
        return data
    }
}
