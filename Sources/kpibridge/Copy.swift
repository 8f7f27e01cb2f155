import ArgumentParser
import BridgeApp
import BridgePostgres

extension KPIBridgeCommand {
    /// `kpibridge copy`: a whole ledger from SQLite to PostgreSQL or back.
    struct Copy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy a whole ledger between SQLite and PostgreSQL (into an empty, migrated PostgreSQL ledger or a new SQLite file).")

        @Option(help: "The ledger to copy: sqlite:PATH (or a plain path) or postgres://USER@HOST[:PORT]/DATABASE.")
        var from: String

        @Option(help: "Where to copy it: postgres://USER@HOST[:PORT]/DATABASE (migrated, empty) or sqlite:PATH (a new file).")
        var to: String

        func run() async throws {
            try await BridgeCommandLine.run {
                let copy = LedgerCopy()
                let report: LedgerCopy.Report
                let target: String
                switch (CommonOptions.isPostgres(from), CommonOptions.isPostgres(to)) {
                case (false, true):
                    let location = try PostgresLocation(to)
                    report = try await copy.sqliteToPostgres(from: CommonOptions.sqlitePath(from), to: location)
                    target = location.description
                case (true, false):
                    target = CommonOptions.sqlitePath(to)
                    report = try await copy.postgresToSQLite(from: try PostgresLocation(from), to: target)
                case (false, false): throw AppError("--from and --to are both SQLite ledgers: use kpibridge backup")
                case (true, true): throw AppError("--from and --to are both PostgreSQL ledgers: use pg_dump and pg_restore")
                }
                Console.out(TextTable.render(header: ["table", "rows"], rows: report.filter { $0.rows > 0 }.map { [$0.table, String($0.rows)] }))
                Console.out("copied \(report.reduce(0) { $0 + $1.rows }) rows in \(report.count) tables to \(target); every table verified (rows and their SHA-256 equal on both ends)")
            }
        }
    }
}
