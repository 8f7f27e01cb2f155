import ArgumentParser
import BridgeApp
import Foundation

extension KPIBridgeCommand {
    /// `kpibridge demo`: the main job on its embedded defaults.
    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start the simulated systems on loopback, sync them into a fresh database, print tasks and scores.")

        @Flag(help: "Print the summary and exit (the web UI arrives with a later release).")
        var once = false

        @Option(help: "Port for the web UI (reserved for a later release).")
        var port: Int?

        @Option(help: "Officers in the simulated province.")
        var scale = 30

        @Flag(help: "Import the bundled edXML samples instead of syncing the simulator (no network at all).")
        var samples = false

        @Option(help: "Database for the demo (default: a fresh file in a temporary folder).")
        var database: String?

        func run() async throws {
            try await BridgeCommandLine.run {
                let path = database ?? FileManager.default.temporaryDirectory
                    .appendingPathComponent("kpibridge-demo-\(ProcessInfo.processInfo.processIdentifier).sqlite").path
                if database == nil {
                    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
                }
                if samples {
                    Console.out(try BridgeApp.Demo.run(home: Resources.home(), databasePath: path))
                } else {
                    Console.out(try await BridgeApp.Demo.runWithSimulator(home: Resources.home(), databasePath: path, scale: scale))
                }
            }
        }
    }
}
