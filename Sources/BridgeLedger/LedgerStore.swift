import BridgeModel
import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// The ledger and its stores — one small `Sendable` struct per concern over the same database: `facts` (appended
/// in group commits), `tasks` and `scores` (the projections, for readers), `directory`, `deadLetters`, `audit`.
/// The projector writes the projections through `write`'s `LedgerTransaction`. Embedded, it is one SQLite file in
/// WAL mode through one GRDB pool per process (`init(path:options:)`); shared, a PostgreSQL database
/// (`init(database:)` over the backend `BridgePostgres` makes).
public final class LedgerStore: Sendable {
    /// The SQLite file's pool; nil for a ledger on another database.
    let pool: DatabasePool?
    /// What the stores share: the backend, the name and the decoded directory.
    public let database: LedgerDatabase
    /// The database file, or the database's address (without a password).
    public var path: String { database.path }
    /// Opened read-only: every write fails, and scores are computed in memory rather than brought up to date.
    public let isReadOnly: Bool

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
    /// Citizens' dossiers from the one-stop systems.
    public var dossiers: DossierStore { DossierStore(database) }
    /// What HR keeps beside the directory: positions, standard times, leave, staffing assigned.
    public var references: ReferenceStore { ReferenceStore(database) }
    public var disputes: DisputeStore { DisputeStore(database) }
    public var selfAssessments: SelfAssessmentStore { SelfAssessmentStore(database) }
    public var notifications: NotificationStore { NotificationStore(database) }
    /// The reconciliation queue and the admins' decisions.
    public var reconcile: ReconcileStore { ReconcileStore(database) }
    /// The API's tokens (hashes only).
    public var tokens: TokenStore { TokenStore(database) }

    /// How the ledger file is opened.
    public struct Options: Sendable {
        /// Open without writing: inspection of a copy or a backup. Every change fails with a read-only error.
        public var readOnly = false
        /// A cap on the file's size in pages (4 KiB each); reaching it behaves exactly as a full disk.
        public var maxPageCount: Int?
        /// Refuse a read-only ledger that is not at this release's schema (off only to read which schema it is at).
        var checkSchema = true

        public init(readOnly: Bool = false, maxPageCount: Int? = nil) {
            self.readOnly = readOnly
            self.maxPageCount = maxPageCount
        }

        init(readOnly: Bool, checkSchema: Bool) {
            self.readOnly = readOnly
            self.checkSchema = checkSchema
        }
    }

    /// Opens the ledger at `path`: for writing, creating and migrating it when needed; read-only, only an existing
    /// ledger at the current schema (a read never creates, migrates or writes anything). A ledger written by a
    /// newer release (a migration this one does not know) is refused either way.
    public init(path: String, options: Options = Options()) throws {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        config.readonly = options.readOnly
        let pages = options.maxPageCount
        let readOnly = options.readOnly
        let checkSchema = options.checkSchema
        config.prepareDatabase { db in
            // WAL with synchronous=NORMAL: a commit appends to the log without waiting for the disk; the log is
            // synced at every checkpoint, and `makeDurable()` forces one at the end of each run. A process crash loses
            // nothing; a power cut can lose the last commits whole (never part of one), and with them the
            // checkpoints that would skip their pages, so the next run fetches them again.
            // A 64 MiB page cache: a group commit's pages stay in memory until it commits, instead of spilling
            // into the log half-way (the default 2 MiB cache wrote most pages of an edXML group twice).
            if !readOnly { try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 16384; PRAGMA cache_size = -65536") }
            if let pages { try db.execute(sql: "PRAGMA max_page_count = \(pages)") }
        }
        if readOnly {
            guard FileManager.default.fileExists(atPath: path) else {
                throw LedgerError("no ledger at \(path): nothing to read (check --database; a reading command never creates one)")
            }
        }
        if !readOnly && path != ":memory:" && !FileManager.default.fileExists(atPath: path) {
            // The ledger holds personal data: created readable by its owner and group only (SQLite gives its
            // -wal and -shm files the database file's mode).
            let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o640)
            if fd >= 0 {
                _ = fchmod(fd, 0o640)
                Glibc.close(fd)
            }
        }
        do {
            let pool = try DatabasePool(path: path, configuration: config)
            self.pool = pool
            let migrator = LedgerSchema.migrator
            try pool.read { db in
                if try migrator.hasBeenSuperseded(db) {
                    throw LedgerError("ledger \(path) was written by a newer release of kpibridge (schema \(try Self.schemaName(db, migrator))); refusing to open it: upgrade kpibridge")
                }
                if readOnly, checkSchema, try !migrator.hasCompletedMigrations(db) {
                    let applied = try migrator.appliedIdentifiers(db)
                    throw LedgerError(applied.isEmpty
                        ? "\(path) is not a kpibridge ledger (no schema); check --database"
                        : "ledger \(path) is at an older schema (\(try migrator.completedMigrations(db).last ?? "none")); a reading command does not migrate it: run `kpibridge migrate` once")
                }
            }
            if !readOnly { try migrator.migrate(pool) }
        } catch let error as DatabaseError {
            throw LedgerError("cannot open ledger \(path): \(SQLiteConnection.explain(error))")
        }
        database = LedgerDatabase(backend: SQLiteBackend(writer: pool!), path: path)
        isReadOnly = readOnly
    }

    /// The ledger on another database (PostgreSQL), already at this release's schema.
    public init(database: LedgerDatabase, readOnly: Bool = false) {
        pool = nil
        self.database = database
        isReadOnly = readOnly
    }

    /// True for a ledger several instances may share (PostgreSQL): sources and the projector are then worked
    /// under leases (see `Lease`).
    public var isShared: Bool { pool == nil }

    /// Holds the lease `name` for this instance, taking it if free; always true on an unshared (SQLite) ledger.
    public func takeLease(_ name: String, at time: Timestamp) throws -> Bool {
        guard isShared else { return true }
        return try database.transaction(failure: "taking the lease on \(name) failed") { tx in try tx.leases.take(name, at: time) }
    }

    /// Closes the ledger's database connections (PostgreSQL's; a SQLite file closes with the store's last reference).
    public func close() { database.backend.close() }

    /// The SQLite pool, or an error naming what only a SQLite ledger does.
    func sqlite(for what: String) throws -> DatabasePool {
        guard let pool else { throw LedgerError("ledger \(path): \(what) is for a SQLite ledger; on PostgreSQL use the database's own tools (pg_dump, amcheck)") }
        return pool
    }

    /// Migrates the existing ledger at `path` to this release's schema; returns the newest migration before and after.
    public static func migrate(path: String) throws -> (before: String, after: String) {
        guard FileManager.default.fileExists(atPath: path) else { throw LedgerError("no ledger at \(path): nothing to migrate (check --database)") }
        let before = try LedgerStore(path: path, options: .init(readOnly: true, checkSchema: false)).sqlite(for: "migrate").read { db in
            try LedgerSchema.migrator.completedMigrations(db).last ?? "none"
        }
        let store = try LedgerStore(path: path)
        let after = try store.sqlite(for: "migrate").read { db in try LedgerSchema.migrator.completedMigrations(db).last ?? "none" }
        return (before, after)
    }

    /// The schema this release brings a ledger to (its newest migration).
    public static var latestSchema: String { LedgerSchema.latest }

    /// The migration that gives stored scores their figures as columns (PostgreSQL's schema names it too).
    public static var scoreColumnsMigration: String { LedgerSchema.scoreColumns }

    /// The migration that stores every instant as integer milliseconds, and the columns it converts.
    public static var instantsMigration: String { LedgerSchema.instants }

    /// The migration that adds dossiers, and its statements (PostgreSQL's; SQLite declares BIGINT as INTEGER).
    public static var dossiersMigration: String { LedgerSchema.dossiers }
    public static var dossierTables: [String] { LedgerSchema.dossierTables }

    /// The migration that adds the reference tables HR keeps.
    public static var referencesMigration: String { LedgerSchema.references }
    public static var officersMigration: String { LedgerSchema.officers }
    public static var officerTables: [String] { LedgerSchema.officerTables }
    public static var instantColumns: [(table: String, columns: [String])] { LedgerSchema.instantColumns }

    /// That migration's indexes, the same statements on both databases.
    public static var scoreColumnIndexes: [String] { LedgerSchema.scoreColumnIndexes }

    /// The newest migration a ledger names, for messages.
    private static func schemaName(_ db: Database, _ migrator: DatabaseMigrator) throws -> String {
        try String.fetchOne(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid DESC LIMIT 1") ?? "unknown"
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
            // PostgreSQL makes each commit durable itself.
            try pool?.writeWithoutTransaction { db in _ = try db.checkpoint(.passive) }
        } catch let error as DatabaseError {
            throw LedgerError("ledger \(path): putting the commits on the disk failed: \(SQLiteConnection.explain(error))")
        }
    }

    /// The number of tasks, read off the ledger without waiting for the writer: a ledger that answers it is up
    /// (`serve`'s `/readyz`).
    public func taskCount() throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM task") ?? 0 }
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
