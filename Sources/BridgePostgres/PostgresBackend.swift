import BridgeLedger
import Foundation
import Logging
import PostgresNIO

/// `LedgerBackend` on PostgreSQL: the ledger's stores, unchanged, over a database several bridge instances share.
/// Write transactions of this process go one at a time through one connection (as SQLite's single writer, and
/// the connection whose session holds the instance's leases); reads run in `REPEATABLE READ READ ONLY`
/// transactions (one snapshot each) on connections of their own, kept for reuse, at most `maxReaders` at once —
/// an instance holds at most nine connections. A transaction's statements wait on the calling thread; async
/// callers are moved to the backend's own queues first, so no task or event loop ever waits.
public final class PostgresBackend: LedgerBackend, @unchecked Sendable {
    public let location: PostgresLocation
    let logger: Logger
    private let configuration: PostgresConnection.Configuration
    private let lock = NSLock()
    // Guarded by `lock`: the writer (nil until first used, or after it broke) and idle readers.
    private var writerConnection: PostgresConnection?
    private var idle: [PostgresConnection] = []
    private var nextID = 1
    // Held for the whole of a write transaction: this process's writes are serial.
    private let writeLock = NSLock()
    private let writeQueue = DispatchQueue(label: "kpibridge.postgres.write")
    /// At most this many reads at once (and so reading connections): a burst of API requests waits for a
    /// connection rather than opening one each, which several instances would soon multiply past the server's
    /// `max_connections`.
    static let maxReaders = 8
    private let readers = DispatchSemaphore(value: PostgresBackend.maxReaders)
    private let readQueue = DispatchQueue(label: "kpibridge.postgres.read", attributes: .concurrent)

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
        for connection in idle + [writerConnection].compactMap({ $0 }) { try? (connection.close() as EventLoopFuture<Void>).wait() }
    }

    public func read<T>(_ body: (any LedgerSQL) throws -> T) throws -> T {
        readers.wait()
        defer { readers.signal() }
        let connection = try take()
        do {
            let result = try PostgresSQL(connection: connection, logger: logger).transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
            give(connection)
            return result
        } catch let error as LedgerSQLError {
            discard(connection)  // it may be broken (the server restarted, the network failed)
            throw error
        } catch {
            give(connection)  // the body's own failure: the transaction was rolled back
            throw error
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
            discard(connection)
            throw error
        }
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any LedgerSQL) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            readQueue.async { continuation.resume(with: Result { try self.read(body) }) }
        }
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any LedgerSQL) throws -> T) async throws -> T {
        try Task.checkCancellation()
        return try await withCheckedThrowingContinuation { continuation in
            writeQueue.async { continuation.resume(with: Result { try self.write(rollback: false, body) }) }
        }
    }

    /// Closes every connection (the backend opens new ones if used again).
    public func close() {
        let connections = lock.withLock {
            defer { idle = []; writerConnection = nil }
            return idle + [writerConnection].compactMap { $0 }
        }
        for connection in connections { try? (connection.close() as EventLoopFuture<Void>).wait() }
    }

    private func writer() throws -> PostgresConnection {
        if let connection = lock.withLock({ writerConnection }), !connection.isClosed { return connection }
        let connection = try connect()
        lock.withLock { writerConnection = connection }
        return connection
    }

    private func take() throws -> PostgresConnection {
        while let connection = lock.withLock({ idle.popLast() }) {
            if !connection.isClosed { return connection }
        }
        return try connect()
    }

    private func give(_ connection: PostgresConnection) {
        lock.withLock { idle.append(connection) }
    }

    private func discard(_ connection: PostgresConnection) {
        try? (connection.close() as EventLoopFuture<Void>).wait()
    }

    private func connect() throws -> PostgresConnection {
        let id = lock.withLock {
            defer { nextID += 1 }
            return nextID
        }
        do {
            return try PostgresConnection.connect(
                on: PostgresConnection.defaultEventLoopGroup.any(), configuration: configuration, id: id, logger: logger
            ).wait()
        } catch {
            throw LedgerSQLError("\(location): cannot connect: \(PostgresLedgerError.reason(error))")
        }
    }
}
