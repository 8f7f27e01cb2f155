/// The database under a ledger: hands the stores one transaction at a time as `LedgerSQL`. SQLite
/// (`SQLiteBackend`) and PostgreSQL (in `BridgePostgres`) implement it; the stores do not know which.
/// Every failure of the database itself is a `LedgerSQLError`.
public protocol LedgerBackend: Sendable {
    /// Runs `body` in a read transaction (one consistent snapshot).
    func read<T>(_ body: (any LedgerSQL) throws -> T) throws -> T
    /// Runs `body` in a write transaction, committed when it returns (rolled back instead when `rollback`) and
    /// rolled back when it throws.
    func write<T>(rollback: Bool, _ body: (any LedgerSQL) throws -> T) throws -> T
    /// `read` for async code: the task waits while the transaction runs on the backend's own thread.
    func read<T: Sendable>(_ body: @escaping @Sendable (any LedgerSQL) throws -> T) async throws -> T
    /// `write` for async code (committed when `body` returns).
    func write<T: Sendable>(_ body: @escaping @Sendable (any LedgerSQL) throws -> T) async throws -> T
    /// Lets go of the backend's connections (a SQLite pool closes with its last reference).
    func close()
}

extension LedgerBackend {
    public func close() {}
}
