import BridgeModel
import Foundation
import GRDB
import Synchronization

/// The embedded ledger: one SQLite file in WAL mode, through one GRDB pool per process. Facts are appended in
/// group commits (`commit`); the projections are written by whoever holds a `LedgerTransaction` (the
/// projector); readers read both.
public final class SQLiteLedgerStore: Sendable {
    let pool: DatabasePool
    /// The database file.
    public let path: String
    /// The decoded identity directory and the generation it was read at.
    let directoryCache = Mutex<(generation: Int64, directory: Directory)?>(nil)

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

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
        self.path = path
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
            throw LedgerError("cannot open ledger \(path): \(Self.explain(error))")
        }
    }

    /// Appends one payload's facts in a transaction of its own; see `commit(group:)`.
    public func commit(_ batch: IngestBatch) throws -> CommitSummary {
        try commit(group: [batch])[0].get()
    }

    /// Group commit: the facts of many payloads in one transaction, each in its own savepoint, in order. A payload
    /// that fails alone (its file changed while being imported) is rolled back alone and its error is its result;
    /// the others commit. A failure of the database itself (full disk, read-only file) fails them all, with
    /// nothing written.
    public func commit(group batches: [IngestBatch]) throws -> [Result<CommitSummary, any Error>] {
        guard !batches.isEmpty else { return [] }
        let results = try write(failure: Self.describe(batches)) { tx in
            let results = try batches.map { try tx.commit($0) }
            KillPoint.beforeCommit.reach()
            return results
        }
        KillPoint.afterCommit.reach()
        return results
    }

    static func describe(_ batches: [IngestBatch]) -> String {
        let first = batches[0].payload.hash.prefix(12)
        return batches.count == 1 ? "commit of payload \(first) failed" : "commit of \(batches.count) payloads from \(first) failed"
    }

    /// Runs `body` in one write transaction, rolled back at the end when `dryRun`. A database error becomes a
    /// one-line `LedgerError` that says nothing was written (the transaction is rolled back whole).
    public func write<T>(dryRun: Bool = false, failure: String = "the change failed", _ body: (LedgerTransaction) throws -> T) throws -> T {
        try write(dryRun: dryRun, failure: failure) { (db: Database) in try body(LedgerTransaction(db: db, store: self)) }
    }

    func write<T>(dryRun: Bool = false, failure: String = "the change failed", _ body: (Database) throws -> T) throws -> T {
        do {
            if dryRun {
                var result: T?
                try pool.writeWithoutTransaction { db in
                    try db.inTransaction {
                        result = try body(db)
                        return .rollback
                    }
                }
                return result!
            }
            return try pool.write(body)
        } catch let error as DatabaseError {
            throw LedgerError("ledger \(path): \(failure), nothing was written: \(Self.explain(error))")
        }
    }

    /// Forces every commit so far onto the disk. Commits do not wait for it (`synchronous = NORMAL`); a
    /// checkpoint syncs the log, copies it into the database file and syncs that. Called at the end of each run
    /// and before the hub is told that messages are stored.
    public func makeDurable() throws {
        do {
            try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.passive) }
        } catch let error as DatabaseError {
            throw LedgerError("ledger \(path): putting the commits on the disk failed: \(Self.explain(error))")
        }
    }

    /// What a database error means for an operator.
    static func explain(_ error: DatabaseError) -> String {
        switch error.resultCode {
        case .SQLITE_FULL: "the disk is full (SQLITE_FULL); free space and run again"
        case .SQLITE_READONLY: "the database is read-only (SQLITE_READONLY); check the file's permissions"
        case .SQLITE_CANTOPEN: "the database file cannot be opened (SQLITE_CANTOPEN)"
        case .SQLITE_IOERR: "a disk I/O error (SQLITE_IOERR): \(error.message ?? "")"
        default: error.message ?? "\(error.resultCode)"
        }
    }

    public func payload(hash: String) throws -> Data? {
        try pool.read { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM payload WHERE hash = ?", arguments: [hash]) != nil else {
                return nil
            }
            return try Self.payloadData(db, hash: hash)
        }
    }

    /// Tasks and patches by their stored bodies: 10,000 of each, about 50 MB together on the ingest benchmark's
    /// data (at 20,000 they took 76 MB of a commit stage's peak, for no measurable speed).
    static let taskCache = DecodeCache<UnifiedTask>(capacity: 10_000)
    static let patchCache = DecodeCache<TaskPatch>(capacity: 10_000)

    static func decodeTask(_ body: String) throws -> UnifiedTask {
        try taskCache.value(for: body, decode: StorageJSON.decodeTask)
    }

    static func decodePatch(_ body: String) throws -> TaskPatch {
        try patchCache.value(for: body, decode: StorageJSON.decodePatch)
    }

    /// Patches and task bodies: the hand-written storage JSON (see `StorageJSON`).
    static func encode(_ patch: TaskPatch) -> String { StorageJSON.encode(patch) }
    static func encode(_ task: UnifiedTask) -> String { StorageJSON.encode(task) }

    static func encode<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
