import ArgumentParser
import BridgeApp
import BridgePipeline
import Foundation

extension KPIBridgeCommand {
    /// `kpibridge sync [--config F] [--source ID]`
    struct Sync: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One polling pass over the HTTP sources; exit code 1 when a source failed.")

        @OptionGroup var common: CommonOptions

        @Option(help: "Only this source.")
        var source: String?

        func run() async throws {
            let bridge = try common.bridge()
            let interactive = isatty(STDOUT_FILENO) != 0
            let summaries = try await BridgeCommandLine.run {
                try await bridge.sync(only: source) { summary in
                    print((interactive ? "✓ " : "") + SyncReport.line(summary))
                }
            }
            print(SyncReport.table(summaries))
            if summaries.contains(where: { $0.failure != nil }) { throw ExitCode.failure }
        }
    }
}
