import BridgePostgres
import Foundation
import Logging
import PostgresNIO

/// The PostgreSQL server the live tests use: `KPIBRIDGE_TEST_POSTGRES` names it (a user who may create databases;
/// `.ci/run` starts one with scripts/postgres-test-server.sh). Each test gets a database of its own, dropped after.
public enum PostgresTestServer {
    public static let address = ProcessInfo.processInfo.environment["KPIBRIDGE_TEST_POSTGRES"]
    public static let isAvailable = address != nil
    public static let logger = Logger(label: "kpibridge.test.postgres")

    /// Runs `body` with the location of a new, empty database, dropped afterwards.
    public static func withDatabase<T>(_ body: (PostgresLocation) async throws -> T) async throws -> T {
        let admin = try PostgresLocation(address!)
        let name = "kpibridge_test_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16))"
        let location = try await admin.recreateDatabase(name, logger: logger)
        let result: T
        do {
            result = try await body(location)
        } catch {
            try? await admin.dropDatabase(name, logger: logger)
            throw error
        }
        try await admin.dropDatabase(name, logger: logger)
        return result
    }

    /// Runs one statement.
    public static func run(_ location: PostgresLocation, _ sql: String) async throws {
        try await location.run(sql, logger: logger)
    }

    /// The first column of every row of `sql`, as text.
    public static func strings(_ location: PostgresLocation, _ sql: String) async throws -> [String] {
        let connection = try await location.connect(logger: logger)
        defer { Task { try? await connection.close() } }
        var out: [String] = []
        for try await value in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).decode(String.self) { out.append(value) }
        return out
    }
}
