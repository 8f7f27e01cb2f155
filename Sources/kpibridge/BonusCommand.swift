import ArgumentParser
import BridgeApp
import BridgeModel
import Foundation

extension KPIBridgeCommand {
    /// `kpibridge bonus payroll|run|show|export`
    struct BonusCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bonus",
            abstract: "The annual bonus from the year's levels: import the payroll, run the checks and keep the list, show it, export it (docs/bonus.md).",
            subcommands: [Payroll.self, Run.self, Show.self, Export.self])

        struct Payroll: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Import a year's payroll (CSV or .xlsx: officer, unit, coefficient, months) as its new version, all or nothing.")

            @OptionGroup var common: CommonOptions

            @Argument(help: "The CSV or .xlsx file.")
            var file: String

            @Option(help: "The year it pays, e.g. 2026.")
            var year: Int

            func run() throws {
                let bridge = try common.bridge(.update)
                try BridgeCommandLine.run {
                    let rows = try bridge.importPayroll(file: file, year: year, actor: BridgeCommandLine.actor, at: Timestamp(Date()))
                    Console.out("imported \(rows) payroll row(s) of \(year) from \(file)")
                }
            }
        }

        struct Run: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Check and compute an agency's bonus for a closed year, and keep it as a run (nothing new is kept when the inputs are the same).")

            @OptionGroup var common: CommonOptions

            @OptionGroup var scope: BonusScope

            func run() throws {
                let bridge = try common.bridge(.update)
                try BridgeCommandLine.run {
                    let (statement, unchanged) = try bridge.runBonus(agency: scope.agency, year: scope.year, actor: BridgeCommandLine.actor, at: Timestamp(Date()))
                    Console.out(try BonusFormatter.render(statement, as: .table))
                    Console.out(unchanged ? "\nsame inputs as run \(statement.run): nothing new kept" : "\nkept as run \(statement.run)")
                }
            }
        }

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "A kept run (the latest by default), with the levels adjusted since it was made.")

            @OptionGroup var common: CommonOptions

            @OptionGroup var scope: BonusScope

            @Option(name: .customLong("run"), help: "The run to show (default the latest).")
            var number: Int64?

            @Option(help: "table, json or csv.")
            var format: OutputFormat = .table

            func run() throws {
                let bridge = try common.bridge(.read)
                try BridgeCommandLine.run {
                    Console.out(try BonusFormatter.render(try scope.statement(bridge, run: number), as: format))
                }
            }
        }

        struct Export: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Write a kept run as the workbook \"Danh sách đề nghị thưởng\" (.xlsx).")

            @OptionGroup var common: CommonOptions

            @OptionGroup var scope: BonusScope

            @Option(name: .customLong("run"), help: "The run to export (default the latest).")
            var number: Int64?

            @Option(help: "The .xlsx file to write (0600).")
            var output: String

            func run() throws {
                let bridge = try common.bridge(.read)
                try BridgeCommandLine.run {
                    try PrivateFile.write(try BonusFormatter.workbook(try scope.statement(bridge, run: number)).data(), to: output)
                    Console.out("wrote \(output)")
                }
            }
        }
    }
}

/// `--agency` and `--year`, shared by the bonus commands.
struct BonusScope: ParsableArguments {
    @Option(help: "The agency's code, as the directory names it.")
    var agency: String

    @Option(help: "The year, e.g. 2026.")
    var year: Int

    func statement(_ bridge: Bridge, run: Int64?) throws -> BonusStatement {
        guard let statement = try bridge.bonusStatement(agency: agency, year: year, run: run, at: Timestamp(Date())) else {
            throw AppError(run.map { "no bonus run \($0) of \(agency) for \(year)" } ?? "no bonus run of \(agency) for \(year) is kept: kpibridge bonus run --agency \(agency) --year \(year)")
        }
        return statement
    }
}
