import BridgeApp
import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeScoring
import BridgeTesting
import Foundation
import Testing

/// Stored scores are kept current commit by commit; a full recomputation must give identical numbers.
struct IncrementalScoreTests {
    static let now = Timestamp(iso8601: "2026-05-15T12:00:00+07:00")!
    static let officers = ["a", "b", "c", "d", "e", "f"]

    static func store(_ dir: TemporaryDirectory, coordinatorShare: String) throws -> SQLiteLedgerStore {
        var policy = ScoringPolicy()
        policy.coordinatorShare = Rational(decimal: coordinatorShare)!
        let catalog = ProductCatalog(products: ["big": .init(coefficient: Rational(decimal: "2.5")!)])
        return try SQLiteLedgerStore(path: dir.file("l.sqlite"), deriver: ScoreBook(scorer: Scorer(policy: policy, catalog: catalog)))
    }

    /// One random change to one task, as a source record would bring it.
    static func randomPatch(_ n: Int, using g: inout SeededGenerator) -> TaskPatch {
        let key = TaskKey("task-\(Int.random(in: 0..<25, using: &g))")
        let ref = RecordRef(source: "s", recordId: "r\(n)", recordVersion: "1", payloadHash: hash(n), mappingId: "m", mappingVersion: 1)
        func day(_ g: inout SeededGenerator) -> Timestamp {
            Timestamp(millis: Timestamp(iso8601: "2026-01-01T00:00:00+07:00")!.millis + Int64.random(in: 0..<(150 * 86_400_000), using: &g))
        }
        func person(_ g: inout SeededGenerator) -> PersonRef {
            PersonRef(namespace: "email", id: officers.randomElement(using: &g)!, name: nil)
        }
        var patch = TaskPatch(taskKey: key, record: ref, sourceTime: day(&g))
        switch Int.random(in: 0..<8, using: &g) {
        case 0: patch.fields[.mainHandler] = .person(person(&g))
        case 1: patch.fields[.dueAt] = .time(day(&g))
        case 2: patch.status = StatusChange(code: "done", status: .completed, rank: 6)
        case 3: patch.status = StatusChange(code: "cancel", status: .cancelled, rank: 90)
        case 4: patch.status = StatusChange(code: "back", status: .returned, rank: 2, reopens: true)
        case 5: patch.fields[.coordinators] = .people([person(&g), person(&g)])
        case 6: patch.fields[.productType] = .text(Bool.random(using: &g) ? "big" : "small")
        default:
            patch.fields[.mainHandler] = .person(person(&g))
            patch.fields[.dueAt] = .time(day(&g))
            patch.status = StatusChange(code: "work", status: .inProgress, rank: 5)
        }
        return patch
    }

    static func hash(_ n: Int) -> String {
        let hex = String(n, radix: 16)
        return String(repeating: "0", count: 64 - hex.count) + hex
    }

    static func commit(_ patch: TaskPatch, to store: SQLiteLedgerStore, n: Int) throws {
        let batch = IngestBatch(
            source: "s", origin: "op \(n)", payload: .init(hash: hash(n), size: 1) { body in try body(Data("x".utf8)) },
            entries: [.mapped(refs: [patch.record], patches: [patch])], receivedAt: now)
        _ = try store.commit(batch)
    }

    static func allStored(_ store: SQLiteLedgerStore) throws -> [String: String] {
        var out: [String: String] = [:]
        for period in ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-Q1", "2026-Q2", "2026"] {
            for (officer, body) in try store.storedScores(period: period) { out["\(officer) \(period)"] = body }
        }
        return out
    }

    @Test(arguments: [(1, "0"), (2, "0.5"), (3, "0"), (4, "0.3")])
    func incrementalScoresEqualAFullRecomputation(seed: Int, coordinatorShare: String) throws {
        let dir = try TemporaryDirectory()
        let store = try Self.store(dir, coordinatorShare: coordinatorShare)
        var generator = SeededGenerator(seed: UInt64(seed))
        for n in 1...160 {
            try Self.commit(Self.randomPatch(n, using: &generator), to: store, n: n)
            if n % 40 == 0 {
                let incremental = try Self.allStored(store)
                #expect(!incremental.isEmpty)
                try store.recomputeScores(at: Self.now)
                #expect(try Self.allStored(store) == incremental, "after \(n) changes")
            }
        }
    }

    @Test func storedScoresMatchTheLiveReport() throws {
        let dir = try TemporaryDirectory()
        let store = try Self.store(dir, coordinatorShare: "0")
        var generator = SeededGenerator(seed: 9)
        for n in 1...120 { try Self.commit(Self.randomPatch(n, using: &generator), to: store, n: n) }
        let book = ScoreBook(scorer: Scorer(catalog: ProductCatalog(products: ["big": .init(coefficient: Rational(decimal: "2.5")!)])))
        let period = Period("2026-03")!
        let live = book.report(period: period, tasksByOfficer: try store.tasksByOfficer(), assessments: [:], at: Self.now)
        let stored = try store.storedScores(period: "2026-03")
        #expect(Set(stored.keys) == Set(live.map(\.profile.officer)))
        let decoder = JSONDecoder()
        for score in live {
            let row = try decoder.decode(ScoreRow.self, from: Data(try #require(stored[score.profile.officer]).utf8))
            #expect(row == ScoreRow(score))
        }
    }
}
