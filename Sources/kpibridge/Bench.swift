import ArgumentParser
import BridgeApp
import BridgeBench
import Foundation

extension KPIBridgeCommand {
    /// `kpibridge bench scoring`: the scoring benchmark (run it in release: `swift run -c release kpibridge bench scoring`).
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Benchmarks; run in release mode (swift run -c release kpibridge bench …).", subcommands: [Ingest.self, Scoring.self, Stage.self])

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
                    let scorer = try ScoringConfiguration.load(.builtIn(home: Resources.home())).scorer
                    let figures = try bench.run(databasePath: database, scorer: scorer) { Console.out($0) }
                    Console.out(TextTable.render(
                        header: ["figure", "value", "unit"],
                        rows: figures.map { [$0.name, String(format: "%.2f", $0.value), $0.unit] }))
                    if let json {
                        try TaskFormatter.json(figures).write(toFile: json, atomically: true, encoding: .utf8)
                    }
                }
            }
        }
    
        struct Ingest: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Ingest at province scale against the hardware floor and a reference pipeline (run in release).")

            @Option(help: "Officers in the generated province.")
            var officers = 40_000

            @Option(help: "edXML hub messages (documents and status messages).")
            var edxml = 500_000

            @Option(help: "JSON task records across the iOffice, Party and mass-organisation tools.")
            var json = 500_000

            @Option(help: "Officers of the simulated province synced over HTTP on loopback.")
            var httpOfficers = 2_000

            @Option(help: "Single-record changes timed for the incremental scoring latency.")
            var changes = 100

            @Option(help: "Folder for the dataset (generated once, kept) and the benchmark's ledgers.")
            var work = FileManager.default.temporaryDirectory.appendingPathComponent("kpibridge-ingest-bench").path

            @Option(help: "Seconds each stage may run before it reports its rate over the part it did.")
            var budget = 30.0

            @Flag(help: "Skip the Python reference pipeline.")
            var noReference = false

            @Option(help: "A PostgreSQL server (postgres://USER@HOST[:PORT]/DB, a user who may create databases): the facts and ingest stages run again there, in databases kpibridge_bench_facts and kpibridge_bench_bridge it recreates.")
            var postgres: String?

            @Option(help: "Also write the rows and ratios as JSON to this file.")
            var jsonOut: String?

            func run() throws {
                try BridgeCommandLine.run {
                    var bench = IngestBenchmark(work: work)
                    bench.postgres = postgres
                    bench.officers = officers
                    bench.edxml = edxml
                    bench.json = json
                    bench.httpOfficers = httpOfficers
                    bench.changes = changes
                    bench.reference = !noReference
                    bench.budget = budget
                    let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
                    let started = ContinuousClock.now
                    let rows = try bench.run(executable: executable, home: Resources.home()) { Console.out($0) }
                    Console.out("")
                    Console.out(IngestBenchmark.table(rows))
                    let elapsed = started.duration(to: .now).components.seconds
                    Console.out("\nwhole run: \(elapsed / 60) min \(elapsed % 60) s; \(ProcessInfo.processInfo.activeProcessorCount) cores, "
                        + "\(ProcessInfo.processInfo.physicalMemory >> 30) GiB")
                    if let path = jsonOut {
                        struct Output: Encodable {
                            let rows: [IngestBenchmark.Row]
                            let ratios: [String: Double]
                        }
                        let ratios = Dictionary(uniqueKeysWithValues: IngestBenchmark.ratios(rows).map { ($0.name, $0.value) })
                        let encoder = JSONEncoder()
                        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                        try encoder.encode(Output(rows: rows, ratios: ratios)).write(to: URL(fileURLWithPath: path))
                    }
                }
            }
        }

        struct Stage: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "One stage of bench ingest, in its own process (prints one JSON line).", shouldDisplay: false)

            @Argument var name: String
            @Option var work: String
            @Option var home: String
            @Option var httpOfficers = 2_000
            @Option var changes = 100
            @Option var seed: UInt64 = 335
            @Option var budget = 30.0
            @Option var postgres: String?

            func run() async throws {
                var bench = IngestBenchmark(work: work)
                bench.postgres = postgres
                bench.httpOfficers = httpOfficers
                bench.changes = changes
                bench.seed = seed
                bench.budget = budget
                let row = try await bench.stage(name, home: home)
                Console.out(String(decoding: try JSONEncoder().encode(row), as: UTF8.self))
            }
        }
    }
}
