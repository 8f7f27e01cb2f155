import BridgeModel
import Foundation

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
        try database.read { db in try Self.conflict(db, id) }
    }

    /// A conflict by id: a stored one by its key, else one of the kinds computed on read (people, missing records).
    static func conflict(_ db: any LedgerSQL, _ id: String) throws -> Conflict? {
        let id = id.uppercased()
        if let body = try String.fetchOne(db, sql: "SELECT body FROM conflict WHERE id = ?", arguments: [id]) {
            return try JSONDecoder().decode(Conflict.self, from: Data(body.utf8))
        }
        return try (people(db) + missing(db)).first { $0.id == id }
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

    static func conflicts(_ db: any LedgerSQL, _ filter: Filter) throws -> [Conflict] {
        var out: [Conflict] = []
        if filter.kind == nil || filter.kind != .person {
            let decoder = JSONDecoder()
            for body in try String.fetchAll(
                db,
                sql: """
                    SELECT body FROM conflict WHERE (CAST(?1 AS TEXT) IS NULL OR kind = ?1) AND (CAST(?2 AS TEXT) IS NULL OR state = ?2) AND (CAST(?3 AS TEXT) IS NULL OR agency = ?3)
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
        if filter.kind == nil || filter.kind == .missing {
            out += try missing(db).filter { (filter.state == nil || $0.state == filter.state) && (filter.agency == nil || $0.agency == filter.agency) }
        }
        return out
    }

    /// One `audit-source` run.
    public struct SourceAudit: Sendable, Hashable {
        public let source: String
        public let at: Timestamp
        public let actor: String
        /// How many records the source listed.
        public let listed: Int
        /// Records the ledger holds that the source no longer lists, with the tasks they made.
        public let missing: [String: [TaskKey]]
        /// Records the source lists that the ledger has not seen yet.
        public let unseen: [String]
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
        return try LedgerRow.fetchAll(
            db, sql: "SELECT * FROM source_audit WHERE id IN (SELECT max(id) FROM source_audit GROUP BY source) ORDER BY source"
        ).map { row in
            SourceAudit(
                source: try row["source"], at: Timestamp(iso8601: try row["at"]) ?? Timestamp(millis: 0), actor: try row["actor"], listed: try row["listed"],
                missing: try decoder.decode([String: [TaskKey]].self, from: Data((row["missing"] as String).utf8)),
                unseen: try decoder.decode([String].self, from: Data((row["unseen"] as String).utf8)))
        }
    }

    /// One conflict per task made by a record its source no longer lists (the latest audit of each source);
    /// resolved once an admin accepts it (the decision names the record).
    static func missing(_ db: any LedgerSQL) throws -> [Conflict] {
        let accepted = Set(try decisions(db).filter { $0.action == .accept }.compactMap { d in d.field.map { "\(d.task.rawValue) \($0)" } })
        var out: [Conflict] = []
        for audit in try latestAudits(db) {
            for (record, tasks) in audit.missing.sorted(by: { $0.key < $1.key }) {
                for task in tasks {
                    let subject = Self.missingSubject(source: audit.source, record: record)
                    let stored = try Data.fetchOne(db, sql: "SELECT body FROM task WHERE key = ?", arguments: [task.rawValue]).map(LedgerStore.decodeTask)
                    let refs = stored?.provenance.filter { $0.source == audit.source && $0.recordId == record } ?? []
                    out.append(Conflict(
                        kind: .missing, state: accepted.contains("\(task.rawValue) \(subject)") ? .resolved : .open, task: task, subject: subject,
                        agency: stored?.agency,
                        sides: [Conflict.Side(task: task, source: audit.source, value: "not listed by \(audit.source) at \(audit.at)", records: refs)],
                        note: "\(audit.source) no longer lists record \(record) (audit of \(audit.at) by \(audit.actor)): deleted or withdrawn there? accept keeps the task as it is; kpibridge reconcile override \(task.rawValue) status cancelled takes it out of KPI"))
                }
            }
        }
        return out
    }

    /// The field name an acceptance of a missing record carries: `missing:SOURCE/RECORD`.
    public static func missingSubject(source: String, record: String) -> String { "missing:\(source)/\(record)" }

    /// An account that tasks name and no directory officer holds: one conflict per account, listing the tasks.
    static func people(_ db: any LedgerSQL) throws -> [Conflict] {
        let known = Set(try LedgerStore.directory(db).officers.keys)
        var byAccount: [String: [Conflict.Side]] = [:]
        var agency: [String: String] = [:]
        try db.forEachRow(
            sql: """
                SELECT o.officer, o.task_key, o.role, t.agency FROM task_officer o JOIN task t ON t.key = o.task_key
                WHERE o.officer LIKE '%:%' ORDER BY o.officer, o.task_key, o.role
                """
        ) { row in
            let account: String = try row["officer"]
            guard !known.contains(account) else { return }
            byAccount[account, default: []].append(
                Conflict.Side(task: TaskKey(try row["task_key"] as String), source: "", value: try row["role"], records: []))
            if agency[account] == nil { agency[account] = try row["agency"] }
        }
        return byAccount.keys.sorted().map { account in
            let sides = byAccount[account]!
            return Conflict(
                kind: .person, state: .open, task: nil, subject: account, agency: agency[account], sides: sides,
                note: "\(sides.count) task(s) name \(account), which no directory officer holds: kpibridge directory link \(account) OFFICER --reason …")
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
