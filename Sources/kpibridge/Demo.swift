import ArgumentParser
import BridgeApp
import BridgeDemo
import BridgeServer
import Foundation

extension KPIBridgeCommand {
    /// `kpibridge demo`: the main job on its embedded defaults.
    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start the simulated systems on loopback, sync them into a fresh database and serve the web UI on them (--once: print tasks and scores).")

        @Flag(help: "Print the summary and exit, instead of serving the web UI on the evolving simulator.")
        var once = false

        @Option(help: "Port for the web UI and the API (0: any free port; the URL is printed).")
        var port = 8080

        @Option(help: "Address to serve on.")
        var host = "127.0.0.1"

        @Option(help: "Seconds between syncs of each source while serving.")
        var syncEvery = 15

        @Option(help: "Real seconds per simulated day while serving.")
        var evolveEvery = 30

        @Option(help: "Officers in the simulated province.")
        var scale = 30

        @Flag(help: "Import the bundled edXML samples instead of syncing the simulator (no network at all).")
        var samples = false

        @Option(help: "Database for the demo (default: a fresh file in a temporary folder).")
        var database: String?

        func validate() throws {
            if !(0...65_535).contains(port) { throw ValidationError("--port is between 0 (any free port) and 65535") }
            if syncEvery < 5 { throw ValidationError("--sync-every is at least 5 seconds") }
            if evolveEvery < 1 { throw ValidationError("--evolve-every is at least 1 second") }
        }

        func run() async throws {
            try await BridgeCommandLine.run {
                let path = database ?? FileManager.default.temporaryDirectory
                    .appendingPathComponent("kpibridge-demo-\(ProcessInfo.processInfo.processIdentifier).sqlite").path
                // A ledger of its own in the temporary folder is the demo's to remove, however the demo ends
                // (normally, on Ctrl-C, or with an error); one the user named with --database is theirs to keep.
                func removeOwnLedger() {
                    guard database == nil else { return }
                    for suffix in ["", "-wal", "-shm", ".lock"] { try? FileManager.default.removeItem(atPath: path + suffix) }
                }
                removeOwnLedger()
                defer { removeOwnLedger() }
                if samples {
                    Console.out(try BridgeDemo.Demo.run(home: Resources.home(), databasePath: path, keepsLedger: database != nil))
                } else if once {
                    Console.out(try await BridgeDemo.Demo.runWithSimulator(home: Resources.home(), databasePath: path, scale: scale, keepsLedger: database != nil))
                } else {
                    try await LiveDemo.run(
                        home: Resources.home(), databasePath: path, scale: scale, host: host, port: port, syncEvery: syncEvery,
                        evolveEvery: evolveEvery
                    ) { text in
                        Console.out(text)
                        fflush(nil)
                    }
                }
            }
        }
    }
}
