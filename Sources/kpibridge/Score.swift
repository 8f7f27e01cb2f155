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

extension ReportLocale: ExpressibleByArgument {}

/// `--format`, `--locale` and `--output`, shared by the report commands.
struct ReportOptions: ParsableArguments {
    @Option(help: "table, json, csv or xlsx (xlsx needs --output).")
    var format: OutputFormat = .table

    @Option(help: "en (ISO dates, decimal point) or vi (dd/MM/yyyy, decimal comma, Vietnamese headers; CSV with ';').")
    var locale: ReportLocale = .en

    @Option(help: "Write the report to this file instead of standard output (0600).")
    var output: String?

    func validate() throws {
        if format == .xlsx && output == nil { throw ValidationError("--format xlsx writes a file: give --output FILE.xlsx") }
    }

    /// Prints `text`, or writes it to `--output`.
    func emit(_ text: String) throws {
        guard let output else { return Console.out(text) }
        try PrivateFile.write(TerminalText.safe(text) + "\n", to: output)
    }

    /// Writes a workbook to `--output`.
    func emit(_ workbook: XLSXWorkbook) throws {
        guard let output else { throw AppError("--format xlsx writes a file: give --output FILE.xlsx") }
        try PrivateFile.write(try workbook.data(), to: output)
        Console.out("wrote \(output)")
    }
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

        @OptionGroup var report: ReportOptions

        func run() throws {
            let bridge = try common.bridge(when.at == nil && !current ? .update : .read)
            try BridgeCommandLine.run {
                let (scores, note) = try bridge.scoreReport(
                    period: when.period, at: when.at, filter: ScoreFilter(agency: agency, unit: unit, block: block?.rawValue), current: current)
                if report.format == .xlsx { return try report.emit(ScoreFormatter.workbook(scores, policy: bridge.scoreBook.scorer.policy)) }
                let style = ScoreFormatter.Style(locale: report.locale, policy: bridge.scoreBook.scorer.policy, rulesInUse: bridge.scoringInUse)
                var text = try ScoreFormatter.render(scores, as: report.format, style: style)
                if let note, report.format == .table { text += "\n" + note }
                try report.emit(text)
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

        @OptionGroup var report: ReportOptions

        func run() throws {
            let bridge = try common.bridge(.read)
            try BridgeCommandLine.run {
                let score = try bridge.explain(officer: officer, period: when.period, at: when.time)
                let policy = bridge.scoreBook.scorer.policy
                if report.format == .xlsx { return try report.emit(ScoreFormatter.explainWorkbook(score, policy: policy)) }
                try report.emit(try ScoreFormatter.explain(score, as: report.format, style: .init(locale: report.locale, policy: policy)))
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
