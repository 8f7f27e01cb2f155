import Logging
import PostgresNIO

extension PostgresLocation {
    /// A new, empty database `name` on this location's server (dropped first if it exists, its sessions ended);
    /// returns its location. For benchmarks and tests, which own the database.
    public func recreateDatabase(_ name: String, logger: Logger) async throws -> PostgresLocation {
        guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw PostgresLedgerError("'\(name)' is not a plain database name (letters, digits, _)")
        }
        try await run("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", logger: logger)
        try await run("CREATE DATABASE \(name)", logger: logger)
        var location = self
        location.database = name
        return location
    }

    /// Drops database `name` on this location's server, ending its sessions.
    public func dropDatabase(_ name: String, logger: Logger) async throws {
        try await run("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", logger: logger)
    }

    /// Runs one statement on a connection of its own.
    public func run(_ sql: String, logger: Logger) async throws {
        let connection = try await connect(logger: logger)
        do {
            _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        } catch {
            try? await connection.close()
            throw PostgresLedgerError("\(self): \(PostgresLedgerError.reason(error))")
        }
        try await connection.close()
    }
}
