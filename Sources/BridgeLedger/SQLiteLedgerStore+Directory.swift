import BridgeModel
import Foundation
import GRDB
import Synchronization

extension SQLiteLedgerStore {
    /// The directory as stored.
    static func directory(_ db: Database) throws -> Directory {
        let decoder = JSONDecoder()
        return try Directory(
            try String.fetchAll(db, sql: "SELECT body FROM directory_officer ORDER BY id").map {
                try decoder.decode(Directory.Officer.self, from: Data($0.utf8))
            },
            agencies: try String.fetchAll(db, sql: "SELECT body FROM directory_agency ORDER BY code").map {
                try decoder.decode(Directory.Agency.self, from: Data($0.utf8))
            })
    }

    /// The identity directory.
    public func directory() throws -> Directory {
        try pool.read { db in try cachedDirectory(db) }
    }

    /// The directory, decoded once per directory import rather than once per commit (40,000 officers take a
    /// tenth of a second to decode; a commit takes a millisecond).
    func cachedDirectory(_ db: Database) throws -> Directory {
        let generation = try Int64.fetchOne(db.cachedStatement(sql: "SELECT generation FROM directory_generation")) ?? 0
        if let cached = directoryCache.withLock({ $0 }), cached.generation == generation { return cached.directory }
        let directory = try Self.directory(db)
        directoryCache.withLock { $0 = (generation, directory) }
        return directory
    }

    /// Writes the current row of a task, its revision, and who it names (for per-officer queries and scoring).
    static func storeTask(
        _ db: Database, _ task: UnifiedTask, previous: UnifiedTask?, body: String, revision: Int, cause: String, at now: String
    ) throws {
        try db.executeCached(
            sql: """
                INSERT INTO task (key, revision, block, agency, status, main_handler, due_at, body, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(key) DO UPDATE SET revision = excluded.revision, block = excluded.block,
                  agency = excluded.agency, status = excluded.status, main_handler = excluded.main_handler,
                  due_at = excluded.due_at, body = excluded.body, updated_at = excluded.updated_at
                """,
            arguments: [
                task.key.rawValue, revision, task.block?.rawValue, task.agency, task.status.rawValue,
                task.mainHandler?.officerKey, task.dueAt?.millis, body, now,
            ])
        try db.executeCached(
            sql: "INSERT INTO task_revision (task_key, revision, body, cause, at) VALUES (?, ?, ?, ?, ?)",
            arguments: [task.key.rawValue, revision, body, cause, now])
        try writeOfficerRows(db, task, previous: previous)
    }

    /// Writes who a task names. `previous` is the task as stored until now (nil for a new task, or after the rows
    /// were dropped): only the officer rows that differ are deleted or inserted, by their whole key.
    /// (`DELETE … WHERE task_key = ?` on this WITHOUT ROWID table builds a temporary b-tree each time, which made
    /// it the dearest statement of a commit.)
    static func writeOfficerRows(_ db: Database, _ task: UnifiedTask, previous: UnifiedTask?) throws {
        let old = officerRows(previous)
        let new = officerRows(task)
        for row in old.subtracting(new).sorted() {
            try db.executeCached(
                sql: "DELETE FROM task_officer WHERE task_key = ? AND officer = ? AND role = ?",
                arguments: [task.key.rawValue, row.officer, row.role])
        }
        for row in new.subtracting(old).sorted() {
            try db.executeCached(
                sql: "INSERT OR IGNORE INTO task_officer (task_key, officer, role) VALUES (?, ?, ?)",
                arguments: [task.key.rawValue, row.officer, row.role])
        }
    }

    /// One `task_officer` row of a task, without the key.
    struct OfficerRow: Hashable, Comparable {
        let officer: String
        let role: String
        static func < (a: OfficerRow, b: OfficerRow) -> Bool { (a.officer, a.role) < (b.officer, b.role) }
    }

    /// Who a task names: its main handler (`main`) and its coordinators (`coordinator`), by officer key.
    static func officerRows(_ task: UnifiedTask?) -> Set<OfficerRow> {
        guard let task else { return [] }
        var rows = Set(task.coordinators.map { OfficerRow(officer: $0.officerKey, role: "coordinator") })
        if let main = task.mainHandler { rows.insert(OfficerRow(officer: main.officerKey, role: "main")) }
        return rows
    }

    /// Replaces the directory (one transaction, audited) and queues every task and every stored score for the
    /// projector, which resolves people through the new directory and scores them again.
    public func importDirectory(
        _ officers: [Directory.Officer], agencies: [Directory.Agency] = [], origin: String, actor: String, at time: Timestamp
    ) throws {
        let directory = try Directory(officers, agencies: agencies)
        try write { db in
            try db.execute(sql: "UPDATE directory_generation SET generation = generation + 1")
            try db.execute(sql: "DELETE FROM directory_officer")
            try db.execute(sql: "DELETE FROM directory_agency")
            for agency in agencies {
                try db.execute(sql: "INSERT INTO directory_agency (code, body) VALUES (?, ?)", arguments: [agency.code, try Self.encode(agency)])
            }
            for officer in directory.officers.values.sorted(by: { $0.id < $1.id }) {
                try db.execute(
                    sql: "INSERT INTO directory_officer (id, body) VALUES (?, ?)", arguments: [officer.id, try Self.encode(officer)])
            }
            try Self.audit(db, at: time, actor: actor, action: "directory.import", subject: origin, detail: "\(officers.count) officer(s)")
            let tx = LedgerTransaction(db: db, store: self)
            try tx.queueEveryTask(cause: "directory \(origin)")
            try tx.oweEveryStoredScore()
        }
    }
}
