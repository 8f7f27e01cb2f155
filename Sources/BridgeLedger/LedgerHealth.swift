import BridgeModel
import Foundation
import GRDB

/// What `kpibridge doctor` reports of a ledger: its schema, its integrity, the work the projector still owes,
/// and the sizes an operator watches.
public struct LedgerHealth: Sendable {
    /// The newest migration applied, and the newest this release knows.
    public let schema: String
    public let releaseSchema: String
    /// SQLite's `quick_check` (or `integrity_check`): `["ok"]` when sound, else the problems it lists.
    public let integrity: [String]
    public let fileBytes: Int64
    /// Task keys queued for the projector, and scores owed (a crash or an interrupted run leaves some).
    public let queuedTasks: Int
    public let owedScores: Int
    /// True while a rebuild is under way (set by `rebuild`, cleared when its queue is empty).
    public let rebuilding: Bool
    public let tasks: Int
    public let unresolvedDeadLetters: Int
    /// Each source's stored polling position, in bytes of its JSON.
    public let checkpointBytes: [(source: String, bytes: Int, updatedAt: String)]
    /// Each mapping version that has stamped records, with when it was first seen.
    public let mappings: [(id: String, version: Int, firstSeen: String)]

    public var isSound: Bool { integrity == ["ok"] }
}

extension LedgerStore {
    /// The ledger's health; `full` runs SQLite's whole `integrity_check` rather than `quick_check`.
    public func health(full: Bool = false) throws -> LedgerHealth {
        try SQLiteConnection.mapped { try sqlite(for: "doctor").read { grdb in
            let db = SQLiteConnection(db: grdb)
            let migrator = LedgerSchema.migrator
            let count = { (sql: String) in try Int.fetchOne(db, sql: sql) ?? 0 }
            return LedgerHealth(
                schema: try migrator.completedMigrations(grdb).last ?? "none",
                releaseSchema: LedgerSchema.latest,
                integrity: try String.fetchAll(db, sql: full ? "PRAGMA integrity_check" : "PRAGMA quick_check"),
                fileBytes: ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0,
                queuedTasks: try count("SELECT count(*) FROM task_dirty"),
                owedScores: try count("SELECT count(*) FROM score_dirty"),
                rebuilding: try count("SELECT count(*) FROM projection_state WHERE name = 'rebuild.tasks'") > 0,
                tasks: try count("SELECT count(*) FROM task"),
                unresolvedDeadLetters: try count("SELECT count(*) FROM dead_letter WHERE resolved_at IS NULL"),
                checkpointBytes: try db.fetchRecords(Table.SourceState.self, order: "source").map { ($0.source, $0.checkpoint.utf8.count, $0.updatedAt.description) },
                mappings: try db.fetchRecords(Table.MappingVersion.self, order: "mapping_id, version").map { ($0.mappingId, $0.version, $0.firstSeen.description) })
        } }
    }

    /// Copies the ledger to a new file at `destination` with SQLite's online backup (a consistent snapshot,
    /// taken while other runs keep writing), created with mode 0640 and checked afterwards. Refuses to overwrite.
    public func backup(to destination: String) throws {
        let pool = try sqlite(for: "backup")
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw LedgerError("\(destination) exists already: a backup never overwrites a file")
        }
        let fd = open(destination, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw LedgerError("cannot create \(destination): \(String(cString: strerror(errno)))") }
        _ = fchmod(fd, 0o640)
        Glibc.close(fd)
        do {
            let copy = try DatabaseQueue(path: destination)
            try pool.backup(to: copy)
            let check = try copy.read { try String.fetchAll($0, sql: "PRAGMA quick_check") }
            try copy.close()
            guard check == ["ok"] else { throw LedgerError("the backup at \(destination) does not check: \(check.joined(separator: "; "))") }
        } catch let error as DatabaseError {
            try? FileManager.default.removeItem(atPath: destination)
            throw LedgerError("backup to \(destination) failed, nothing kept: \(SQLiteConnection.explain(error))")
        }
    }
}
