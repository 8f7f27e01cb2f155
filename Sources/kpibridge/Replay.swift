import ArgumentParser
import BridgeApp
import BridgeLedger
import Foundation

extension KPIBridgeCommand {
    /// `kpibridge replay list|show ID`: the dead letters.
    struct Replay: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Dead letters: records that could not become tasks, kept with their raw payload and reason.",
            subcommands: [List.self, Show.self])

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List unresolved dead letters, newest first.")

            @OptionGroup var common: CommonOptions

            @Option(help: "table, json or csv.")
            var format: OutputFormat = .table

            @Flag(help: "Include resolved dead letters.")
            var all = false

            func run() throws {
                let bridge = try common.bridge()
                try BridgeCommandLine.run {
                    print(try DeadLetterFormatter.render(try bridge.store.deadLetters(includeResolved: all), as: format))
                }
            }
        }

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Show one dead letter with its raw payload.")

            @OptionGroup var common: CommonOptions

            @Argument(help: "Dead letter id (from replay list).")
            var id: Int64

            func run() throws {
                let bridge = try common.bridge()
                try BridgeCommandLine.run {
                    guard let letter = try bridge.store.deadLetter(id: id) else { throw AppError("no dead letter with id \(id)") }
                    print(DeadLetterFormatter.detail(letter, payload: try bridge.store.payload(hash: letter.payloadHash)))
                }
            }
        }
    }
}
