import BridgeApp
import BridgeDemo
import BridgeLedger
import BridgeModel
import BridgeParsing
import BridgePipeline
import BridgePostgres
import BridgeSimulator
import Foundation
import Logging

/// `kpibridge bench ingest`: a province-scale dataset through each stage of the bridge, the hardware floor and a
/// reference pipeline. Each stage runs in its own child process (`bench stage NAME`), so its peak memory is its
/// own; the parent prints the table and the ratios.
public struct IngestBenchmark: Sendable {
    public var officers = 40_000
    public var edxml = 500_000
    public var json = 500_000
    /// Officers of the simulated province synced over HTTP (a smaller province: the rate is the figure).
    public var httpOfficers = 2_000
    /// Single-record changes timed for the incremental scoring latency.
    public var changes = 100
    public var seed: UInt64 = 335
    /// Where the dataset and the ledgers live (kept between runs: the dataset is generated once).
    public var work: String
    public var reference = true
    /// Seconds a stage may run: a stage that is not through the data by then stops and reports its rate over the
    /// part it did (noted in its row), so the whole run stays within ten minutes on 2 cores.
    public var budget = 30.0
    /// A PostgreSQL server (`postgres://USER@HOST[:PORT]/DB`, a user who may create databases): the facts and
    /// ingest stages run again on it (`pg-…`), in databases the benchmark creates there and drops.
    public var postgres: String?

    public init(work: String) { self.work = work }

    /// One stage's measurement.
    public struct Row: Codable, Sendable {
        public var stage: String
        public var records = 0
        public var bytes = 0
        public var seconds = 0.0
        public var peakMB = 0.0
        public var note = ""
        public var extra: [String: Double] = [:]

        public init(stage: String) { self.stage = stage }
        public var recordsPerSecond: Double { seconds > 0 ? Double(records) / seconds : 0 }
        public var megabytesPerSecond: Double { seconds > 0 ? Double(bytes) / 1_048_576 / seconds : 0 }
    }

    /// The stages, in the order they run (later ones use the ledger the commit stages leave).
    public static let stages = [
        "floor-xml", "floor-json", "floor-sqlite", "parse-xml", "parse-json", "map-xml", "map-json",
        "commit-xml", "commit-json", "ingest-xml", "ingest-json", "floor-ledger-xml", "floor-ledger-json", "scoring", "http",
    ]

    /// The stages run again on PostgreSQL when `postgres` names a server.
    public static let postgresStages = ["pg-commit-xml", "pg-commit-json", "pg-ingest-xml", "pg-ingest-json"]

    // MARK: - Parent

    /// Generates the dataset if needed, runs each stage as `executable bench stage NAME`, and the reference.
    public func run(executable: String, home: String, progress: (String) -> Void) throws -> [Row] {
        if IngestDataset.existing(in: work, officers: officers, edxml: edxml, json: json, seed: seed) == nil {
            let started = ContinuousClock.now
            _ = try IngestDataset.write(to: work, officers: officers, edxml: edxml, json: json, seed: seed, progress: progress)
            progress("dataset ready in \(String(format: "%.1f", started.duration(to: .now).seconds)) s")
        } else {
            progress("dataset found in \(work)")
        }
        // Every stage, the floors first, must find the files in the page cache: read them all once, untimed.
        let warm = ContinuousClock.now
        let manifest = try JSONDecoder().decode(IngestDataset.Manifest.self, from: Data(contentsOf: URL(fileURLWithPath: "\(work)/manifest.json")))
        for name in manifest.edxmlFiles + manifest.jsonPages.values.flatMap({ $0 }) {
            _ = FileManager.default.contents(atPath: "\(work)/\(name)")
        }
        progress("page cache warmed in \(String(format: "%.1f", warm.duration(to: .now).seconds)) s")
        var rows: [Row] = []
        for stage in Self.stages + (postgres == nil ? [] : Self.postgresStages) {
            let output = try Self.child(executable, ["bench", "stage", stage, "--work", work, "--home", home,
                "--http-officers", String(httpOfficers), "--changes", String(changes), "--seed", String(seed), "--budget", String(budget)]
                + (postgres.map { ["--postgres", $0] } ?? []))
            let row = try JSONDecoder().decode(Row.self, from: Data(output.utf8))
            progress(Self.line(row))
            rows.append(row)
        }
        if reference {
            for kind in ["xml", "json"] {
                let output = try Self.child("/usr/bin/env", ["python3", "\(home)/bench/reference_pipeline.py", work, kind, "\(work)/reference-\(kind).sqlite", String(budget)])
                struct Reference: Decodable { let records: Int; let bytes: Int; let seconds: Double; let peakMB: Double }
                let r = try JSONDecoder().decode(Reference.self, from: Data(output.utf8))
                var row = Row(stage: "reference-\(kind)")
                row.records = r.records
                row.bytes = r.bytes
                row.seconds = r.seconds
                row.peakMB = r.peakMB
                row.note = "Python \(kind == "xml" ? "xml.etree" : "json") + sqlite3, one transaction per payload"
                    + Self.partial(r.records, of: kind == "xml" ? edxml : json)
                progress(Self.line(row))
                rows.append(row)
            }
        }
        return rows
    }

    /// "; first N of M" when a stage's budget stopped it before the end of the data.
    static func partial(_ done: Int, of total: Int) -> String {
        done < total ? "; first \(done) of \(total) (time budget)" : ""
    }

    static func line(_ row: Row) -> String {
        String(format: "%@: %d records in %.2f s (%.0f records/s), peak %.0f MB", row.stage, row.records, row.seconds, row.recordsPerSecond, row.peakMB)
    }

    /// Runs a child process and returns its last line of standard output; its standard error passes through.
    static func child(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0, let last = text.split(separator: "\n").last else {
            throw AppError("benchmark stage \(arguments.joined(separator: " ")) failed (exit \(process.terminationStatus)): \(text.suffix(300))")
        }
        return String(last)
    }

    /// The table: each stage, its rate, and the headline ratios.
    public static func table(_ rows: [Row]) -> String {
        var lines = [TextTable.render(
            header: ["stage", "records", "MB", "seconds", "records/s", "MB/s", "peak MB", "note"],
            rows: rows.map { r in
                [r.stage, "\(r.records)", String(format: "%.0f", Double(r.bytes) / 1_048_576), String(format: "%.2f", r.seconds),
                 String(format: "%.0f", r.recordsPerSecond), r.bytes > 0 ? String(format: "%.1f", r.megabytesPerSecond) : "",
                 String(format: "%.0f", r.peakMB), r.note]
            })]
        lines.append("")
        lines.append(TextTable.render(header: ["ratio", "value", "target"], rows: ratios(rows).map { [$0.name, String(format: "%.2f", $0.value), $0.target] }))
        return lines.joined(separator: "\n")
    }

    /// Bridge ÷ floor and bridge ÷ reference, per format.
    public static func ratios(_ rows: [Row]) -> [(name: String, value: Double, target: String)] {
        func rate(_ stage: String) -> Double { rows.first { $0.stage == stage }?.recordsPerSecond ?? 0 }
        func ratio(_ a: Double, _ b: Double) -> Double { b > 0 ? a / b : 0 }
        var out: [(String, Double, String)] = []
        for kind in ["xml", "json"] {
            let floor = min(rate("floor-\(kind)"), rate("floor-sqlite"))
            out.append(("\(kind): parse ÷ parse floor", ratio(rate("parse-\(kind)"), rate("floor-\(kind)")), ""))
            out.append(("\(kind): facts committed ÷ slower floor (parse, insert)", ratio(rate("commit-\(kind)"), floor), "≥ 0.5"))
            if rate("reference-\(kind)") > 0 {
                out.append(("\(kind): facts + projections caught up ÷ reference pipeline", ratio(rate("ingest-\(kind)"), rate("reference-\(kind)")),
                    kind == "xml" ? "≥ 5" : "≥ 1.5"))
                if rate("pg-ingest-\(kind)") > 0 {
                    out.append(("\(kind): facts + projections on PostgreSQL ÷ on SQLite", ratio(rate("pg-ingest-\(kind)"), rate("ingest-\(kind)")), ""))
                    out.append(("\(kind): facts + projections on PostgreSQL ÷ reference pipeline", ratio(rate("pg-ingest-\(kind)"), rate("reference-\(kind)")), ""))
                }
                if rate("floor-ledger-\(kind)") > 0 {
                    out.append(("\(kind): the ledger's rows alone, written by the C API ÷ reference pipeline",
                        ratio(rate("floor-ledger-\(kind)"), rate("reference-\(kind)")), "a ceiling"))
                }
            }
        }
        return out
    }

    // MARK: - Child

    /// Runs one stage in this process and returns its row (with this process's peak memory).
    public func stage(_ name: String, home: String) async throws -> Row {
        guard let manifest = IngestDataset.existing(in: work, officers: officers, edxml: edxml, json: json, seed: seed)
            ?? (try? JSONDecoder().decode(IngestDataset.Manifest.self, from: Data(contentsOf: URL(fileURLWithPath: "\(work)/manifest.json"))))
        else { throw AppError("no dataset in \(work): run kpibridge bench ingest first") }
        var row = Row(stage: name)
        // Built only by the stages that read files (500,000 paths are about 130 MB).
        lazy var xmlFiles = manifest.edxmlFiles.map { "\(work)/\($0)" }
        let tools = manifest.jsonPages.keys.sorted()
        var started = ContinuousClock.now  // set again after a stage's setup (opening the ledger, the directory)
        func withinBudget() -> Bool { started.duration(to: .now).seconds < budget }
        // JSON pages in turn from each tool, so a stage stopped by its budget has done some of each.
        lazy var interleaved = (0..<(tools.map { manifest.jsonPages[$0]!.count }.max() ?? 0)).flatMap { index in
            tools.compactMap { tool in manifest.jsonPages[tool]!.count > index ? (tool, "\(work)/\(manifest.jsonPages[tool]![index])") : nil }
        }
        switch name {
        case "floor-xml":
            row.note = "libxml2 SAX2 push parser counting elements"
            for file in xmlFiles {
                guard row.records % 100 != 0 || withinBudget() else { break }
                let data = try Data(contentsOf: URL(fileURLWithPath: file))
                row.bytes += data.count
                guard data.withUnsafeBytes(XMLElementCounter.count) != nil else { throw AppError("\(file) is not well-formed") }
                row.records += 1
            }
            row.note += Self.partial(row.records, of: xmlFiles.count)
        case "floor-json":
            row.note = "Foundation JSONSerialization, nothing kept"
            for (_, file) in interleaved where withinBudget() {
                let data = try Data(contentsOf: URL(fileURLWithPath: file))
                row.bytes += data.count
                let page = try JSONSerialization.jsonObject(with: data) as? [String: Any]
                row.records += ((page?["data"] ?? page?["items"]) as? [Any])?.count ?? 0
            }
            row.note += Self.partial(row.records, of: manifest.jsonRecordCount)
        case "floor-sqlite":
            let rows = manifest.edxmlFiles.count + manifest.jsonRecordCount
            let body = String(repeating: "x", count: 300)
            row.seconds = try SQLiteInsertFloor.run(path: "\(work)/floor.sqlite", rows: rows) { ("record-\($0)", body) }
            row.records = rows
            row.note = "raw C API, one prepared INSERT, one transaction, 300-byte rows"
        case "parse-xml", "parse-json", "map-xml", "map-json":
            let bridge = try await self.bridge(home: home, fresh: false, database: "\(work)/probe.sqlite", postgresName: "")
            started = .now
            let isXML = name.hasSuffix("xml")
            let inputs = isXML ? xmlFiles.map { ("eoffice", $0) } : interleaved
            var failed = 0
            var done: [String] = []  // their sizes are added up after the clock stops
            for (source, file) in inputs {
                guard done.count % 100 != 0 || withinBudget() else { break }
                let binding = try bridge.source(source)
                if name.hasPrefix("parse") {
                    if let records = try PipelineProbe.parse(file: file, source: binding) { row.records += records } else { failed += 1 }
                } else {
                    let outcome = try PipelineProbe.map(file: file, source: binding)
                    failed += outcome.failed
                    row.records += outcome.mapped + outcome.failed
                }
                done.append(file)
            }
            row.seconds = started.duration(to: .now).seconds
            row.bytes = Self.size(of: done)
            row.note = name.hasPrefix("parse") ? "read + SHA-256 + parse to the source tree" : "… + map to task patches"
            row.note += Self.partial(row.records, of: isXML ? xmlFiles.count : manifest.jsonRecordCount)
            if failed > 0 { row.note += "; \(failed) failed" }
        case "commit-xml", "commit-json", "ingest-xml", "ingest-json", "pg-commit-xml", "pg-commit-json", "pg-ingest-xml", "pg-ingest-json":
            // commit-*: the facts only (group commits), on their own ledger. ingest-*: the facts and then the
            // projector caught up (every task folded, every score stored) after each run of files, as `import`
            // does; its clock stops after the last projection. pg-*: the same on PostgreSQL.
            let onPostgres = name.hasPrefix("pg-")
            let facts = name.hasPrefix(onPostgres ? "pg-commit" : "commit")
            let isXML = name.hasSuffix("xml")
            let ledger = facts ? "facts" : "bridge"
            let bridge = try await self.bridge(home: home, fresh: isXML, database: onPostgres ? nil : "\(work)/\(ledger).sqlite", postgresName: "kpibridge_bench_\(ledger)")
            started = .now
            var total = CommitSummary()
            var committed: [String] = []  // their sizes are added up after the clock stops
            var projecting = Duration.zero
            func run(_ files: [String], _ source: String) throws {
                // What `import` does: the facts in group commits, then (ingest-*) the projector caught up.
                try bridge.importer.importFiles(files.map { ($0, $0) }, source: try bridge.source(source), onResult: { total.add($0.summary) },
                    afterCommit: { if !facts { projecting += try ContinuousClock().measure { total.merge(try bridge.foldTasks()) } } })
                if !facts { projecting += try ContinuousClock().measure { total.merge(try bridge.project()) } }
                committed += files
            }
            if isXML {
                for start in stride(from: 0, to: xmlFiles.count, by: 5_000) where withinBudget() {
                    try run(Array(xmlFiles[start..<min(start + 5_000, xmlFiles.count)]), "eoffice")
                }
                row.note = Self.partial(total.records, of: xmlFiles.count)
            } else {
                for start in stride(from: 0, to: interleaved.count, by: 150) where withinBudget() {
                    let chunk = interleaved[start..<min(start + 150, interleaved.count)]
                    for tool in tools {
                        let files = chunk.filter { $0.0 == tool }.map(\.1)
                        if !files.isEmpty { try run(files, tool) }
                    }
                }
                row.note = Self.partial(total.records, of: manifest.jsonRecordCount)
            }
            row.seconds = started.duration(to: .now).seconds
            row.bytes = Self.size(of: committed)
            row.records = total.records
            row.note = (facts ? "… + facts in group commits: raw bytes, records, patches, dead letters, task queue"
                : "… + facts, then the projector caught up: tasks folded, officer rows, scores stored") + row.note
            row.extra = ["new tasks": Double(total.newTasks), "updated tasks": Double(total.updatedTasks), "dead letters": Double(total.deadLetters)]
            if !facts {
                row.extra["projector s"] = projecting.seconds
                row.note += String(format: "; projector %.1f s of it", projecting.seconds)
            }
        case "floor-ledger-xml", "floor-ledger-json":
            // What the ledger keeps for the records `ingest-xml` or `ingest-json` took in, written again into an
            // empty ledger through the C API: a floor for storing these rows at all. It is below the bridge's true
            // cost — each row once (an edXML status message rewrites its task's row, and the projector rewrites a
            // score on every run that touches its officer), queues taken off in one statement, smaller trees — so a
            // rate below the reference's shows that no pipeline keeping these rows in SQLite's one writer can be
            // ahead of the reference.
            let destination = "\(work)/floor-ledger.sqlite"
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: destination + suffix) }
            _ = try LedgerStore(path: destination)
            let sources = (name.hasSuffix("xml") ? ["eoffice"] : tools).map { "'\($0)'" }.joined(separator: ", ")
            let tasks = "(SELECT key FROM temp.floor_task)"
            let officers = "(SELECT officer FROM temp.floor_officer)"
            let outcome = try LedgerWriteFloor.run(
                source: "\(work)/bridge.sqlite", destination: destination,
                setup: """
                    CREATE TEMP TABLE floor_record AS SELECT id, payload_hash FROM source_record WHERE source IN (\(sources));
                    CREATE TEMP TABLE floor_task AS SELECT DISTINCT task_key AS key FROM task_patch
                      WHERE source_record_id IN (SELECT id FROM temp.floor_record);
                    CREATE TEMP TABLE floor_officer AS SELECT DISTINCT officer FROM task_officer WHERE task_key IN \(tasks);
                    """,
                counting: "SELECT count(*) FROM temp.floor_record",
                parts: [
                    .init(table: "payload", select: "SELECT * FROM payload WHERE hash IN (SELECT payload_hash FROM temp.floor_record)"),
                    .init(table: "payload_chunk", select: "SELECT * FROM payload_chunk WHERE hash IN (SELECT payload_hash FROM temp.floor_record)"),
                    .init(table: "source_record", select: "SELECT * FROM source_record WHERE id IN (SELECT id FROM temp.floor_record)"),
                    .init(table: "task_patch", select: "SELECT * FROM task_patch WHERE source_record_id IN (SELECT id FROM temp.floor_record)"),
                    .init(table: "task_dirty", select: "SELECT key, 'floor' FROM temp.floor_task", transient: true),
                    .init(table: "task", select: "SELECT * FROM task WHERE key IN \(tasks)"),
                ] + ["task_revision", "task_officer", "task_match"].map { .init(table: $0, select: "SELECT * FROM \($0) WHERE task_key IN \(tasks)") } + [
                    .init(table: "conflict", select: "SELECT * FROM conflict WHERE task_a IN \(tasks) OR task_b IN \(tasks)"),
                    .init(table: "score_dirty", select: "SELECT officer, period FROM score WHERE officer IN \(officers)", transient: true),
                    .init(table: "score", select: "SELECT * FROM score WHERE officer IN \(officers)"),
                ])
            row.records = outcome.records
            row.seconds = outcome.seconds
            row.extra["rows"] = Double(outcome.rows)
            for (table, seconds) in outcome.tables { row.extra["\(table) s"] = seconds }
            row.note = "the \(outcome.rows) rows ingest-\(name.hasSuffix("xml") ? "xml" : "json") kept for its records (facts, projections, "
                + "queue entries), C API, one transaction"
        case "scoring":
            let bridge = try await self.bridge(home: home, fresh: false, database: "\(work)/bridge.sqlite", postgresName: "")
            let now = Timestamp(iso8601: "2026-06-30T12:00:00+07:00")!
            let full = try ContinuousClock().measure { row.records = try bridge.rebuild(at: now).movedScores.count }
            row.extra["rebuild s"] = full.seconds
            row.extra["incremental p50 ms"] = 0
            let latencies = try incrementalLatencies(bridge, manifest: manifest)
            row.extra["incremental p50 ms"] = latencies[latencies.count / 2]
            row.extra["incremental p99 ms"] = latencies[min(latencies.count - 1, latencies.count * 99 / 100)]
            row.note = String(format: "rebuild of every projection %.1f s (%d scores); one record changed, committed, folded, re-scored: p50 %.1f ms, p99 %.1f ms",
                full.seconds, row.records, row.extra["incremental p50 ms"]!, row.extra["incremental p99 ms"]!)
            row.seconds = full.seconds
        case "http":
            let world = SimulatedWorld(scale: httpOfficers, seed: seed)
            let (port, _, task) = try await SimulatorSetup.start(world: world)
            defer { task.cancel() }
            let path = "\(work)/http.sqlite"
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            var configuration = try SimulatorSetup.configuration(port: port, home: home)
            for index in configuration.sources.indices { configuration.sources[index].rate = 100_000 }  // loopback: no politeness
            let bridge = try Bridge(configuration: configuration, databasePath: path)
            let summaries = try await bridge.sync(environment: SimulatorSetup.environment)
            if let failure = summaries.compactMap(\.failure).first { throw AppError(failure) }
            row.records = summaries.reduce(0) { $0 + $1.commits.records }
            row.extra["requests"] = Double(summaries.reduce(0) { $0 + $1.requests })
            row.note = "sync of a \(httpOfficers)-officer simulator on loopback (same process), all four sources"
        default:
            throw AppError("unknown stage '\(name)' (one of \(Self.stages.joined(separator: ", ")))")
        }
        if row.seconds == 0 { row.seconds = started.duration(to: .now).seconds }
        row.peakMB = Self.peakMegabytes()
        return row
    }

    /// One record of a Party page changed and re-imported, `changes` times: commit plus re-scoring, in ms.
    private func incrementalLatencies(_ bridge: Bridge, manifest: IngestDataset.Manifest) throws -> [Double] {
        guard let first = manifest.jsonPages["party"]?.first else { throw AppError("the dataset has no Party pages") }
        let page = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(work)/\(first)"))) as! [String: Any]
        let items = page["items"] as! [[String: Any]]
        var latencies: [Double] = []
        for change in -1..<changes {  // the first, untimed, warms the directory and statement caches
            var item = items[(change + items.count) % items.count]
            let at = Timestamp(iso8601: "2026-06-20T08:00:00+07:00")!.millis + Int64(change) * 60_000
            item["updatedAt"] = Timestamp(millis: at).description
            item["status"] = change % 2 == 0 ? "completed" : "in_progress"
            item["completedAt"] = Timestamp(millis: at).description
            let file = "\(work)/change.json"
            try JSONSerialization.data(withJSONObject: ["items": [item], "nextCursor": NSNull()]).write(to: URL(fileURLWithPath: file))
            let elapsed = try ContinuousClock().measure { _ = try bridge.importFiles([file], source: "party") }.seconds * 1000
            if change >= 0 { latencies.append(elapsed) }
        }
        return latencies.sorted()
    }
}
