import BridgeModel
import Foundation

/// Who did what, when and why: appended, never changed.
public struct AuditStore: Sendable {
    let database: LedgerDatabase

    /// The store over `database` (a ledger file's, or `LedgerDatabase.inMemory()`).
    public init(_ database: LedgerDatabase) { self.database = database }

    /// Writes one audit entry.
    public func record(at time: Timestamp, actor: String, action: String, subject: String?, detail: String?) throws {
        try database.write { db in try LedgerStore.audit(db, at: time, actor: actor, action: action, subject: subject, detail: detail) }
    }

    /// Writes many audit entries of one action in one transaction.
    public func record(at time: Timestamp, actor: String, action: String, entries: [(subject: String, detail: String)]) throws {
        try database.write { db in
            for entry in entries {
                try LedgerStore.audit(db, at: time, actor: actor, action: action, subject: entry.subject, detail: entry.detail)
            }
        }
    }

    /// The audit log, newest first.
    public func log(limit: Int = 100, action: String? = nil, actor: String? = nil) throws -> [(at: String, actor: String, action: String, subject: String?, detail: String?)] {
        try database.read { db in
            try db.fetchRecords(
                Table.Audit.self, where: "(CAST(?1 AS TEXT) IS NULL OR action = ?1) AND (CAST(?2 AS TEXT) IS NULL OR actor = ?2)",
                order: "id DESC", limit: limit, arguments: [action, actor]
            ).map { ($0.at.description, $0.actor, $0.action, $0.subject, $0.detail) }
        }
    }
}
