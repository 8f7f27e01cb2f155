import Foundation
import ArgumentParser
import BridgeApp
import BridgeLedger
import BridgePostgres

/// `kpibridge`: the command line of the KPI integration bridge.
@main
struct KPIBridgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kpibridge",
        abstract: "Syncs E-Office, Party and mass-organisation task systems into one KPI ledger.",
        version: KPIBridgeVersion.current,
        subcommands: [
            Demo.self, Sync.self, Import.self, Tasks.self, Task.self, Score.self, Explain.self, Assess.self, PeriodCommand.self,
            Rebuild.self, Migrate.self, Copy.self, DirectoryCommand.self, ReconcileCommand.self, AuditSource.self, Serve.self, TokenCommand.self, Replay.self, Mapping.self, Audit.self, Doctor.self, Backup.self,
            Services.self, WorkloadCommand.self, StaffingCommand.self, BonusCommand.self, DisputeCommand.self, NotifyCommand.self, Sim.self, Bench.self,
        ]
    )
}

/// Flags every ledger command shares.
struct CommonOptions: ParsableArguments {
    @Option(help: "Configuration file (default: kpibridge.yml if present, else the built-in configuration).")
    var config: String?

    @Option(help: "Ledger database: sqlite:PATH, a plain path, or postgres://USER@HOST[:PORT]/DATABASE (password from PGPASSWORD or ~/.pgpass; run kpibridge migrate on it first).")
    var database: String = "sqlite:./kpibridge.sqlite"

    /// The database file path.
    var databasePath: String { Self.sqlitePath(database) }

    /// True for a `postgres://` (or `postgresql://`) address.
    static func isPostgres(_ database: String) -> Bool {
        database.hasPrefix("postgres://") || database.hasPrefix("postgresql://")
    }

    /// The file of a `sqlite:PATH` or plain-path `--database`.
    static func sqlitePath(_ database: String) -> String {
        database.hasPrefix("sqlite:") ? String(database.dropFirst("sqlite:".count)) : database
    }

    /// The bridge with its configuration, mappings and ledger loaded; `access` says whether the command may create
    /// the ledger, write to it or only read it. An update of a ledger whose file is not writable reads instead
    /// (`score` then computes in memory).
    /// The bridge over the ledger, opened as `access` says. A writing command takes the ledger's run lock; an
    /// admin's write (`besideService`) goes ahead beside a run that holds it — `serve`, say —, its change written
    /// in one transaction and projected by whichever process projects next (docs/operations.md).
    func bridge(_ access: Bridge.LedgerAccess = .create, besideService: Bool = false) throws -> Bridge {
        try BridgeCommandLine.run {
            let home = Resources.home()
            let configuration: BridgeConfiguration
            if let config {
                configuration = try .load(file: config)
            } else if FileManager.default.fileExists(atPath: "kpibridge.yml") {
                configuration = try .load(file: "kpibridge.yml")
            } else {
                configuration = .builtIn(home: home)
            }
            if Self.isPostgres(database) {
                // Several instances share a PostgreSQL ledger: no file lock; each source and the projector are worked
                // under a lease instead (see docs/operations.md).
                let store = try LedgerStore.postgres(try PostgresLocation(database), readOnly: access == .read)
                return try Bridge(configuration: configuration, store: store, access: access)
            }
            var access = access
            if access == .update, FileManager.default.fileExists(atPath: databasePath), !FileManager.default.isWritableFile(atPath: databasePath) {
                access = .read
            }
            // One writing run per ledger, taken before the ledger is opened (and migrated).
            var lock: LedgerLock?
            if access != .read, FileManager.default.fileExists(atPath: databasePath) || access == .create {
                let command = CommandLine.arguments.dropFirst().prefix(2).joined(separator: " ")
                if besideService, FileManager.default.fileExists(atPath: databasePath) {
                    let (taken, holder) = try LedgerLock.takeIfFree(ledger: databasePath, command: command)
                    lock = taken
                    if let holder { Console.error("note: writing beside \(holder), which holds ledger \(databasePath)") }
                } else {
                    lock = try LedgerLock(ledger: databasePath, command: command)
                }
            }
            var bridge = try Bridge(configuration: configuration, databasePath: databasePath, access: access)
            bridge.lock = lock
            return bridge
        }
    }
}

/// Error handling shared by every subcommand.
enum BridgeCommandLine {
    /// Who the audit log names for a command run by hand: the login user, else `cli`.
    static var actor: String { ProcessInfo.processInfo.environment["USER"] ?? "cli" }

    /// Runs `body`, turning any error into one line on standard error and exit code 1.
    static func run<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw report(error)
        }
    }

    /// The async form of `run`.
    static func run<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw report(error)
        }
    }

    /// User errors pass through to ArgumentParser; anything else is printed in one line and becomes exit code 1.
    private static func report(_ error: any Error) -> any Error {
        if error is ExitCode || error is ValidationError { return error }
        Console.error("error: \(SystemErrorText.describe(error))")
        return ExitCode.failure
    }
}
