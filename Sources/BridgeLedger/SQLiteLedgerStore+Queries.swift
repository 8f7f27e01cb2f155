import BridgeModel
import Foundation
import GRDB

extension SQLiteLedgerStore {
    public func tasks(_ filter: TaskFilter) throws -> [UnifiedTask] {
        var clauses: [String] = []
        var arguments: StatementArguments = []
        if let agency = filter.agency { clauses.append("agency = ?"); arguments += [agency] }
        if let status = filter.status { clauses.append("status = ?"); arguments += [status.rawValue] }
        if let block = filter.block { clauses.append("block = ?"); arguments += [block.rawValue] }
        if let officer = filter.officer {
            clauses.append("main_handler = ?")
            arguments += [officer]
        }
        let whereSQL = clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")
        return try pool.read { db in
            try String.fetchAll(db, sql: "SELECT body FROM task\(whereSQL) ORDER BY key", arguments: arguments)
                .map(Self.decodeTask)
                .filter { task in
                    !filter.unresolvedOnly || task.mainHandler?.officer == nil && task.mainHandler != nil
                        || task.coordinators.contains { $0.officer == nil } || task.assignedBy.map { $0.officer == nil } == true
                }
        }
    }

    public func task(_ key: TaskKey) throws -> (task: UnifiedTask, revisions: [TaskRevision])? {
        try pool.read { db in
            guard let body = try String.fetchOne(db, sql: "SELECT body FROM task WHERE key = ?", arguments: [key.rawValue])
            else { return nil }
            let revisions = try Row.fetchAll(
                db, sql: "SELECT revision, body, cause, at FROM task_revision WHERE task_key = ? ORDER BY revision",
                arguments: [key.rawValue]
            ).map { row in
                TaskRevision(revision: row["revision"], at: row["at"], cause: row["cause"], task: try Self.decodeTask(row["body"]))
            }
            return (try Self.decodeTask(body), revisions)
        }
    }

    public func deadLetters(includeResolved: Bool) throws -> [DeadLetter] {
        try pool.read { db in
            let sql = "SELECT * FROM dead_letter" + (includeResolved ? "" : " WHERE resolved_at IS NULL") + " ORDER BY id DESC"
            return try Row.fetchAll(db, sql: sql).map(Self.deadLetter)
        }
    }

    public func deadLetter(id: Int64) throws -> DeadLetter? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM dead_letter WHERE id = ?", arguments: [id]).map(Self.deadLetter)
        }
    }

    /// Row counts per table, for summaries and tests.
    public func counts() throws -> [String: Int] {
        try pool.read { db in
            var out: [String: Int] = [:]
            for table in ["payload", "source_record", "task_patch", "task", "task_revision", "dead_letter", "audit"] {
                out[table] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
            }
            return out
        }
    }

    static func deadLetter(_ row: Row) -> DeadLetter {
        let recordId: String = row["record_id"]
        return DeadLetter(
            id: row["id"], source: row["source"], payloadHash: row["payload_hash"],
            recordId: recordId.isEmpty ? nil : recordId,
            failureClass: FailureClass(rawValue: row["failure_class"]) ?? .parse, reason: row["reason"],
            origin: row["origin"], mappingId: row["mapping_id"], mappingVersion: row["mapping_version"],
            attempts: row["attempts"], firstSeen: row["first_seen"], lastSeen: row["last_seen"],
            resolvedAt: row["resolved_at"])
    }
}

extension SQLiteLedgerStore {
    /// The source's last committed polling position, or an empty one.
    public func checkpoint(source: String) throws -> SourceCheckpoint {
        try pool.read { db in
            guard let body = try String.fetchOne(db, sql: "SELECT checkpoint FROM source_state WHERE source = ?", arguments: [source])
            else { return SourceCheckpoint() }
            return try JSONDecoder().decode(SourceCheckpoint.self, from: Data(body.utf8))
        }
    }

    /// Stores a polling position alone (a pass that found nothing new), in its own transaction.
    public func saveCheckpoint(_ checkpoint: SourceCheckpoint, source: String, at time: Timestamp) throws {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO source_state (source, checkpoint, updated_at) VALUES (?, ?, ?)
                    ON CONFLICT(source) DO UPDATE SET checkpoint = excluded.checkpoint, updated_at = excluded.updated_at
                    """,
                arguments: [source, try Self.encode(checkpoint), time.description])
        }
    }
}

extension SQLiteLedgerStore {
    /// Records which content a mapping id and version stands for; the same version with other content is refused,
    /// so every record's stamped mapping version names exactly one set of rules.
    public func registerMapping(id: String, version: Int, contentHash: String, file: String, at time: Timestamp) throws {
        try write { db in
            if let known = try Row.fetchOne(
                db, sql: "SELECT content_hash, file FROM mapping_version WHERE mapping_id = ? AND version = ?", arguments: [id, version])
            {
                let knownHash: String = known["content_hash"]
                guard knownHash == contentHash else {
                    throw LedgerError("\(file): mapping '\(id)' version \(version) was used before with other content; raise its version: before changing rules")
                }
                return
            }
            try db.execute(
                sql: "INSERT INTO mapping_version (mapping_id, version, content_hash, file, first_seen) VALUES (?, ?, ?, ?, ?)",
                arguments: [id, version, contentHash, file, time.description])
        }
    }
}

extension SQLiteLedgerStore {
    /// Writes one audit entry (who, when, what, why).
    public func audit(at time: Timestamp, actor: String, action: String, subject: String?, detail: String?) throws {
        try write { db in try Self.audit(db, at: time, actor: actor, action: action, subject: subject, detail: detail) }
    }

    /// Writes many audit entries of one action in one transaction.
    public func audit(at time: Timestamp, actor: String, action: String, entries: [(subject: String, detail: String)]) throws {
        try write { db in
            for entry in entries { try Self.audit(db, at: time, actor: actor, action: action, subject: entry.subject, detail: entry.detail) }
        }
    }

    /// The audit log, newest first.
    public func auditLog(limit: Int = 100) throws -> [(at: String, actor: String, action: String, subject: String?, detail: String?)] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit ORDER BY id DESC LIMIT ?", arguments: [limit])
                .map { ($0["at"], $0["actor"], $0["action"], $0["subject"], $0["detail"]) }
        }
    }
}
