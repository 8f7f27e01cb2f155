import ArgumentParser
import BridgeApp
import BridgeLedger
import BridgeModel
import Foundation

extension KPIBridgeCommand {
    /// `kpibridge audit list`: who did what, newest first.
    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Read the audit log.", subcommands: [List.self])

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Audit entries, newest first.")

            @OptionGroup var common: CommonOptions

            @Option(help: "How many entries.")
            var limit = 50

            @Option(help: "table, json or csv.")
            var format: OutputFormat = .table

            func validate() throws {
                if limit < 1 { throw ValidationError("--limit is at least 1") }
                if format == .xlsx { throw ValidationError("--format xlsx is for score and explain") }
            }

            func run() throws {
                let bridge = try common.bridge(.read)
                try BridgeCommandLine.run {
                    let entries = try bridge.store.audit.log(limit: limit)
                    let header = ["at", "actor", "action", "subject", "detail"]
                    let rows = entries.map { [$0.at, $0.actor, $0.action, $0.subject ?? "", $0.detail ?? ""] }
                    Console.out(try format.render(header: header, rows: rows, count: "\(entries.count) entr\(entries.count == 1 ? "y" : "ies")"))
                }
            }
        }
    }

    /// `kpibridge doctor`: schema, integrity, what the projector still owes, checkpoint sizes.
    struct Doctor: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the ledger: schema, integrity, pending projections, dead letters, checkpoint sizes (exit 1 when unsound).")

        @OptionGroup var common: CommonOptions

        @Flag(help: "SQLite's whole integrity_check (reads every page) instead of quick_check.")
        var full = false

        func run() throws {
            let bridge = try common.bridge(.read)
            let health = try BridgeCommandLine.run { try bridge.store.health(full: full) }
            var lines = [
                "ledger       \(common.databasePath) (\(health.fileBytes / 1024) KiB)",
                "schema       \(health.schema)" + (health.schema == health.releaseSchema ? " (this release's)" : " — this release's is \(health.releaseSchema): run kpibridge migrate"),
                "integrity    \(health.isSound ? "ok" : health.integrity.prefix(5).joined(separator: "; "))" + (full ? " (integrity_check)" : " (quick_check)"),
                "tasks        \(health.tasks)",
                "projections  \(health.queuedTasks) task(s) queued, \(health.owedScores) score(s) owed"
                    + (health.rebuilding ? ", a rebuild is under way" : "")
                    + (health.queuedTasks + health.owedScores > 0 ? " (the next import, sync or rebuild catches up)" : ""),
                "dead letters \(health.unresolvedDeadLetters) unresolved",
            ]
            for checkpoint in health.checkpointBytes {
                lines.append("checkpoint   \(checkpoint.source): \(checkpoint.bytes) bytes, updated \(checkpoint.updatedAt)")
            }
            for mapping in health.mappings {
                lines.append("mapping      \(mapping.id) v\(mapping.version), first used \(mapping.firstSeen)")
            }
            Console.out(lines.joined(separator: "\n"))
            if !health.isSound { throw ExitCode.failure }
        }
    }

    /// `kpibridge backup PATH`: a consistent copy of the ledger while it is in use.
    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy the ledger to a new file with SQLite's online backup (safe while sync or import runs).")

        @OptionGroup var common: CommonOptions

        @Argument(help: "The new file (never overwritten).")
        var destination: String

        func run() throws {
            let bridge = try common.bridge(.read)
            try BridgeCommandLine.run {
                try bridge.store.backup(to: destination)
                let size = ((try? FileManager.default.attributesOfItem(atPath: destination))?[.size] as? NSNumber)?.intValue ?? 0
                Console.out("backed up \(common.databasePath) to \(destination) (\(size / 1024) KiB, checked)")
            }
        }
    }
}
