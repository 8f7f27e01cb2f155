import ArgumentParser
import BridgeApp
import BridgeLedger
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

        @Flag(help: "Exit 1 also when the pass stored new dead letters (records that could not be mapped).")
        var strict = false

        func run() async throws {
            let bridge = try common.bridge()
            let interactive = isatty(STDOUT_FILENO) != 0
            // Ctrl-C (or SIGTERM): the pass is cancelled at its next await — what it committed is whole pages with
            // their checkpoints, so the next sync resumes there; a second Ctrl-C ends the process at once.
            let interruption = Interruption()
            let source = self.source
            let pass = _Concurrency.Task {
                try await bridge.sync(only: source, onPage: { running in
                    // On a terminal, one live line per source; in logs, nothing until the source ends.
                    guard interactive else { return }
                    print("\r\u{1B}[K\(running.source): \(running.pages) page(s), \(running.commits.records) record(s)…", terminator: "")
                    fflush(nil)
                }, progress: { summary in
                    print((interactive ? "\r\u{1B}[K" : "") + TerminalText.safe(SyncReport.line(summary)))
                })
            }
            let watcher = _Concurrency.Task {
                while !_Concurrency.Task.isCancelled {
                    if interruption.isRequested {
                        Console.error("\nstopping: the pages committed so far are kept, and the next sync resumes after them (Ctrl-C again stops at once)")
                        pass.cancel()
                        return
                    }
                    try? await _Concurrency.Task.sleep(for: .milliseconds(100))
                }
            }
            defer { watcher.cancel() }
            let summaries = try await BridgeCommandLine.run {
                do {
                    return try await pass.value
                } catch where interruption.isRequested {
                    Console.error("stopped before every source was synced")
                    throw ExitCode(130)
                }
            }
            Console.out(SyncReport.table(summaries))
            if let note = SyncReport.deadLetterNote(summaries) { Console.out(note) }
            if summaries.contains(where: { $0.failure != nil }) { throw ExitCode.failure }
            if strict && summaries.contains(where: { $0.commits.newDeadLetters > 0 }) { throw ExitCode.failure }
        }
    }
}
