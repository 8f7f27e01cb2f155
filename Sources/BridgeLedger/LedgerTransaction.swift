import BridgeModel
import Foundation

/// One open write transaction of the ledger, handed to a closure by `LedgerStore.write`. Facts are
/// appended through it (`commit`), and the projector reads the queues and writes the projections through it,
/// so that a dry run can do both and roll them back together. Valid only inside that closure.
public struct LedgerTransaction {
    let db: any LedgerSQL
    let directoryCache: DirectoryCache

    /// The identity directory, decoded once per directory import (see `DirectoryCache`).
    public func directory() throws -> Directory { try directoryCache.directory(db) }

    /// Writes one audit entry (who, when, what, why).
    public func audit(at time: Timestamp, actor: String, action: String, subject: String?, detail: String?) throws {
        try LedgerStore.audit(db, at: time, actor: actor, action: action, subject: subject, detail: detail)
    }

    /// Holds the lease `name` for this instance: true when it held it already or has just taken it (a take is
    /// audited as a hand-over, naming the previous holder); false while another instance holds it.
    public func takeLease(_ name: String, at time: Timestamp) throws -> Bool {
        if try db.holdsLease(name) { return true }
        guard try db.tryLease(name) else { return false }
        let previous = try String.fetchOne(
            db, sql: "SELECT actor FROM audit WHERE action = 'lease.take' AND subject = ? ORDER BY id DESC LIMIT 1", arguments: [name])
        try audit(at: time, actor: Lease.instance, action: "lease.take", subject: name, detail: previous.map { "taken over from \($0)" } ?? "first holder")
        return true
    }

    /// Throws `LeaseHeld` unless this instance holds (or can take) the lease `name`: the fence of a commit.
    public func requireLease(_ name: String, at time: Timestamp) throws {
        guard try takeLease(name, at: time) else { throw LeaseHeld(name: name) }
    }

    /// A named value the projections keep about themselves (the scoring rules they were computed with).
    public func projectionState(_ name: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT value FROM projection_state WHERE name = ?", arguments: [name])
    }

    /// Removes a projection state value.
    public func clearProjectionState(_ name: String) throws {
        try db.execute(sql: "DELETE FROM projection_state WHERE name = ?", arguments: [name])
    }

    /// Sets a projection state value.
    public func setProjectionState(_ name: String, _ value: String) throws {
        try db.execute(
            sql: "INSERT INTO projection_state (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
            arguments: [name, value])
    }
}

extension LedgerTransaction {
    /// Appends one payload's facts inside this transaction (a dry run, a reprocess); a payload whose bytes cannot
    /// be read again throws, and the caller's transaction is rolled back.
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
}
