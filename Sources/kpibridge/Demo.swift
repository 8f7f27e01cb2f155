import ArgumentParser
import BridgeApp
import Foundation

extension KPIBridgeCommand {
    /// `kpibridge demo`: the main job on its embedded defaults.
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import the bundled E-Office samples into a fresh database and print the summary.")

        @Flag(help: "Print the summary and exit (the web UI arrives with a later release).")
        var once = false

        @Option(help: "Port for the web UI (reserved for a later release).")
        var port: Int?

        @Option(help: "Database for the demo (default: a fresh file in a temporary folder).")
        var database: String?

        func run() throws {
            try BridgeCommandLine.run {
                let path = database ?? FileManager.default.temporaryDirectory
                    .appendingPathComponent("kpibridge-demo-\(ProcessInfo.processInfo.processIdentifier).sqlite").path
                if database == nil {
                    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
                }
                print(try BridgeApp.Demo.run(home: Resources.home(), databasePath: path))
            }
        }
    }
}
