import ArgumentParser
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
            let (summary, results) = try BridgeCommandLine.run { try bridge.importFiles(files, source: source) }
            for failure in results.flatMap(\.failures) { Console.out("dead letter: \(failure)") }
            Console.out(ImportReport.line(summary))
        }
    }
}
