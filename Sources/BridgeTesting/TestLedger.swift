import BridgeLedger
import BridgePostgres
import BridgeTestSupport

/// The databases a ledger test runs on: SQLite always, PostgreSQL too when `KPIBRIDGE_TEST_POSTGRES` names a
/// server (`.ci/run` starts one). A test that takes `TestLedger.available` as its arguments is one suite run on
/// both stores.
public enum TestLedger: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite, postgres

    public static var available: [TestLedger] { PostgresTestServer.isAvailable ? [.sqlite, .postgres] : [.sqlite] }

    public var description: String { rawValue }

    /// Runs `body` with a new, empty ledger of this kind: a SQLite file in `dir`, or a new PostgreSQL database
    /// (migrated, dropped afterwards). `body` gets the `--database` address the command line takes too.
    public func withStore<T>(in dir: TemporaryDirectory, _ body: (LedgerStore, String) async throws -> T) async throws -> T {
        switch self {
        case .sqlite:
            let path = dir.file("l.sqlite")
            return try await body(try LedgerStore(path: path), "sqlite:\(path)")
        case .postgres:
            return try await PostgresTestServer.withDatabase { location in
                _ = try await PostgresMigrator(location: location).migrate()
                let store = try LedgerStore.postgres(location)
                defer { store.close() }
                return try await body(store, location.description)
            }
        }
    }

    /// `withStore` for a body that needs only the store.
    public func withStore<T>(in dir: TemporaryDirectory, _ body: (LedgerStore) async throws -> T) async throws -> T {
        try await withStore(in: dir) { store, _ in try await body(store) }
    }
}
