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
            subcommands: [Import.self, List.self, Show.self, Export.self, History.self, Link.self, Unlink.self, Links.self])

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

            @Flag(help: "Print what would change (officers, tasks re-resolved, scores that move) and write nothing.")
            var dryRun = false

            @Flag(help: "Lay the file over the directory in force (officers it names are replaced, the others kept) instead of replacing it whole.")
            var merge = false

            func run() throws {
                let bridge = try common.bridge(besideService: true)
                try BridgeCommandLine.run {
                    var (officers, agencies) = try DirectoryFile.load(file)
                    if merge { (officers, agencies) = try bridge.mergedDirectory(officers, agencies: agencies) }
                    let origin = merge ? "\(file) (merged)" : file
                    if dryRun {
                        let change = try bridge.previewDirectory(officers, agencies: agencies, origin: origin, actor: BridgeCommandLine.actor, at: Timestamp(Date()))
                        Console.out((["dry run: nothing written"] + change.lines).joined(separator: "\n"))
                        return
                    }
                    let (changed, setAside) = try bridge.importDirectory(
                        officers, agencies: agencies, origin: origin, actor: BridgeCommandLine.actor, at: Timestamp(Date()))
                    let unresolved = try bridge.store.tasks.list(TaskFilter(unresolvedOnly: true)).count
                    Console.out("imported \(officers.count) officer(s) from \(origin); \(changed) task(s) re-resolved; \(unresolved) task(s) still name someone unresolved (kpibridge tasks --unresolved)")
                    for link in setAside { Console.out("link set aside: \(link.identity) → \(link.officer): the directory now decides this account") }
                }
            }
        }

        /// `kpibridge directory link ACCOUNT OFFICER --reason R`
        struct Link: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Give an account no officer holds to an officer, by hand (audited); its tasks resolve to them from now on.")

            @OptionGroup var common: CommonOptions

            @Argument(help: "The account: namespace:id (party-member:DV00013) or an e-mail.")
            var account: String

            @Argument(help: "The directory officer id.")
            var officer: String

            @Option(help: "Why (kept in the audit log).")
            var reason: String = ""

            func run() throws {
                let bridge = try common.bridge(besideService: true)
                try BridgeCommandLine.run {
                    try bridge.linkAccount(account, to: officer, reason: reason, actor: BridgeCommandLine.actor, at: Timestamp(Date()))
                    let tasks = try bridge.store.tasks.named(officer: officer).count
                    Console.out("linked \(account) to \(officer); \(tasks) task(s) now name \(officer)")
                }
            }
        }

        /// `kpibridge directory unlink ACCOUNT --reason R`
        struct Unlink: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Take back an account linked by hand (audited).")

            @OptionGroup var common: CommonOptions

            @Argument(help: "The account: namespace:id or an e-mail.")
            var account: String

            @Option(help: "Why (kept in the audit log).")
            var reason: String = ""

            func run() throws {
                let bridge = try common.bridge(besideService: true)
                try BridgeCommandLine.run {
                    try bridge.unlinkAccount(account, reason: reason, actor: BridgeCommandLine.actor, at: Timestamp(Date()))
                    Console.out("unlinked \(account)")
                }
            }
        }

        /// `kpibridge directory links`
        struct Links: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "The accounts linked by hand, and whether the directory sets any aside.")

            @OptionGroup var common: CommonOptions

            func run() throws {
                let bridge = try common.bridge(.read)
                try BridgeCommandLine.run {
                    let imported = try bridge.store.directory.imported()
                    let links = try bridge.store.directory.links()
                    let setAside = Set(try imported.applying(links).setAside)
                    Console.out(TextTable.render(
                        header: ["account", "officer", "by", "at", "reason", "state"],
                        rows: links.map { [$0.identity, $0.officer, $0.actor, $0.at, $0.reason, setAside.contains($0) ? "set aside" : "applied"] })
                        + "\n\(links.count) link(s)")
                }
            }
        }
    }
}
