import ArgumentParser
import BridgeApp
import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeScoring
import Foundation

extension Period: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

extension Block: ExpressibleByArgument {}

extension Timestamp: ExpressibleByArgument {
    public init?(argument: String) { self.init(iso8601: argument) }
}

/// `--period` and `--at`, shared by the scoring commands.
struct PeriodOptions: ParsableArguments {
    @Option(help: "Period: 2026-03 (month), 2026-Q1 (quarter) or 2026 (year).")
    var period: Period

    @Option(help: "Evaluation time, ISO 8601 (Vietnam time when no zone is written); default now.")
    var at: Timestamp?

    var time: Timestamp { at ?? Timestamp(Date()) }
}

extension KPIBridgeCommand {
    /// `kpibridge score --period P [--at TIME] [--agency A] [--unit U] [--block B] [--format …]`
    struct Score: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "KPI per officer for a period (Decree 335/2025).")

        @OptionGroup var common: CommonOptions
        @OptionGroup var when: PeriodOptions

        @Option(help: "Only officers of this agency.")
        var agency: String?

        @Option(help: "Only officers of this unit.")
        var unit: String?

        @Option(help: "Only officers of this block: party, state or mass.")
        var block: Block?

        @Flag(help: "For a closed period, show today's numbers instead of those kept at close.")
        var current = false

        @Option(help: "table, json or csv.")
        var format: OutputFormat = .table

        func run() throws {
            let bridge = try common.bridge(when.at == nil && !current ? .update : .read)
            try BridgeCommandLine.run {
                let (report, note) = try bridge.scoreReport(
                    period: when.period, at: when.at, filter: ScoreFilter(agency: agency, unit: unit, block: block?.rawValue), current: current)
                Console.out(try ScoreFormatter.render(report, as: format, policy: bridge.scoreBook.scorer.policy, inUse: bridge.scoringInUse))
                if let note, format == .table { Console.out(note) }
            }
        }
    }

    /// `kpibridge explain OFFICER --period P`
    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "How an officer's score was made, task by task.")

        @OptionGroup var common: CommonOptions
        @OptionGroup var when: PeriodOptions

        @Argument(help: "The officer: e-mail or namespace:id.")
        var officer: String

        @Option(help: "table, json or csv.")
        var format: OutputFormat = .table

        func run() throws {
            let bridge = try common.bridge(.read)
            try BridgeCommandLine.run {
                Console.out(try ScoreFormatter.explain(
                    try bridge.explain(officer: officer, period: when.period, at: when.time), as: format, policy: bridge.scoreBook.scorer.policy))
            }
        }
    }

    /// `kpibridge rebuild` (also `rescore`): every projection dropped and computed again from the facts.
    struct Rebuild: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Drop every projection (tasks, officer rows, stored scores) and compute it again from the facts.",
            discussion: "The incremental projections must equal what this gives; run it after restoring a backup or to check.",
            aliases: ["rescore"])

        @OptionGroup var common: CommonOptions

        @Option(help: "Evaluation time of the stored scores, ISO 8601; default now.")
        var at: Timestamp?

        func run() throws {
            let bridge = try common.bridge(.update)
            try BridgeCommandLine.run {
                let summary = try bridge.rebuild(at: at ?? Timestamp(Date()))
                let counts = try bridge.store.counts()
                Console.out("rebuilt \(counts["task"] ?? 0) task(s) (\(summary.updatedTasks) changed, \(summary.newTasks) new, \(summary.orphaned.count) no longer derived) and \(summary.movedScores.count) stored score(s) from the facts")
            }
        }
    }
}
