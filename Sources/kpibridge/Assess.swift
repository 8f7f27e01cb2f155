import ArgumentParser
import BridgeApp
import BridgeLedger
import BridgePipeline
import BridgeModel
import BridgeScoring
import Foundation

extension KPIBridgeCommand {
    /// `kpibridge assess import FILE`
    struct Assess: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "General-criteria assessments entered by people.", subcommands: [Import.self, List.self, Delete.self])

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "The assessments entered, by period and officer.")

            @OptionGroup var common: CommonOptions

            @Option(help: "Only this period.")
            var period: Period?

            @Option(help: "table, json or csv.")
            var format: OutputFormat = .table

            func validate() throws {
                if format == .xlsx { throw ValidationError("--format xlsx is for score and explain") }
            }

            func run() throws {
                let bridge = try common.bridge(.read)
                try BridgeCommandLine.run {
                    let entries = try bridge.store.scores.allAssessments(period: period?.description)
                    let header = ["officer", "period", "general_points", "sanction", "origin", "entered_at"]
                    let rows = entries.map { e in
                        [e.assessment.officer, e.assessment.period, e.assessment.generalPoints ?? "", e.assessment.sanction ? "yes" : "no", e.origin ?? "", e.enteredAt]
                    }
                    Console.out(try format.render(header: header, rows: rows, count: "\(entries.count) assessment(s)"))
                }
            }
        }

        struct Delete: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Delete one assessment (audited with the reason).")

            @OptionGroup var common: CommonOptions

            @Argument(help: "The officer: a directory id, an e-mail or namespace:account.")
            var officer: String

            @Argument(help: "The period, e.g. 2026-03.")
            var period: Period

            @Option(help: "Why (kept in the audit log).")
            var reason: String

            func run() throws {
                let bridge = try common.bridge(.update, besideService: true)
                try BridgeCommandLine.run {
                    let key = bridge.officerKey(for: officer, directory: try bridge.store.directory.current())
                    try bridge.deleteAssessment(officer: key, period: period.description, reason: reason, actor: BridgeCommandLine.actor, at: Timestamp(Date()))
                    Console.out("deleted the assessment of \(key) for \(period); the score uses provisional general points again")
                }
            }
        }

        struct Import: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Import a CSV: officer,period,general_points,sanction (validated; audited; scores updated).")

            @OptionGroup var common: CommonOptions

            @Argument(help: "The CSV file.")
            var file: String

            func run() throws {
                let bridge = try common.bridge(besideService: true)
                try BridgeCommandLine.run {
                    guard let data = FileManager.default.contents(atPath: file) else { throw AppError("\(file): cannot be read") }
                    // Officers may be written as directory ids, e-mails or namespace:account.
                    let items = try bridge.keyed(AssessmentFile.parse(data, file: file, maxGeneralPoints: bridge.scoreBook.scorer.policy.generalPointsMax))
                    let actor = BridgeCommandLine.actor
                    try bridge.importAssessments(items, origin: file, actor: actor, at: Timestamp(Date()))
                    Console.out("imported \(items.count) assessment(s) from \(file)")
                }
            }
        }
    }

    /// `kpibridge period close P`
    struct PeriodCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "period", abstract: "Close a period: its numbers are kept; later changes are audited adjustments.",
            subcommands: [Close.self, Reopen.self])

        struct Close: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Close a period at the current time.")

            @OptionGroup var common: CommonOptions

            @Argument(help: "The period, e.g. 2026-03.")
            var period: String

            @Option(help: "Closing time, ISO 8601; default now.")
            var at: Timestamp?

            func run() throws {
                let bridge = try common.bridge(.update, besideService: true)
                try BridgeCommandLine.run {
                    guard let parsed = Period(period) else { throw AppError("'\(period)' is not a period (2026-03, 2026-Q1, 2026)") }
                    let actor = BridgeCommandLine.actor
                    let count = try bridge.closePeriod(parsed.description, actor: actor, at: at ?? Timestamp(Date()))
                    Console.out("closed \(parsed): \(count) officer score(s) kept")
                }
            }
        }

        struct Reopen: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Open a closed period again (audited with the reason): its scores are computed again until it is closed anew.")

            @OptionGroup var common: CommonOptions

            @Argument(help: "The period, e.g. 2026-03.")
            var period: Period

            @Option(help: "Why it is reopened (kept in the audit log).")
            var reason: String

            func run() throws {
                let bridge = try common.bridge(.update, besideService: true)
                try BridgeCommandLine.run {
                    let dropped = try bridge.reopenPeriod(period.description, reason: reason, actor: BridgeCommandLine.actor, at: Timestamp(Date()))
                    Console.out("reopened \(period): \(dropped) kept score(s) dropped; scores are computed again until the period is closed anew")
                }
            }
        }
    }
}
