import BridgeLedger
import Foundation
import Logging
import PostgresNIO
import Synchronization

/// `LedgerBackend` on PostgreSQL: the ledger's stores, unchanged, over a database several bridge instances share.
/// Write transactions of this process go one at a time through one connection of their own (as SQLite's single
/// writer; its session holds the instance's leases). Reads run in `REPEATABLE READ READ ONLY` transactions (one
/// snapshot each) on connections of PostgresNIO's pool (`PostgresClient`), at most `maxReaders` at once, so an
/// instance holds at most `maxReaders + 1` connections. A transaction's statements wait on the calling thread,
/// which is never an event loop's: async code calls the ledger inside `LedgerExecutor.run`.
public final class PostgresBackend: LedgerBackend, @unchecked Sendable {
    public let location: PostgresLocation
    let logger: Logger
    private let configuration: PostgresConnection.Configuration
    /// Reading connections at once. Sixteen slow reports beside `/readyz` and a page still leave connections
    /// free; two instances and `psql` stay far below the server's default `max_connections` (100).
    public static let maxReaders = 20
    /// The readers' pool and the task that runs it, made when first read (and again after `close`).
    private let pool = Mutex<(client: PostgresClient, runner: Task<Void, Never>)?>(nil)
    private let lock = NSLock()
    // Guarded by `lock`: the writer (nil until first used, or after it broke).
    private var writerConnection: PostgresConnection?
    // Held for the whole of a write transaction: this process's writes are serial.
    private let writeLock = NSLock()

    /// A backend for the ledger at `location` (connections are opened when first needed).
    public init(location: PostgresLocation, logger: Logger? = nil) throws {
        self.location = location
        self.logger = logger ?? {
            var quiet = Logger(label: "kpibridge.postgres")
            quiet.logLevel = .warning
            return quiet
        }()
        configuration = try location.configuration()
    }

    deinit {
        close()
    }

    /// Runs `body` in a read-only snapshot on a pooled connection; the calling thread waits.
    public func read<T>(_ body: (any LedgerSQL) throws -> T) throws -> T {
        let client = try readers()
        return try withoutActuallyEscaping(body) { body in
            let work = Unchecked<((any LedgerSQL) throws -> T)?>(body)
            let outcome = Unchecked<Result<T, any Error>?>(nil)
            let done = DispatchSemaphore(value: 0)
            // The lease is awaited on the ledger's threads, so this wait never needs a cooperative thread.
            Task(executorPreference: LedgerExecutor.shared) { [logger, location] in
                do {
                    // The body's own outcome comes back as a value: only the pool's failures are thrown here.
                    let result = try await client.withConnection { connection in
                        let result = Result<T, any Error> {
                            try PostgresSQL(connection: connection, logger: logger).transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", work.value!)
                        }
                        // It may be broken (the server restarted, the network failed): the pool replaces it.
                        if case .failure(let error) = result, error is LedgerSQLError { try? await connection.close() }
                        return Unchecked(result)
                    }
                    outcome.value = result.value
                } catch {
                    // No connection could be made for long enough.
                    outcome.value = .failure(LedgerSQLError("\(location): cannot connect: \(PostgresLedgerError.reason(error))"))
                }
                work.value = nil  // `body` must not outlive this call, and the task may
                done.signal()
            }
            done.wait()
            return try outcome.value!.get()
        }
    }

    public func write<T>(rollback: Bool, _ body: (any LedgerSQL) throws -> T) throws -> T {
        writeLock.lock()
        defer { writeLock.unlock() }
        let connection = try writer()
        do {
            return try PostgresSQL(connection: connection, logger: logger).transaction("BEGIN", rollback: rollback, body)
        } catch let error as LedgerSQLError {
            // The connection may be broken: the next write opens a new one (and takes its leases again).
            lock.withLock { writerConnection = nil }
            try? (connection.close() as EventLoopFuture<Void>).wait()
            throw error
        }
    }

    /// Closes every connection (the backend opens new ones if used again).
    public func close() {
        pool.withLock { pool in
            pool?.runner.cancel()
            pool = nil
        }
        let writer = lock.withLock {
            defer { writerConnection = nil }
            return writerConnection
        }
        if let writer { try? (writer.close() as EventLoopFuture<Void>).wait() }
    }

    /// The readers' pool, started when first needed.
    private func readers() throws -> PostgresClient {
        try pool.withLock { pool in
            if let pool { return pool.client }
            let client = PostgresClient(configuration: try location.clientConfiguration(maxConnections: Self.maxReaders), backgroundLogger: logger)
            // The pool's own work runs on the ledger's threads too: a read waiting on a cooperative thread (a
            // command, a test) must not wait for a cooperative thread to hand it a connection.
            pool = (client, Task(executorPreference: LedgerExecutor.shared) { await client.run() })
            return client
        }
    }

    private func writer() throws -> PostgresConnection {
        if let connection = lock.withLock({ writerConnection }), !connection.isClosed { return connection }
        let connection: PostgresConnection
        do {
            connection = try PostgresConnection.connect(
                on: PostgresConnection.defaultEventLoopGroup.any(), configuration: configuration, id: 0, logger: logger
            ).wait()
        } catch {
            throw LedgerSQLError("\(location): cannot connect: \(PostgresLedgerError.reason(error))")
        }
        lock.withLock { writerConnection = connection }
        return connection
    }
}

/// A value handed across the wait in `PostgresBackend.read`: the reading task uses it while the caller waits,
/// so never two threads at once.
private final class Unchecked<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}
