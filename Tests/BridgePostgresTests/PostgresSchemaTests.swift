import BridgeLedger
import BridgePostgres
import Testing

/// The PostgreSQL schema keeps step with the SQLite ledger's (no server needed).
struct PostgresSchemaTests {
    /// A SQLite migration added without its PostgreSQL counterpart fails here.
    @Test func namesTheSameSchemaAsTheSQLiteLedger() {
        #expect(PostgresSchema.latest == LedgerStore.latestSchema)
    }

    @Test func namesEachMigrationOnce() {
        let names = PostgresSchema.migrations.map(\.identifier)
        #expect(Set(names).count == names.count)
    }
}
