import ArgumentParser
import BridgeApp
import BridgeModel
import BridgeScoring
import Foundation

extension WorkloadFiles.Kind: ExpressibleByArgument {}

extension KPIBridgeCommand {
    /// `kpibridge workload import KIND FILE`, `kpibridge workload report --period P`
    struct WorkloadCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "workload",
            abstract: "Job positions and workload: import HR's tables, report evidence hours, utilisation and FTE (a reference model).",
            subcommands: [Import.self, Report.self, Diary.self])

        struct Import: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Import a CSV as the new version of a table: positions, assignments, standard-times, leave, staffing or diary (all or nothing).")

            @OptionGroup var common: CommonOptions

            @Argument(help: "positions, assignments, standard-times, leave, staffing or diary.")
            var kind: WorkloadFiles.Kind

            @Argument(help: "The CSV file (docs/workload.md gives its columns).")
            var file: String

            @Option(help: "Who imports it, for the audit log.")
            var actor = ProcessInfo.processInfo.environment["USER"] ?? "cli"

            func run() throws {
                let bridge = try common.bridge(.update)
                try BridgeCommandLine.run {
                    let rows = try bridge.importReference(kind, file: file, actor: actor, at: Timestamp(Date()))
                    Console.out("imported \(rows) \(kind.rawValue) row(s) from \(file)")
                }
            }
        }

        struct Report: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Evidence hours, available hours, utilisation and FTE per officer, unit, position and agency.")

            @OptionGroup var common: CommonOptions

            @OptionGroup var scope: WorkloadScope

            @OptionGroup var report: ReportOptions

            func run() throws {
                let bridge = try common.bridge(.read)
                try BridgeCommandLine.run {
                    let workload = try bridge.workload(period: scope.period, agency: scope.agency)
                    if report.format == .xlsx { return try report.emit(WorkloadFormatter.workbook(workload, period: scope.period)) }
                    try report.emit(try WorkloadFormatter.render(workload, period: scope.period, as: report.format))
                }
            }
        }
    }

}

extension KPIBridgeCommand.WorkloadCommand {
    /// `kpibridge workload diary --period P`
    struct Diary: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Declared hours (the work diary imported) against evidence hours: the officers above the threshold, with their largest unsupported items.")

        @OptionGroup var common: CommonOptions

        @OptionGroup var scope: WorkloadScope

        @Option(help: "table, json or csv.")
        var format: OutputFormat = .table

        func run() throws {
            let bridge = try common.bridge(.read)
            try BridgeCommandLine.run {
                Console.out(try WorkloadFormatter.render(try bridge.diaryCheck(period: scope.period, agencies: scope.agency.map { [$0] }), period: scope.period, as: format))
            }
        }
    }
}

extension KPIBridgeCommand {
    /// `kpibridge staffing --period P`
    struct StaffingCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "staffing",
            abstract: "Per unit: staffing assigned, in post, FTE needed, the gap, outliers, cut scenarios and caps broken (a reference model).")

        @OptionGroup var common: CommonOptions

        @OptionGroup var scope: WorkloadScope

        @OptionGroup var report: ReportOptions

        func run() throws {
            let bridge = try common.bridge(.read)
            try BridgeCommandLine.run {
                let staffing = try bridge.staffing(period: scope.period, agency: scope.agency).staffing
                if report.format == .xlsx { return try report.emit(WorkloadFormatter.workbook(staffing, period: scope.period)) }
                try report.emit(try WorkloadFormatter.render(staffing, period: scope.period, as: report.format))
            }
        }
    }
}

/// `--period` and `--agency`, shared by the workload reports.
struct WorkloadScope: ParsableArguments {
    @Option(help: "Period: 2026-03 (month), 2026-Q1 (quarter) or 2026 (year).")
    var period: Period

    @Option(help: "Only the officers of this agency.")
    var agency: String?
}
