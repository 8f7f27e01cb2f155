import ArgumentParser
import BridgeApp
import BridgeLedger
import BridgeModel
import Foundation

extension KPIBridgeCommand {
    /// `kpibridge replay list|show ID`: the dead letters.
    struct Replay: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Dead letters: records that could not become tasks, kept with their raw payload and reason.",
            subcommands: [List.self, Show.self, Run.self])

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List unresolved dead letters, newest first.")

            @OptionGroup var common: CommonOptions

            @Option(help: "table, json or csv.")
            var format: OutputFormat = .table

            @Flag(help: "Include resolved dead letters.")
            var all = false

            @Option(help: "en (ISO times) or vi (Vietnamese headers, dd/MM/yyyy HH:mm).")
            var locale: ReportLocale = .en

            func validate() throws {
                if format == .xlsx { throw ValidationError("--format xlsx is for score and explain") }
            }

            func run() throws {
                let bridge = try common.bridge(.read)
                try BridgeCommandLine.run {
                    Console.out(try DeadLetterFormatter.render(try bridge.store.deadLetters.list(includeResolved: all), as: format, locale: locale))
                }
            }
        }

        struct Run: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Feed dead letters through the current mappings again; --dry-run shows what would change.")

            @OptionGroup var common: CommonOptions

            @Argument(help: "Dead letter ids (from replay list).")
            var ids: [Int64] = []

            @Option(help: "Only dead letters of this source.")
            var source: String?

            @Option(help: "Only this failure class (parse, mapping, validation) or reasons containing these words.")
            var reason: String?

            @Option(help: "Only dead letters last seen at or after this time (ISO 8601).")
            var since: Timestamp?

            @Flag(help: "Every unresolved dead letter.")
            var all = false

            @Flag(help: "Show the tasks that would appear or change and the scores that would move; keep nothing.")
            var dryRun = false

            @Flag(help: "With --source: map every stored payload of the source again under its current mapping version.")
            var reprocess = false

            func validate() throws {
                if reprocess, source == nil { throw ValidationError("--reprocess needs --source") }
                if reprocess, !ids.isEmpty || reason != nil || since != nil || all {
                    throw ValidationError("--reprocess takes only --source and --dry-run")
                }
            }

            func run() throws {
                let bridge = try common.bridge(.update)
                try BridgeCommandLine.run {
                    if reprocess, let source {
                        let outcome = try bridge.reprocess(source: source, dryRun: dryRun, actor: BridgeCommandLine.actor, at: Timestamp(Date()))
                        Console.out(try ReprocessFormatter.render(outcome.report, failures: outcome.failures, source: source, dryRun: dryRun))
                        return
                    }
                    let outcomes = try bridge.replay(
                        ReplaySelection(ids: ids, source: source, reason: reason, since: since, all: all), dryRun: dryRun,
                        actor: BridgeCommandLine.actor, at: Timestamp(Date()))
                    Console.out(ReplayReport.render(outcomes, dryRun: dryRun))
                }
            }
        }

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Show one dead letter with its raw payload.")

            @OptionGroup var common: CommonOptions

            @Argument(help: "Dead letter id (from replay list).")
            var id: Int64

            func run() throws {
                let bridge = try common.bridge(.read)
                try BridgeCommandLine.run {
                    guard let letter = try bridge.store.deadLetters.letter(id: id) else { throw AppError("no dead letter with id \(id)") }
                    Console.out(DeadLetterFormatter.detail(letter, payload: try bridge.store.facts.payload(hash: letter.payloadHash)))
                }
            }
        }
    }
}
