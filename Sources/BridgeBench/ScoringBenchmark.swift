import BridgeApp
import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeScoring
import Foundation

/// `kpibridge bench scoring`: full recomputation and incremental latency on a generated province.
public struct ScoringBenchmark: Sendable {
    public var officers = 2_000
    public var tasks = 200_000
    public var changes = 200
    public var seed: UInt64 = 2026

    public init() {}

    /// One measured figure.
    public struct Figure: Codable, Sendable {
        public let name: String
        public let value: Double
        public let unit: String
    }

    /// Builds the dataset in a fresh ledger at `databasePath` and measures; `progress` gets one line per step.
    public func run(databasePath: String, scorer: Scorer, progress: (String) -> Void) throws -> [Figure] {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: databasePath + suffix) }
        let book = ScoreBook(scorer: scorer)
        // The bulk load appends facts only; the projector then folds and scores them, and is timed on its own.
        let loader = try LedgerStore(path: databasePath)
        let now = Timestamp(iso8601: "2026-12-31T12:00:00+07:00")!
        var generator = SeededGenerator(seed: seed)
        var figures: [Figure] = []
        let clock = ContinuousClock()

        // Load: tasks arrive in pages of 5,000 patches, each page one transaction.
        var n = 0
        let load = try clock.measure {
            for page in stride(from: 0, to: tasks, by: 5_000) {
                let patches = (page..<min(page + 5_000, tasks)).map { taskPatch(index: $0, revision: 0, generator: &generator) }
                n += 1
                _ = try loader.facts.commit(batch(patches, n: n, at: now))
            }
        }
        figures.append(Figure(name: "load \(tasks) tasks (pages of 5,000: facts only)", value: load.seconds, unit: "s"))
        progress("loaded \(tasks) tasks for \(officers) officers in \(format(load.seconds)) s")
        let store = loader
        let projector = Projector(store: store, scoreBook: book)
        let first = try clock.measure { try projector.run(at: now, cause: "bench") }
        figures.append(Figure(name: "projector catching up: every task folded, every score stored", value: first.seconds, unit: "s"))
        progress("projections caught up in \(format(first.seconds)) s")

        let full = try clock.measure { try projector.rebuild(at: now) }
        figures.append(Figure(name: "rebuild (every projection from the facts: tasks, officer rows, scores)", value: full.seconds, unit: "s"))
        progress("rebuild in \(format(full.seconds)) s")

        let grouped = try store.tasks.byOfficer()
        let period = Period("2026-06")!
        let pure = clock.measure { _ = book.report(period: period, tasksByOfficer: grouped, assessments: [:], at: now) }
        figures.append(Figure(name: "one period for every officer (pure scoring, tasks in memory)", value: pure.seconds * 1000, unit: "ms"))

        var latencies: [Double] = []
        for change in 0..<changes {
            let index = Int.random(in: 0..<tasks, using: &generator)
            let patch = taskPatch(index: index, revision: change + 1, generator: &generator)
            n += 1
            let b = batch([patch], n: n, at: now)
            latencies.append(try clock.measure {
                _ = try store.facts.commit(b)
                try projector.run(at: now, cause: "bench")
            }.seconds * 1000)
        }
        latencies.sort()
        let p50 = latencies[latencies.count / 2]
        let p99 = latencies[min(latencies.count - 1, Int(Double(latencies.count) * 0.99))]
        figures.append(Figure(name: "one task change, committed, folded and re-scored: p50", value: p50, unit: "ms"))
        figures.append(Figure(name: "one task change, committed, folded and re-scored: p99", value: p99, unit: "ms"))
        progress("incremental update: p50 \(format(p50)) ms, p99 \(format(p99)) ms over \(changes) changes")
        return figures
    }

    private func batch(_ patches: [TaskPatch], n: Int, at now: Timestamp) -> IngestBatch {
        let hex = String(n, radix: 16)
        let hash = String(repeating: "0", count: 64 - hex.count) + hex
        let stamped = patches.map { patch -> TaskPatch in
            var p = patch
            p.record.payloadHash = hash
            return p
        }
        let bytes = Data("benchmark page \(n)".utf8)
        return IngestBatch(
            source: "bench", origin: "bench page \(n)", payload: .init(hash: hash, size: bytes.count) { body in try body(bytes) },
            entries: [.mapped(refs: stamped.map(\.record), patches: stamped)], receivedAt: now)
    }

    /// A task of the generated province: due dates over 2026, most done, some late, some with errors.
    private func taskPatch(index: Int, revision: Int, generator g: inout SeededGenerator) -> TaskPatch {
        let officer = index % officers
        let ref = RecordRef(source: "bench", recordId: "t\(index)#\(revision)", recordVersion: "\(revision)", payloadHash: "", mappingId: "bench", mappingVersion: 1)
        let start = Timestamp(iso8601: "2026-01-01T00:00:00+07:00")!.millis
        let due = Timestamp(millis: start + Int64.random(in: 0..<(364 * 86_400_000), using: &g))
        var fields: [TaskField: FieldValue] = [
            .mainHandler: .person(PersonRef(namespace: "staff", id: "o\(officer)", name: "Cán bộ \(officer)")),
            .dueAt: .time(due), .unit: .text("unit-\(officer / 20)"), .agency: .text("agency-\(officer / 200)"),
            .productType: .text(["Công văn", "Báo cáo", "Kế hoạch", "Đề án"][Int.random(in: 0..<4, using: &g)]),
        ]
        if Int.random(in: 0..<5, using: &g) == 0 {
            fields[.coordinators] = .people([PersonRef(namespace: "staff", id: "o\((officer + 1) % officers)", name: nil)])
        }
        var status: StatusChange?
        if Int.random(in: 0..<10, using: &g) < 8 {
            let late = Int.random(in: 0..<6, using: &g) == 0
            fields[.completedAt] = .time(Timestamp(millis: due.millis + (late ? 1 : -1) * Int64.random(in: 1..<(5 * 86_400_000), using: &g)))
            status = StatusChange(code: "done", status: .completed, rank: 6 + revision)
        }
        return TaskPatch(
            taskKey: TaskKey("bench-\(index)"), record: ref, sourceTime: Timestamp(millis: start + Int64(revision)), fields: fields,
            status: status, majorErrors: Int.random(in: 0..<12, using: &g) == 0 ? ["e\(index)"] : [])
    }

    private func format(_ value: Double) -> String { String(format: "%.2f", value) }
}
