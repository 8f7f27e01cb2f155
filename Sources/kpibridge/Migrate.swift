import ArgumentParser
import BridgeApp
import BridgeLedger
import BridgePostgres

extension KPIBridgeCommand {
    /// `kpibridge migrate`: brings an existing ledger to this release's schema (reading commands never do); on
    /// PostgreSQL it also creates the schema in an empty database.
    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Bring the ledger to this release's schema (after an upgrade; reading commands never migrate).")

        @OptionGroup var common: CommonOptions

        func run() async throws {
            try await BridgeCommandLine.run {
                // The password of a postgres:// ledger comes from PGPASSWORD or ~/.pgpass.
                if CommonOptions.isPostgres(common.database) {
                    let location = try PostgresLocation(common.database)
                    let (before, after) = try await PostgresMigrator(location: location).migrate()
                    Console.out(before == after ? "ledger \(location) is at schema \(after): nothing to do" : "ledger \(location) migrated from schema \(before) to \(after)")
                } else {
                    let path = common.databasePath
                    let (before, after) = try LedgerStore.migrate(path: path)
                    Console.out(before == after ? "ledger \(path) is at schema \(after): nothing to do" : "ledger \(path) migrated from schema \(before) to \(after)")
                }
            }
        }
    }
}
