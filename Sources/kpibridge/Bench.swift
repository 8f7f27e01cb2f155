import ArgumentParser
import BridgeApp
import Foundation

extension KPIBridgeCommand {
    /// `kpibridge bench scoring`: the scoring benchmark (run it in release: `swift run -c release kpibridge bench scoring`).
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Benchmarks; run in release mode (swift run -c release kpibridge bench …).", subcommands: [Scoring.self])

        struct Scoring: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Full score recomputation and incremental update latency on a generated province.")

            @Option(help: "Officers to generate.")
            var officers = 2_000

            @Option(help: "Tasks to generate.")
            var tasks = 200_000

            @Option(help: "Single-task changes to time for the latency percentiles.")
            var changes = 200

            @Option(help: "Ledger file for the run (replaced).")
            var database = FileManager.default.temporaryDirectory.appendingPathComponent("kpibridge-bench.sqlite").path

            @Option(help: "Also write the figures as JSON to this file.")
            var json: String?

            func validate() throws {
                if officers < 1 || tasks < officers || changes < 1 { throw ValidationError("need officers ≥ 1, tasks ≥ officers, changes ≥ 1") }
            }

            func run() throws {
                try BridgeCommandLine.run {
                    var bench = ScoringBenchmark()
                    bench.officers = officers
                    bench.tasks = tasks
                    bench.changes = changes
                    let scorer = try ScoringConfiguration.load(home: Resources.home())
                    let figures = try bench.run(databasePath: database, scorer: scorer) { print($0) }
                    print(TextTable.render(
                        header: ["figure", "value", "unit"],
                        rows: figures.map { [$0.name, String(format: "%.2f", $0.value), $0.unit] }))
                    if let json {
                        try TaskFormatter.json(figures).write(toFile: json, atomically: true, encoding: .utf8)
                    }
                }
            }
        }
    }
}
