import ArgumentParser
import Foundation
import BridgeApp
import BridgePipeline

extension KPIBridgeCommand {
    /// `kpibridge import --source ID FILE…`
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Feed payload files through the same pipeline as polling ('-' reads standard input).")

        @OptionGroup var common: CommonOptions

        @Option(help: "The configured source the files come from.")
        var source: String = "eoffice"

        @Argument(help: "Payload files, or '-' for standard input.")
        var files: [String]

        func validate() throws {
            if files.isEmpty { throw ValidationError("name at least one file, or '-' for standard input") }
        }

        func run() throws {
            let bridge = try common.bridge()
            // Names that are not UTF-8 are opened by their bytes and shown as the terminal gave them.
            var paths: [String] = []
            var origins: [String: String] = [:]
            for file in files {
                if let opened = RawFileName.openable(file) {
                    paths.append(opened)
                    origins[opened] = file
                } else {
                    paths.append(file)
                }
            }
            let interruption = Interruption(
                notice: "stopping once the file being read is committed (a large file takes a while); Ctrl-C again stops at once, losing nothing committed")
            // On a terminal, one live line while the files go in; in logs, nothing until the end.
            let interactive = isatty(STDOUT_FILENO) != 0
            var shown = ContinuousClock.now
            let (summary, results) = try BridgeCommandLine.run {
                try bridge.importFiles(paths, source: source, origins: origins, shouldStop: { interruption.isRequested }) { done in
                    guard interactive, ContinuousClock.now - shown > .milliseconds(200) || done == files.count else { return }
                    shown = ContinuousClock.now
                    print("\r\u{1B}[Kimporting: \(done) of \(files.count) file(s)…", terminator: "")
                    fflush(nil)
                }
            }
            if interactive { print("\r\u{1B}[K", terminator: "") }
            for failure in results.flatMap(\.failures) { Console.out("dead letter: \(failure)") }
            Console.out(ImportReport.line(summary))
            if interruption.isRequested && results.count < files.count {
                Console.error("interrupted after \(results.count) of \(files.count) files; run again to continue (files already imported are recognised and change nothing)")
                throw ExitCode(130)
            }
        }
    }
}
