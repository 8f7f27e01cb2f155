import ArgumentParser
import BridgeApp
import BridgeLedger

extension KPIBridgeCommand {
    /// `kpibridge migrate`: brings an existing ledger to this release's schema (reading commands never do).
    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Bring the ledger to this release's schema (after an upgrade; reading commands never migrate).")

        @OptionGroup var common: CommonOptions

        func run() throws {
            try BridgeCommandLine.run {
                let (before, after) = try SQLiteLedgerStore.migrate(path: common.databasePath)
                Console.out(before == after ? "ledger \(common.databasePath) is at schema \(after): nothing to do" : "ledger \(common.databasePath) migrated from schema \(before) to \(after)")
            }
        }
    }
}
