import BridgeModel
import Foundation
import GRDB

/// The embedded ledger: one SQLite file in WAL mode, through one GRDB pool per process, and its stores — one
/// small `Sendable` struct per concern over the same database: `facts` (appended in group commits), `tasks` and
/// `scores` (the projections, for readers), `directory`, `deadLetters`, `audit`. The projector writes the
/// projections through `write`'s `LedgerTransaction`.
public final class SQLiteLedgerStore: Sendable {
    let pool: DatabasePool
    /// What the stores share: the writer, the path and the decoded directory.
    public let database: LedgerDatabase
    /// The database file.
    public var path: String { database.path }

    /// Payloads, records, patches, dead letters and checkpoints, appended in group commits.
    public var facts: FactStore { FactStore(database) }
    /// The unified tasks the projector keeps.
    public var tasks: TaskStore { TaskStore(database) }
    /// Stored scores, closed periods and assessments.
    public var scores: ScoreStore { ScoreStore(database) }
    /// The identity directory.
    public var directory: DirectoryStore { DirectoryStore(database) }
    /// Records that could not become tasks.
    public var deadLetters: DeadLetterStore { DeadLetterStore(database) }
    /// Who did what.
    public var audit: AuditStore { AuditStore(database) }

    /// How the ledger file is opened.
    public struct Options: Sendable {
        /// Open without writing: inspection of a copy or a backup. Every change fails with a read-only error.
        public var readOnly = false
        /// A cap on the file's size in pages (4 KiB each); reaching it behaves exactly as a full disk.
        public var maxPageCount: Int?

        public init(readOnly: Bool = false, maxPageCount: Int? = nil) {
            self.readOnly = readOnly
            self.maxPageCount = maxPageCount
        }
    }

    /// Opens (creating and migrating when needed) the ledger at `path`.
    public init(path: String, options: Options = Options()) throws {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        config.readonly = options.readOnly
        let pages = options.maxPageCount
        config.prepareDatabase { db in
            // WAL with synchronous=NORMAL: a commit appends to the log without waiting for the disk; the log is
            // synced at every checkpoint, and `makeDurable()` forces one at the end of each run. A process crash loses
            // nothing; a power cut can lose the last commits whole (never part of one), and with them the
            // checkpoints that would skip their pages, so the next run fetches them again.
            try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 16384")
            if let pages { try db.execute(sql: "PRAGMA max_page_count = \(pages)") }
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
            if !options.readOnly { try LedgerSchema.migrator.migrate(pool) }
        } catch let error as DatabaseError {
            throw LedgerError("cannot open ledger \(path): \(LedgerDatabase.explain(error))")
        }
        database = LedgerDatabase(writer: pool, path: path)
    }

    /// Runs `body` with the handle of one write transaction (the projector, dry runs), rolled back at the end when
    /// `dryRun`. A database error becomes a one-line `LedgerError` that says nothing was written.
    public func write<T>(dryRun: Bool = false, failure: String = "the change failed", _ body: (LedgerTransaction) throws -> T) throws -> T {
        try database.transaction(dryRun: dryRun, failure: failure, body)
    }

    /// Forces every commit so far onto the disk. Commits do not wait for it (`synchronous = NORMAL`); a
    /// checkpoint syncs the log, copies it into the database file and syncs that. Called at the end of each run
    /// and before the hub is told that messages are stored.
    public func makeDurable() throws {
        do {
            try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.passive) }
        } catch let error as DatabaseError {
            throw LedgerError("ledger \(path): putting the commits on the disk failed: \(LedgerDatabase.explain(error))")
        }
    }

    /// Row counts per table, for summaries and tests.
    public func counts() throws -> [String: Int] {
        try database.read { db in
            var out: [String: Int] = [:]
            for table in ["payload", "source_record", "task_patch", "task", "task_revision", "dead_letter", "audit"] {
                out[table] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
            }
            return out
        }
    }
}
