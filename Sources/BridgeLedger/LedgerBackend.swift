/// The database under a ledger: hands the stores one transaction at a time as `LedgerSQL`. SQLite
/// (`SQLiteBackend`) and PostgreSQL (in `BridgePostgres`) implement it; the stores do not know which.
/// Every failure of the database itself is a `LedgerSQLError`. Both calls wait on the calling thread: async code
/// makes them inside `LedgerExecutor.run`.
public protocol LedgerBackend: Sendable {
    /// Runs `body` in a read transaction (one consistent snapshot).
    func read<T>(_ body: (any LedgerSQL) throws -> T) throws -> T
    /// Runs `body` in a write transaction, committed when it returns (rolled back instead when `rollback`) and
    /// rolled back when it throws.
    func write<T>(rollback: Bool, _ body: (any LedgerSQL) throws -> T) throws -> T
    /// Lets go of the backend's connections (a SQLite pool closes with its last reference).
    func close()
}

extension LedgerBackend {
    public func close() {}
}
