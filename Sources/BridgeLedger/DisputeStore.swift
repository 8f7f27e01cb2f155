import BridgeModel
import Crypto
import Foundation

/// Officers' disputes of their tasks (docs/reconciliation.md, "Disputes"): each raised once, with its evidence
/// file kept by hash beside the raw payloads, and decided once by an admin (in the transaction that records the
/// decisions it asks for). Raising and deciding are audited.
public struct DisputeStore: Sendable {
    let database: LedgerDatabase

    public init(_ database: LedgerDatabase) { self.database = database }

    /// Raises `dispute` (its id is given here) with the evidence file's bytes, if any; returns it as stored.
    public func raise(_ dispute: Dispute, evidence: (name: String, data: Data)?, actor: String) throws -> Dispute {
        try database.transaction(failure: "raising the dispute failed") { tx in
            var stored = dispute
            if let evidence {
                let hash = SHA256.hash(data: evidence.data).map { String(format: "%02x", $0) }.joined()
                stored.evidence = Dispute.Evidence(hash: hash, name: evidence.name, size: evidence.data.count)
                // Kept like a payload: one row per hash, its bytes in chunks of at most 1 MiB.
                if try tx.db.insert(Table.Payload(hash: hash, size: evidence.data.count, receivedAt: dispute.raisedAt), onConflict: .ignore) == 1 {
                    var seq = 0
                    var offset = evidence.data.startIndex
                    repeat {
                        let end = evidence.data.index(offset, offsetBy: 1 << 20, limitedBy: evidence.data.endIndex) ?? evidence.data.endIndex
                        try tx.db.insert(Table.PayloadChunk(hash: hash, seq: seq, data: Data(evidence.data[offset..<end])))
                        seq += 1
                        offset = end
                    } while offset < evidence.data.endIndex
                }
            }
            let id = try tx.db.insert(Table.Dispute(id: nil, dispute: stored), returning: "id", as: Int64.self) ?? 0
            stored.id = id
            try tx.audit(
                at: dispute.raisedAt, actor: actor, action: "dispute.raise", subject: "\(dispute.task.rawValue) dispute:\(id)",
                detail: "\(dispute.kind.rawValue)\(dispute.value.map { " \($0)" } ?? ""); reason: \(dispute.reason)")
            return stored
        }
    }

    /// Every dispute (of `officer`, or of everyone), newest first, each with its task's agency.
    public func list(officer: String? = nil) throws -> [Dispute] {
        try database.read { db in try Self.list(db, officer: officer) }
    }

    /// One dispute with its task's agency, or nil.
    public func dispute(_ id: Int64) throws -> Dispute? {
        try database.read { db in try Self.list(db, id: id).first }
    }

    /// The evidence file kept under `hash`.
    public func evidence(_ hash: String) throws -> Data {
        try database.read { db in try LedgerStore.payloadData(db, hash: hash) }
    }

    static func list(_ db: any LedgerSQL, officer: String? = nil, id: Int64? = nil) throws -> [Dispute] {
        var conditions: [String] = []
        var arguments: [(any SQLBindable)?] = []
        if let officer { conditions.append("officer = ?"); arguments.append(officer) }
        if let id { conditions.append("id = ?"); arguments.append(id) }
        var out = try db.fetchRecords(Table.Dispute.self, where: conditions.joined(separator: " AND "), order: "id DESC", arguments: arguments).map(\.dispute)
        // The tasks' agencies in one read (an IN list, 500 keys at a time).
        var agencies: [String: String] = [:]
        try db.forEachRow("SELECT key, agency FROM task WHERE key IN", Set(out.map(\.task.rawValue)).sorted()) { row in
            if let agency: String = try row["agency"] { agencies[try row["key"]] = agency }
        }
        for index in out.indices { out[index].agency = agencies[out[index].task.rawValue] }
        return out
    }

    /// Writes the decision of open dispute `id` inside `tx`; an already decided dispute is an error.
    public static func decide(
        _ tx: LedgerTransaction, id: Int64, accepted: Bool, value: String?, reason: String, actor: String, at time: Timestamp
    ) throws {
        let changed = try tx.db.execute(
            sql: "UPDATE dispute SET state = ?, decided_at = ?, decided_by = ?, decision_reason = ?, decided_value = ? WHERE id = ? AND state = 'open'",
            arguments: [accepted ? "accepted" : "rejected", StoredInstant.value(time), actor, reason, value, id])
        guard changed == 1 else { throw LedgerError("dispute \(id) is not open: it was decided already") }
        try tx.audit(
            at: time, actor: actor, action: accepted ? "dispute.accept" : "dispute.reject", subject: "dispute:\(id)",
            detail: "\(value.map { "value \($0); " } ?? "")reason: \(reason)")
    }

    /// A dispute inside a transaction.
    public static func dispute(_ tx: LedgerTransaction, _ id: Int64) throws -> Dispute? {
        try list(tx.db, id: id).first
    }
}
