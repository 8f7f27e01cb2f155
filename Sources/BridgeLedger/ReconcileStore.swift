import BridgeModel
import Foundation
import GRDB

/// The reconciliation queue and the admins' decisions (docs/reconciliation.md): decisions are facts, appended
/// with who, when and why; conflicts are a projection the projector keeps, read here.
public struct ReconcileStore: Sendable {
    let database: LedgerDatabase

    /// The store over `database` (a ledger file's, or `LedgerDatabase.inMemory()`).
    public init(_ database: LedgerDatabase) { self.database = database }

    /// Which conflicts to list.
    public struct Filter: Sendable {
        public var kind: Conflict.Kind?
        public var state: Conflict.State?
        public var agency: String?

        public init(kind: Conflict.Kind? = nil, state: Conflict.State? = nil, agency: String? = nil) {
            self.kind = kind
            self.state = state
            self.agency = agency
        }
    }

    /// The queue: stored conflicts, and the accounts no officer holds that tasks name, by kind then id.
    public func conflicts(_ filter: Filter = Filter()) throws -> [Conflict] {
        try database.read { db in try Self.conflicts(db, filter) }
    }

    /// One conflict by id, or nil.
    public func conflict(_ id: String) throws -> Conflict? {
        try database.read { db in try Self.conflicts(db, Filter()).first { $0.id == id.uppercased() } }
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
            ).map(SQLiteLedgerStore.decodeTask)
        }
    }

    /// Every decision, in order.
    public func decisions() throws -> [ReconcileDecision] {
        try database.read { db in try Self.decisions(db) }
    }

    static func conflicts(_ db: Database, _ filter: Filter) throws -> [Conflict] {
        var out: [Conflict] = []
        if filter.kind == nil || filter.kind != .person {
            let decoder = JSONDecoder()
            for body in try String.fetchAll(
                db,
                sql: """
                    SELECT body FROM conflict WHERE (?1 IS NULL OR kind = ?1) AND (?2 IS NULL OR state = ?2) AND (?3 IS NULL OR agency = ?3)
                    ORDER BY kind, id
                    """,
                arguments: [filter.kind?.rawValue, filter.state?.rawValue, filter.agency])
            {
                out.append(try decoder.decode(Conflict.self, from: Data(body.utf8)))
            }
        }
        if (filter.kind == nil || filter.kind == .person) && (filter.state == nil || filter.state == .open) {
            out += try people(db).filter { filter.agency == nil || $0.agency == filter.agency }
        }
        return out
    }

    /// An account that tasks name and no directory officer holds: one conflict per account, listing the tasks.
    static func people(_ db: Database) throws -> [Conflict] {
        let known = Set(try SQLiteLedgerStore.directory(db).officers.keys)
        var byAccount: [String: [Conflict.Side]] = [:]
        var agency: [String: String] = [:]
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT o.officer, o.task_key, o.role, t.agency FROM task_officer o JOIN task t ON t.key = o.task_key
                WHERE o.officer LIKE '%:%' ORDER BY o.officer, o.task_key
                """)
        while let row = try rows.next() {
            let account: String = row["officer"]
            guard !known.contains(account) else { continue }
            byAccount[account, default: []].append(
                Conflict.Side(task: TaskKey(row["task_key"] as String), source: "", value: row["role"], records: []))
            if agency[account] == nil { agency[account] = row["agency"] }
        }
        return byAccount.keys.sorted().map { account in
            let sides = byAccount[account]!
            return Conflict(
                kind: .person, state: .open, task: nil, subject: account, agency: agency[account], sides: sides,
                note: "\(sides.count) task(s) name \(account), which no directory officer holds: kpibridge directory link \(account) OFFICER --reason …")
        }
    }

    static func decisions(_ db: Database) throws -> [ReconcileDecision] {
        try Row.fetchAll(db, sql: "SELECT * FROM reconcile_decision ORDER BY sequence").map { row in
            let action: String = row["action"]
            guard let value = ReconcileDecision.Action(rawValue: action) else { throw LedgerError("reconcile decision \(row["sequence"] as Int): unknown action '\(action)'") }
            let at: String = row["at"]
            guard let time = Timestamp(iso8601: at) else { throw LedgerError("reconcile decision \(row["sequence"] as Int): '\(at)' is not a time") }
            return ReconcileDecision(
                sequence: row["sequence"], action: value, task: TaskKey(row["task_key"] as String),
                other: (row["other_key"] as String?).map(TaskKey.init(rawValue:)), field: row["field"], source: row["source"], value: row["value"],
                evidence: row["evidence"], actor: row["actor"], reason: row["reason"], at: time)
        }
    }

    /// Appends a decision inside an open transaction (a dry run rolls it back), audits it, and queues its tasks for
    /// the projector; returns it with its sequence number.
    @discardableResult
    public static func record(_ tx: LedgerTransaction, _ decision: ReconcileDecision) throws -> ReconcileDecision {
        let db = tx.db
        try db.execute(
            sql: """
                INSERT INTO reconcile_decision (action, task_key, other_key, field, source, value, evidence, actor, reason, at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                decision.action.rawValue, decision.task.rawValue, decision.other?.rawValue, decision.field, decision.source, decision.value,
                decision.evidence, decision.actor, decision.reason, decision.at.description,
            ])
        var out = decision
        out.sequence = Int(db.lastInsertedRowID)
        let subject = [decision.task.rawValue, decision.other?.rawValue, decision.field].compactMap { $0 }.joined(separator: " ")
        let detail = [decision.source.map { "source \($0)" }, decision.value.map { "value \($0)" }, "reason: \(decision.reason)"]
            .compactMap { $0 }.joined(separator: "; ")
        try tx.audit(at: decision.at, actor: decision.actor, action: "reconcile.\(decision.action.rawValue)", subject: subject, detail: detail)
        for key in [decision.task, decision.other].compactMap({ $0 }) {
            try db.execute(sql: "INSERT OR IGNORE INTO task_dirty (task_key, cause) VALUES (?, ?)", arguments: [key.rawValue, "decision \(out.sequence)"])
        }
        return out
    }
}
