import BridgeModel
import Foundation
import GRDB
import Synchronization

/// What every store of the ledger shares: the database under it (`LedgerBackend`: SQLite or PostgreSQL), the name
/// its errors give it, and the decoded directory. A store is a small `Sendable` struct over it, one per concern.
public struct LedgerDatabase: Sendable {
    let backend: any LedgerBackend
    /// The database file (`:memory:` for an in-memory ledger), or the PostgreSQL address without its password.
    public let path: String
    let directoryCache: DirectoryCache

    /// A ledger over `backend`, named `path` in its errors.
    public init(backend: any LedgerBackend, path: String) {
        self.backend = backend
        self.path = path
        self.directoryCache = DirectoryCache()
    }

    /// A migrated ledger in memory, for tests of the stores.
    public static func inMemory() throws -> LedgerDatabase {
        let queue = try DatabaseQueue()
        try LedgerSchema.migrator.migrate(queue)
        return LedgerDatabase(backend: SQLiteBackend(writer: queue), path: ":memory:")
    }

    /// Runs `body` in one write transaction, rolled back at the end when `dryRun`. A database error becomes a
    /// one-line `LedgerError` that says nothing was written (the transaction is rolled back whole).
    func write<T>(dryRun: Bool = false, failure: String = "the change failed", _ body: (any LedgerSQL) throws -> T) throws -> T {
        do {
            return try backend.write(rollback: dryRun, body)
        } catch let error as LedgerSQLError {
            throw LedgerError("ledger \(path): \(failure), nothing was written: \(error)")
        }
    }

    /// Runs `body` with the projector's handle on one write transaction (see `write`).
    func transaction<T>(dryRun: Bool = false, failure: String, _ body: (LedgerTransaction) throws -> T) throws -> T {
        try write(dryRun: dryRun, failure: failure) { db in try body(LedgerTransaction(db: db, directoryCache: directoryCache)) }
    }

    /// Runs `body` in a read transaction.
    func read<T>(_ body: (any LedgerSQL) throws -> T) throws -> T {
        do {
            return try backend.read(body)
        } catch let error as LedgerSQLError {
            throw LedgerError("ledger \(path): reading failed: \(error)")
        }
    }
}

/// The identity directory, decoded once per directory import rather than once per transaction (40,000 officers
/// take a tenth of a second to decode; a group commit takes milliseconds). `state` is guarded by its mutex.
final class DirectoryCache: Sendable {
    private let state = Mutex<(generation: Int64, directory: Directory)?>(nil)

    /// The directory as of `db`'s transaction.
    func directory(_ db: any LedgerSQL) throws -> Directory {
        let generation = try Int64.fetchOne(db, sql: "SELECT generation FROM directory_generation") ?? 0
        if let cached = state.withLock({ $0 }), cached.generation == generation { return cached.directory }
        let directory = try LedgerStore.directory(db)
        state.withLock { $0 = (generation, directory) }
        return directory
    }
}
