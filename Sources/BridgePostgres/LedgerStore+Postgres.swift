import BridgeLedger

extension LedgerStore {
    /// Opens the PostgreSQL ledger at `location`. It must be at this release's schema: an unmigrated or older one
    /// is refused with the `kpibridge migrate` to run, a newer one with the advice to upgrade (a command never
    /// migrates a shared database by itself).
    public static func postgres(_ location: PostgresLocation, readOnly: Bool = false) throws -> LedgerStore {
        let backend = try PostgresBackend(location: location)
        let (applied, collation): ([String], String)
        do {
            (applied, collation) = try backend.read { db in
                let collation = try String.fetchOne(db, sql: PostgresMigrator.collationQuery) ?? ""
                guard try Bool.fetchOne(db, sql: "SELECT to_regclass('ledger_migration') IS NOT NULL") == true else { return ([], collation) }
                return (try String.fetchAll(db, sql: "SELECT identifier FROM ledger_migration ORDER BY applied_at, identifier"), collation)
            }
        } catch let error as LedgerSQLError {
            throw PostgresLedgerError("\(error)")
        }
        try PostgresMigrator.State(applied: applied).require(location)
        try PostgresMigrator.requireByteOrder(collation, location)
        return LedgerStore(database: LedgerDatabase(backend: backend, path: location.description), readOnly: readOnly)
    }
}
