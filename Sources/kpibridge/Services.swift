import ArgumentParser
import BridgeApp
import BridgeModel
import BridgeScoring

extension KPIBridgeCommand {
    /// `kpibridge services report --period P [--agency A] [--format …]`
    struct Services: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Citizens' dossiers from the one-stop systems: on time by Decision 766, late steps by officer.",
            subcommands: [Report.self])

        /// The one-stop centre's report for a period.
        struct Report: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Per unit, procedure and officer: dossiers, on time, late, overdue, supplements, withdrawn, apologies, on-time rate.")

            @OptionGroup var common: CommonOptions
            @OptionGroup var when: PeriodOptions

            @Option(help: "Only the dossiers of this agency (its code, MaDonVi).")
            var agency: String?

            @Option(help: "Dossiers due within this many hours are listed (table and JSON).")
            var dueWithin = 24

            @OptionGroup var report: ReportOptions

            func run() throws {
                let bridge = try common.bridge(.read)
                try BridgeCommandLine.run {
                    let overview = try bridge.serviceOverview(
                        period: when.period, agencies: agency.map { [$0] }, at: when.time, dueWithinHours: dueWithin)
                    if report.format == .xlsx { return try report.emit(ServiceFormatter.workbook(overview)) }
                    try report.emit(try ServiceFormatter.render(overview, as: report.format))
                }
            }
        }
    }
}
