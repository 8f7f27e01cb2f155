import BridgeModel
import Foundation

/// One open write transaction of the ledger, handed to a closure by `LedgerStore.write`. Facts are
/// appended through it (`facts.commit`), and the projector reads the queues and writes the projections through it,
/// so that a dry run can do both and roll them back together. Valid only inside that closure.
///
/// Each concern has a small handle over the transaction: `facts`, `tasks`, `links` (reconciliation), `scores`
/// and `leases`; the directory, the audit log and the projections' own state are here.
public struct LedgerTransaction {
    let db: any LedgerSQL
    let directoryCache: DirectoryCache

    /// The identity directory, decoded once per directory import (see `DirectoryCache`).
    public func directory() throws -> Directory { try directoryCache.directory(db) }

    /// Writes one audit entry (who, when, what, why).
    public func audit(at time: Timestamp, actor: String, action: String, subject: String?, detail: String?) throws {
        try LedgerStore.audit(db, at: time, actor: actor, action: action, subject: subject, detail: detail)
    }

    /// A named value the projections keep about themselves (the scoring rules they were computed with).
    public func projectionState(_ name: String) throws -> String? {
        try db.fetchRecord(Table.ProjectionState.self, where: "name = ?", arguments: [name])?.value
    }

    /// Removes a projection state value.
    public func clearProjectionState(_ name: String) throws {
        try db.execute(sql: "DELETE FROM projection_state WHERE name = ?", arguments: [name])
    }

    /// Sets a projection state value.
    public func setProjectionState(_ name: String, _ value: String) throws {
        try db.insert(Table.ProjectionState(name: name, value: value), onConflict: .update)
    }

    /// Folds every dossier again from its snapshots (`rebuild`).
    public func refoldDossiers() throws { try DossierFold(db: db).refoldAll() }

    /// The leases that fence the writers of a shared ledger (`tx.leases`).
    public var leases: Leases { Leases(db: db) }

    /// The leases of the ledger: a handle over the transaction.
    public struct Leases {
        let db: any LedgerSQL

        /// Holds the lease `name` for this instance: true when it held it already or has just taken it (a take is
        /// audited as a hand-over, naming the previous holder); false while another instance holds it.
        public func take(_ name: String, at time: Timestamp) throws -> Bool {
            if try db.holdsLease(name) { return true }
            guard try db.tryLease(name) else { return false }
            let previous = try db.fetchRecord(Table.Audit.self, where: "action = 'lease.take' AND subject = ?", order: "id DESC", arguments: [name])?.actor
            try LedgerStore.audit(
                db, at: time, actor: Lease.instance, action: "lease.take", subject: name, detail: previous.map { "taken over from \($0)" } ?? "first holder")
            return true
        }

        /// Throws `LeaseHeld` unless this instance holds (or can take) the lease `name`: the fence of a commit.
        public func require(_ name: String, at time: Timestamp) throws {
            guard try take(name, at: time) else { throw LeaseHeld(name: name) }
        }
    }
}
