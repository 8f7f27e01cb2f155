import BridgeApp
import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeScoring
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

/// The projections are a function of the facts: any interleaving of imports from two systems that track some
/// of the same documents, group commits, assessments, directory changes, reconciliation decisions, projector
/// runs, rebuilds and crashes (a projector transaction abandoned midway, a run or a rebuild stopped between its
/// transactions) ends, once the projector has caught up, equal to `rebuild` from the facts alone — units of
/// work and the conflict queue included.
struct ProjectionPropertyTests {
    static let now = Timestamp(iso8601: "2026-05-15T12:00:00+07:00")!
    static let officers = ["a", "b", "c", "d", "e", "f"]
    static let periods = ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-Q1", "2026-Q2", "2026"]

    static func projector(_ store: LedgerStore, coordinatorShare: String) throws -> Projector {
        var policy = ScoringPolicy()
        policy.coordinatorShare = Rational(decimal: coordinatorShare)!
        let catalog = ProductCatalog(products: ["big": .init(coefficient: Rational(decimal: "2.5")!)])
        var projector = Projector(store: store, scoreBook: ScoreBook(scorer: Scorer(policy: policy, catalog: catalog)))
        projector.taskBatch = 4
        projector.scoreBatch = 5
        projector.parallelFrom = 2  // every batch folds and scores on every core, as a province's does
        return projector
    }

    /// The two systems: `s` keys its tasks `task-N`, `t` keys them `peer-N`.
    static func key(_ source: String, _ n: Int) -> TaskKey { TaskKey(source == "s" ? "task-\(n)" : "peer-\(n)") }

    /// One random change to one task of `source`, as a source record would bring it.
    static func randomPatch(_ n: Int, source: String = "s", using g: inout SeededGenerator) -> TaskPatch {
        let key = key(source, Int.random(in: 0..<25, using: &g))
        let ref = RecordRef(source: source, recordId: "r\(n)", recordVersion: "1", payloadHash: hash(n), mappingId: "m", mappingVersion: 1)
        func day(_ g: inout SeededGenerator) -> Timestamp {
            Timestamp(millis: Timestamp(iso8601: "2026-01-01T00:00:00+07:00")!.millis + Int64.random(in: 0..<(150 * 86_400_000), using: &g))
        }
        func person(_ g: inout SeededGenerator) -> PersonRef {
            PersonRef(namespace: "email", id: officers.randomElement(using: &g)!, name: nil)
        }
        var patch = TaskPatch(taskKey: key, record: ref, sourceTime: day(&g))
        switch Int.random(in: 0..<12, using: &g) {
        case 8..<12:  // the document it handles: a few numbers, spellings, days and titles, so systems meet
            let number = Int.random(in: 1...4, using: &g)
            patch.fields[.agency] = .text(Bool.random(using: &g) ? "A" : "B")
            patch.fields[.number] = .text(Int.random(in: 0..<4, using: &g) == 0 ? "Số \(number)/UBND VP" : "\(number)/UBND-VP")
            patch.fields[.promulgationDate] = .day(CalendarDay(year: 2026, month: 3, day: Int.random(in: 1...2, using: &g))!)
            patch.fields[.title] = .text(["Về việc cải cách hành chính", "Báo cáo kết quả quý một", "Kế hoạch chuyển đổi số"].randomElement(using: &g)!)
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

    static func batch(_ patches: [TaskPatch], n: Int, source: String = "s") -> IngestBatch {
        let stamped = patches.map { patch -> TaskPatch in
            var p = patch
            p.record.payloadHash = hash(n)
            return p
        }
        return IngestBatch(
            source: source, origin: "op \(n)", payload: .init(hash: hash(n), size: 1) { body in try body(Data("x".utf8)) },
            entries: [.mapped(refs: stamped.map(\.record), patches: stamped)], receivedAt: now)
    }

    /// Everything the projections hold: tasks, who each names (officer rows), stored scores of every period.
    struct Image: Equatable {
        let tasks: String
        let officerRows: [String: [String]]
        let scores: [String: String]
        let conflicts: [Conflict]

        init(_ store: LedgerStore) throws {
            tasks = try UnifiedTask.listJSON(try store.tasks.list(TaskFilter()))
            conflicts = try store.reconcile.conflicts()
            officerRows = try store.tasks.byOfficer().mapValues { $0.map(\.key.rawValue) }
            var scores: [String: String] = [:]
            for period in ProjectionPropertyTests.periods {
                for (officer, body) in try store.scores.stored(period: period) { scores["\(officer) \(period)"] = body }
            }
            self.scores = scores
        }
    }

    struct Crash: Error {}

    /// The conflicts only one side has, or has differently, in a line each (the full values are long).
    static func difference(_ a: [Conflict], _ b: [Conflict]) -> String {
        func line(_ c: Conflict) -> String {
            "\(c.id) \(c.kind.rawValue) \(c.state.rawValue) \(c.task?.rawValue ?? "-") \(c.other?.rawValue ?? "-") \(c.subject ?? "-") \(c.sides.map { "\($0.task)=\($0.value)" })"
        }
        let (left, right) = (Set(a.map(line)), Set(b.map(line)))
        return "rebuild only: \(left.subtracting(right).sorted()) incremental only: \(right.subtracting(left).sorted())"
    }

    /// A directory that claims some of the raw accounts (`email:a` → `id-a`), chosen at random.
    static func randomDirectory(using g: inout SeededGenerator) throws -> [Directory.Officer] {
        officers.filter { _ in Bool.random(using: &g) }.map {
            Directory.Officer(id: "id-\($0)", name: "Cán bộ \($0)", unit: "unit-\($0 < "d" ? 1 : 2)", accounts: ["email": [$0]])
        }
    }

    @Test(arguments: TestLedger.available, [(1, "0"), (2, "0.5"), (3, "0"), (4, "0.3"), (5, "0"), (6, "0.5")])
    func randomInterleavingsWithCrashesEqualARebuild(ledger: TestLedger, run: (seed: Int, coordinatorShare: String)) async throws {
        try await ledger.withStore(in: try TemporaryDirectory()) { store in
            _ = try Self.interleave(store, seed: run.seed, coordinatorShare: run.coordinatorShare)
        }
    }

    /// The same facts give the same projections on SQLite and on PostgreSQL: tasks, officer rows, scores and conflicts.
    @Test(.enabled(if: PostgresTestServer.isAvailable, "KPIBRIDGE_TEST_POSTGRES names no server"))
    func bothStoresProjectTheSameInterleavingAlike() async throws {
        let dir = try TemporaryDirectory()
        let sqlite = try await TestLedger.sqlite.withStore(in: dir) { try Self.interleave($0, seed: 7, coordinatorShare: "0.5") }
        let postgres = try await TestLedger.postgres.withStore(in: dir) { try Self.interleave($0, seed: 7, coordinatorShare: "0.5") }
        #expect(postgres.tasks == sqlite.tasks)
        #expect(postgres.officerRows == sqlite.officerRows)
        #expect(postgres.scores == sqlite.scores)
        #expect(postgres.conflicts == sqlite.conflicts, "\(Self.difference(postgres.conflicts, sqlite.conflicts))")
    }

    /// 120 random steps on `store` (see the type's comment), the projector caught up, checked against a rebuild;
    /// returns the projections.
    static func interleave(_ store: LedgerStore, seed: Int, coordinatorShare: String) throws -> Image {
        let projector = try Self.projector(store, coordinatorShare: coordinatorShare)
        var g = SeededGenerator(seed: UInt64(seed))
        var n = 0
        for step in 0..<120 {
            switch Int.random(in: 0..<22, using: &g) {
            case 0..<9:  // one payload, or a group commit of several, some of them re-sent
                let group = (0..<Int.random(in: 1...4, using: &g)).map { _ -> IngestBatch in
                    n += 1
                    let again = n > 3 && Int.random(in: 0..<6, using: &g) == 0
                    let number = again ? Int.random(in: 1..<n, using: &g) : n
                    var inner = SeededGenerator(seed: UInt64(number) * 7919)
                    let source = Bool.random(using: &inner) ? "s" : "t"
                    return Self.batch(
                        (0..<Int.random(in: 1...3, using: &inner)).map { Self.randomPatch(number * 10 + $0, source: source, using: &inner) }, n: number,
                        source: source)
                }
                for result in try store.facts.commit(group: group) { _ = try result.get() }
            case 9..<12:
                try projector.run(at: Self.now, cause: "run \(step)")
            case 12..<14:  // a crash inside a projector transaction: nothing of it stays
                #expect(throws: Crash.self) {
                    try store.write { tx in
                        var summary = ProjectionSummary()
                        _ = try projector.projectTasks(tx, limit: 3, at: Self.now, into: &summary)
                        _ = try projector.projectScores(tx, limit: 3, at: Self.now, cause: "crash", into: &summary)
                        throw Crash()
                    }
                }
            case 14..<16:  // a run killed between its transactions: part of the queue done
                try store.write { tx in
                    var summary = ProjectionSummary()
                    _ = try projector.projectTasks(tx, limit: 2, at: Self.now, into: &summary)
                }
            case 18:  // a rebuild killed after its first transaction, or part way through its queue
                try projector.startRebuild()
                if Bool.random(using: &g) {
                    try store.write { tx in
                        var summary = ProjectionSummary()
                        _ = try projector.projectTasks(tx, limit: 3, at: Self.now, into: &summary)
                    }
                }
            case 19:  // an admin's decision: link, unlink, choose, override or accept
                let a = Self.key("s", Int.random(in: 0..<25, using: &g))
                let b = Self.key("t", Int.random(in: 0..<25, using: &g))
                let field = ["status", "mainHandler", "dueAt"].randomElement(using: &g)!
                let decision: ReconcileDecision
                switch Int.random(in: 0..<5, using: &g) {
                case 0: decision = ReconcileDecision(action: .link, task: a, other: b, actor: "admin", reason: "same", at: Self.now)
                case 1: decision = ReconcileDecision(action: .unlink, task: a, other: b, actor: "admin", reason: "apart", at: Self.now)
                case 2: decision = ReconcileDecision(action: .choose, task: a, field: field, source: Bool.random(using: &g) ? "s" : "t", evidence: "e", actor: "admin", reason: "r", at: Self.now)
                case 3: decision = ReconcileDecision(action: .override, task: b, field: "status", value: "completed", evidence: "t=completed", actor: "admin", reason: "r", at: Self.now)
                default: decision = ReconcileDecision(action: .accept, task: a, field: field, evidence: "s=x", actor: "admin", reason: "r", at: Self.now)
                }
                try store.write { tx in _ = try ReconcileStore.record(tx, decision) }
            case 16..<18:
                let officer = Self.officers.randomElement(using: &g)!
                let period = Self.periods.randomElement(using: &g)!
                let points = Bool.random(using: &g) ? "\(Int.random(in: 0...30, using: &g)).5" : nil
                try store.scores.importAssessments(
                    [StoredAssessment(officer: "email:\(officer)", period: period, generalPoints: points, sanction: Int.random(in: 0..<5, using: &g) == 0)],
                    origin: "a.csv", actor: "test", at: Self.now)
            default:
                try store.directory.replace(try Self.randomDirectory(using: &g), origin: "d.yml", actor: "test", at: Self.now)
            }
        }
        let linked = try store.tasks.list(TaskFilter()).filter { ($0.link?.members.count ?? 0) > 1 }.count
        #expect(linked > 0, "no unit of work formed: linking would go untested")
        try projector.run(at: Self.now, cause: "end")
        #expect(try store.facts.queued() == (0, 0))
        let incremental = try Image(store)
        #expect(!incremental.scores.isEmpty)
        try projector.rebuild(at: Self.now)
        let rebuilt = try Image(store)
        #expect(rebuilt.tasks == incremental.tasks)
        #expect(rebuilt.officerRows == incremental.officerRows)
        #expect(rebuilt.scores == incremental.scores)
        #expect(rebuilt.conflicts == incremental.conflicts, "\(Self.difference(rebuilt.conflicts, incremental.conflicts))")
        // Running the projector again changes nothing: it is idempotent.
        let again = try projector.run(at: Self.now, cause: "again")
        #expect(again.changedTasks.isEmpty && again.movedScores.isEmpty)
        return rebuilt
    }

    @Test(arguments: TestLedger.available)
    func storedScoresMatchTheLiveReport(ledger: TestLedger) async throws {
        try await ledger.withStore(in: try TemporaryDirectory()) { store in try Self.scoresMatchTheLiveReport(store) }
    }

    static func scoresMatchTheLiveReport(_ store: LedgerStore) throws {
        let projector = try Self.projector(store, coordinatorShare: "0")
        var generator = SeededGenerator(seed: 9)
        for n in 1...120 {
            _ = try projector.store.facts.commit(Self.batch([Self.randomPatch(n, using: &generator)], n: n))
            if n % 30 == 0 { try projector.run(at: Self.now, cause: "test") }
        }
        let book = projector.scoreBook
        let period = Period("2026-03")!
        let live = book.report(period: period, tasksByOfficer: try projector.store.tasks.byOfficer(), assessments: [:], at: Self.now)
        let stored = try projector.store.scores.stored(period: "2026-03")
        #expect(Set(stored.keys) == Set(live.map(\.profile.officer)))
        let decoder = JSONDecoder()
        for score in live {
            let row = try decoder.decode(ScoreRow.self, from: Data(try #require(stored[score.profile.officer]).utf8))
            #expect(row == ScoreRow(score))
        }
    }
}
