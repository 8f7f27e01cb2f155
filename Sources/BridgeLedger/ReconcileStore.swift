import BridgeModel
import Foundation

/// The reconciliation queue and the admins' decisions (docs/reconciliation.md): decisions are facts, appended
/// with who, when and why; conflicts are a projection the projector keeps, read here.
public struct ReconcileStore: Sendable {
    let database: LedgerDatabase

    /// The store over `database` (a ledger file's, or `LedgerDatabase.inMemory()`).
    public init(_ database: LedgerDatabase) { self.database = database }

    /// The stored conflicts the projector keeps (disagreements, candidates, overrides), by kind then id. The
    /// kinds computed on read are made from `conflictInputs` (`ComputedConflicts`).
    public func conflicts(_ filter: ConflictFilter = ConflictFilter()) throws -> [Conflict] {
        try database.read { db in try Self.conflicts(db, filter) }
    }

    /// One stored conflict by id, or nil.
    public func conflict(_ id: String) throws -> Conflict? {
        try database.read { db in try Self.conflict(db, id) }
    }

    /// What the conflicts computed on read are made from.
    public func conflictInputs() throws -> ConflictInputs {
        try database.read { db in try Self.conflictInputs(db) }
    }

    /// A stored conflict by id.
    static func conflict(_ db: any LedgerSQL, _ id: String) throws -> Conflict? {
        try db.fetchRecord(Table.Conflict.self, where: "id = ?", arguments: [id.uppercased()]).map { try JSONDecoder().decode(Conflict.self, from: Data($0.body.utf8)) }
    }

    /// The accounts tasks name that no directory officer holds, the latest audits, the tasks they name, and the
    /// decisions.
    static func conflictInputs(_ db: any LedgerSQL) throws -> ConflictInputs {
        let known = Set(try LedgerStore.directory(db).officers.keys)
        var uses: [ConflictInputs.AccountUse] = []
        try db.forEachRow(
            sql: """
                SELECT o.officer, o.task_key, o.role, t.agency FROM task_officer o JOIN task t ON t.key = o.task_key
                WHERE o.officer LIKE '%:%' ORDER BY o.officer, o.task_key, o.role
                """
        ) { row in
            let account: String = try row["officer"]
            guard !known.contains(account) else { return }
            uses.append(ConflictInputs.AccountUse(account: account, task: TaskKey(try row["task_key"] as String), role: try row["role"], agency: try row["agency"]))
        }
        let audits = try latestAudits(db)
        var tasks: [TaskKey: UnifiedTask] = [:]
        for key in Set(audits.flatMap { $0.missing.values.joined() }) {
            if let body = try Data.fetchOne(db, sql: "SELECT body FROM task WHERE key = ?", arguments: [key.rawValue]) { tasks[key] = try LedgerStore.decodeTask(body) }
        }
        return ConflictInputs(
            unheldAccounts: uses, audits: audits, auditedTasks: tasks, decisions: try decisions(db), disputes: try DisputeStore.list(db))
    }

    /// The tasks that count for KPI while disputed: a disagreement or a contradicted override not (or no longer)
    /// settled by a decision.
    public func disputedTasks() throws -> [UnifiedTask] {
        try database.read { db in
            try Data.fetchAll(
                db,
                sql: """
                    SELECT body FROM task WHERE key IN
                      (SELECT task_a FROM conflict WHERE state != 'resolved' AND kind IN ('disagreement', 'override')) ORDER BY key
                    """
            ).map(LedgerStore.decodeTask)
        }
    }

    /// Every decision, in order.
    public func decisions() throws -> [ReconcileDecision] {
        try database.read { db in try Self.decisions(db) }
    }

    static func conflicts(_ db: any LedgerSQL, _ filter: ConflictFilter) throws -> [Conflict] {
        let decoder = JSONDecoder()
        return try db.fetchRecords(
            Table.Conflict.self,
            where: "(CAST(?1 AS TEXT) IS NULL OR kind = ?1) AND (CAST(?2 AS TEXT) IS NULL OR state = ?2) AND (CAST(?3 AS TEXT) IS NULL OR agency = ?3)",
            order: "kind, id", arguments: [filter.kind?.rawValue, filter.state?.rawValue, filter.agency]
        ).map { try decoder.decode(Conflict.self, from: Data($0.body.utf8)) }
    }

    /// Compares what a source lists now (`listed`, record ids) with the records the ledger holds from it, and
    /// keeps the result as a fact (one `audit-source` run); audited.
    @discardableResult
    public func recordAudit(source: String, listed: Set<String>, actor: String, at time: Timestamp) throws -> SourceAudit {
        try database.transaction(failure: "recording the audit of \(source) failed") { tx in
            let db = tx.db
            var held: [String: Set<TaskKey>] = [:]
            try db.forEachRow(
                sql: """
                    SELECT r.record_id, p.task_key FROM source_record r JOIN task_patch p ON p.source_record_id = r.id
                    WHERE r.source = ? ORDER BY r.record_id
                    """,
                arguments: [source]
            ) { row in held[try row["record_id"], default: []].insert(TaskKey(try row["task_key"] as String)) }
            let missing = held.filter { !listed.contains($0.key) }.mapValues { $0.sorted() }
            let unseen = listed.subtracting(held.keys).sorted()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try db.insert(Table.SourceAudit(
                source: source, at: time, actor: actor, listed: listed.count, missing: String(decoding: try encoder.encode(missing), as: UTF8.self),
                unseen: String(decoding: try encoder.encode(unseen), as: UTF8.self)))
            try tx.audit(
                at: time, actor: actor, action: "source.audit", subject: source,
                detail: "\(listed.count) listed, \(missing.count) missing at the source, \(unseen.count) not yet in the ledger")
            return SourceAudit(source: source, at: time, actor: actor, listed: listed.count, missing: missing, unseen: unseen)
        }
    }

    /// The latest audit of each source.
    static func latestAudits(_ db: any LedgerSQL) throws -> [SourceAudit] {
        let decoder = JSONDecoder()
        return try db.fetchRecords(
            Table.SourceAudit.self, where: "id IN (SELECT max(id) FROM source_audit GROUP BY source)", order: "source"
        ).map { row in
            SourceAudit(
                source: row.source, at: row.at, actor: row.actor, listed: row.listed,
                missing: try decoder.decode([String: [TaskKey]].self, from: Data(row.missing.utf8)),
                unseen: try decoder.decode([String].self, from: Data(row.unseen.utf8)))
        }
    }

    static func decisions(_ db: any LedgerSQL) throws -> [ReconcileDecision] {
        try db.fetchRecords(Table.ReconcileDecision.self, order: "sequence").map(\.decision)
    }

    /// Appends a decision inside an open transaction (a dry run rolls it back), audits it, and queues its tasks for
    /// the projector; returns it with its sequence number.
    @discardableResult
    public static func record(_ tx: LedgerTransaction, _ decision: ReconcileDecision) throws -> ReconcileDecision {
        let db = tx.db
        let sequence = try db.insert(Table.ReconcileDecision(decision), returning: "sequence", as: Int.self)
        var out = decision
        out.sequence = sequence ?? 0
        let subject = [decision.task.rawValue, decision.other?.rawValue, decision.field].compactMap { $0 }.joined(separator: " ")
        let detail = [decision.source.map { "source \($0)" }, decision.value.map { "value \($0)" }, "reason: \(decision.reason)"]
            .compactMap { $0 }.joined(separator: "; ")
        try tx.audit(at: decision.at, actor: decision.actor, action: "reconcile.\(decision.action.rawValue)", subject: subject, detail: detail)
        for key in [decision.task, decision.other].compactMap({ $0 }) {
            try db.insert(Table.TaskDirty(taskKey: key.rawValue, cause: "decision \(out.sequence)"), onConflict: .ignore)
        }
        return out
    }
}
