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
            subcommands: [Import.self, History.self])

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
