import ArgumentParser
import BridgeApp
import BridgeLedger
import BridgeModel
import Foundation

extension KPIBridgeCommand {
    /// `kpibridge directory import FILE`
    struct DirectoryCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "directory", abstract: "The identity directory: one officer across every system.",
            subcommands: [Import.self, List.self, Show.self, Export.self, History.self])

        /// `kpibridge directory list [--agency A]`
        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "The officers in the directory.")

            @OptionGroup var common: CommonOptions

            @Option(help: "Only officers of this agency.")
            var agency: String?

            func run() throws {
                let bridge = try common.bridge(.read)
                try BridgeCommandLine.run {
                    let officers = try bridge.store.directory.current().officers.values.filter { agency == nil || $0.agency == agency }
                        .sorted { $0.id < $1.id }
                    Console.out(TextTable.render(
                        header: ["id", "name", "agency", "unit", "accounts"],
                        rows: officers.map { [$0.id, $0.name, $0.agency ?? "", $0.unit ?? "", "\($0.accounts.values.reduce(0) { $0 + $1.count })"] })
                        + "\n\(officers.count) officer(s)")
                }
            }
        }

        /// `kpibridge directory show ID`
        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "One officer: every field and account, and how many tasks name them.")

            @OptionGroup var common: CommonOptions

            @Argument(help: "The officer: a directory id, an e-mail or namespace:account.")
            var officer: String

            func run() throws {
                let bridge = try common.bridge(.read)
                try BridgeCommandLine.run {
                    let directory = try bridge.store.directory.current()
                    let key = bridge.officerKey(for: officer, directory: directory)
                    guard let o = directory.officers[key] else { throw AppError("no officer '\(officer)' in the directory") }
                    let tasks = try bridge.store.tasks.named(officer: key).count
                    var lines = [
                        "Officer \(o.id)", "  name      \(o.name)", "  agency    \(o.agency ?? "-")", "  unit      \(o.unit ?? "-")",
                        "  block     \(o.block?.rawValue ?? "-")", "  position  \(o.position ?? "-")", "  group     \(o.group ?? "-")",
                    ]
                    for ns in o.accounts.keys.sorted() { lines.append("  account   \(ns): \(o.accounts[ns]!.sorted().joined(separator: ", "))") }
                    lines.append("  tasks     \(tasks) naming this officer")
                    Console.out(lines.joined(separator: "\n"))
                }
            }
        }

        /// `kpibridge directory export [--format csv|json]`
        struct Export: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "The directory in the CSV that directory import reads (or JSON).")

            @OptionGroup var common: CommonOptions

            @Option(help: "csv (what directory import reads) or json.")
            var format: OutputFormat = .csv

            func validate() throws {
                if format == .table || format == .xlsx { throw ValidationError("--format is csv or json") }
            }

            func run() throws {
                let bridge = try common.bridge(.read)
                try BridgeCommandLine.run {
                    let officers = try bridge.store.directory.current().officers.values.sorted { $0.id < $1.id }
                    Console.out(format == .json
                        ? try TaskFormatter.json(officers)
                        : CSVTable.render(header: DirectoryFile.csvHeader, rows: officers.map(DirectoryFile.csvRow)))
                }
            }
        }

        /// `kpibridge directory history`
        struct History: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Every directory import: when, by whom, from which file.")

            @OptionGroup var common: CommonOptions

            func run() throws {
                let bridge = try common.bridge(.read)
                try BridgeCommandLine.run {
                    let versions = try bridge.store.directory.versions()
                    Console.out(TextTable.render(
                        header: ["version", "at", "actor", "file", "officers"],
                        rows: versions.map { ["\($0.id)", $0.at, $0.actor, $0.origin, "\($0.officers)"] }))
                }
            }
        }

        struct Import: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Replace the directory from YAML or CSV; every task's people are resolved again and scores recomputed.")

            @OptionGroup var common: CommonOptions

            @Argument(help: "The directory file (.yml, .yaml or .csv).")
            var file: String

            func run() throws {
                let bridge = try common.bridge()
                try BridgeCommandLine.run {
                    let (officers, agencies) = try DirectoryFile.load(file)
                    let changed = try bridge.importDirectory(
                        officers, agencies: agencies, origin: file, actor: BridgeCommandLine.actor, at: Timestamp(Date()))
                    let unresolved = try bridge.store.tasks.list(TaskFilter(unresolvedOnly: true)).count
                    Console.out("imported \(officers.count) officer(s) from \(file); \(changed) task(s) re-resolved; \(unresolved) task(s) still name someone unresolved (kpibridge tasks --unresolved)")
                }
            }
        }
    }
}
