import BridgeModel
import Foundation
import GRDB
import Synchronization

/// What every store of the ledger shares: the database writer (a pool for a file, a queue in memory), the path
/// its errors name, and the decoded directory. A store is a small `Sendable` struct over it, one per concern.
public struct LedgerDatabase: Sendable {
    let writer: any DatabaseWriter
    /// The database file (`:memory:` for an in-memory ledger).
    public let path: String
    let directoryCache: DirectoryCache

    init(writer: any DatabaseWriter, path: String) {
        self.writer = writer
        self.path = path
        self.directoryCache = DirectoryCache()
    }

    /// A migrated ledger in memory, for tests of the stores.
    public static func inMemory() throws -> LedgerDatabase {
        let queue = try DatabaseQueue()
        try LedgerSchema.migrator.migrate(queue)
        return LedgerDatabase(writer: queue, path: ":memory:")
    }

    /// Runs `body` in one write transaction, rolled back at the end when `dryRun`. A database error becomes a
    /// one-line `LedgerError` that says nothing was written (the transaction is rolled back whole).
    func write<T>(dryRun: Bool = false, failure: String = "the change failed", _ body: (Database) throws -> T) throws -> T {
        do {
            if dryRun {
                var result: T?
                try writer.writeWithoutTransaction { db in
                    try db.inTransaction {
                        result = try body(db)
                        return .rollback
                    }
                }
                return result!
            }
            return try writer.write(body)
        } catch let error as DatabaseError {
            throw LedgerError("ledger \(path): \(failure), nothing was written: \(Self.explain(error))")
        }
    }

    /// Runs `body` with the projector's handle on one write transaction (see `write`).
    func transaction<T>(dryRun: Bool = false, failure: String, _ body: (LedgerTransaction) throws -> T) throws -> T {
        try write(dryRun: dryRun, failure: failure) { db in try body(LedgerTransaction(db: db, directoryCache: directoryCache)) }
    }

    /// `write` for async code (a sync, the coming service): the caller's task is suspended while GRDB's writer
    /// runs the transaction, instead of holding a cooperative thread. A task cancelled before the transaction
    /// starts gets `CancellationError` and nothing is written.
    func write<T: Sendable>(failure: String = "the change failed", _ body: @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.write(body)
        } catch let error as DatabaseError {
            throw LedgerError("ledger \(path): \(failure), nothing was written: \(Self.explain(error))")
        }
    }

    /// `transaction` for async code (see the async `write`).
    func transaction<T: Sendable>(failure: String, _ body: @Sendable (LedgerTransaction) throws -> T) async throws -> T {
        let cache = directoryCache
        return try await write(failure: failure) { db in try body(LedgerTransaction(db: db, directoryCache: cache)) }
    }

    /// `read` for async code.
    func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.read(body)
        } catch let error as DatabaseError {
            throw LedgerError("ledger \(path): reading failed: \(Self.explain(error))")
        }
    }

    /// Runs `body` in a read transaction.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.read(body)
        } catch let error as DatabaseError {
            throw LedgerError("ledger \(path): reading failed: \(Self.explain(error))")
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
}

/// The identity directory, decoded once per directory import rather than once per transaction (40,000 officers
/// take a tenth of a second to decode; a group commit takes milliseconds). `state` is guarded by its mutex.
final class DirectoryCache: Sendable {
    private let state = Mutex<(generation: Int64, directory: Directory)?>(nil)

    /// The directory as of `db`'s transaction.
    func directory(_ db: Database) throws -> Directory {
        let generation = try Int64.fetchOne(db.cachedStatement(sql: "SELECT generation FROM directory_generation")) ?? 0
        if let cached = state.withLock({ $0 }), cached.generation == generation { return cached.directory }
        let directory = try SQLiteLedgerStore.directory(db)
        state.withLock { $0 = (generation, directory) }
        return directory
    }
}
