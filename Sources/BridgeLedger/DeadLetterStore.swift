import BridgeModel
import Foundation

/// Records that could not become tasks, for operators: listed, shown, replayed.
public struct DeadLetterStore: Sendable {
    let database: LedgerDatabase

    /// The store over `database` (a ledger file's, or `LedgerDatabase.inMemory()`).
    public init(_ database: LedgerDatabase) { self.database = database }

    /// Dead letters, newest first; resolved ones too when asked.
    public func list(includeResolved: Bool) throws -> [DeadLetter] {
        try database.read { db in
            let sql = "SELECT * FROM dead_letter" + (includeResolved ? "" : " WHERE resolved_at IS NULL") + " ORDER BY id DESC"
            return try LedgerRow.fetchAll(db, sql: sql).map(Self.deadLetter)
        }
    }

    /// One dead letter by id.
    public func letter(id: Int64) throws -> DeadLetter? {
        try database.read { db in
            try LedgerRow.fetchOne(db, sql: "SELECT * FROM dead_letter WHERE id = ?", arguments: [id]).map(Self.deadLetter)
        }
    }

    static func deadLetter(_ row: LedgerRow) throws -> DeadLetter {
        let recordId: String = try row["record_id"]
        return DeadLetter(
            id: try row["id"], source: try row["source"], payloadHash: try row["payload_hash"],
            recordId: recordId.isEmpty ? nil : recordId,
            failureClass: FailureClass(rawValue: try row["failure_class"]) ?? .parse, reason: try row["reason"],
            origin: try row["origin"], mappingId: try row["mapping_id"], mappingVersion: try row["mapping_version"],
            attempts: try row["attempts"], firstSeen: try row["first_seen"], lastSeen: try row["last_seen"],
            resolvedAt: try row["resolved_at"])
    }
}
