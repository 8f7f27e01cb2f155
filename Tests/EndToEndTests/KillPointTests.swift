import BridgeApp
import BridgeDemo
import BridgeLedger
import BridgeModel
import BridgeSimulator
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

/// A real `kpibridge` process killed with SIGKILL at random commit boundaries (inside a payload's transaction,
/// before COMMIT, after COMMIT before going on), restarted, and finished: the ledger equals an uninterrupted run.
@Suite(.serialized)
struct KillPointTests {
    /// Everything the ledger holds that a kill could damage: tasks, row counts, stored scores, dead letters.
    struct LedgerImage: Equatable, CustomStringConvertible {
        let tasks: String
        let counts: [String: Int]
        let scores: [String]
        let deadLetters: [String]

        init(_ path: String) throws {
            try self.init(try LedgerStore(path: path, options: .init(readOnly: true)))
        }

        init(_ store: LedgerStore) throws {
            tasks = try UnifiedTask.listJSON(try store.tasks.list(TaskFilter()))
            counts = try store.counts().filter { $0.key != "audit" }
            scores = try ["2026", "2026-Q1", "2026-Q2", "2026-03", "2026-04", "2026-05"].flatMap { period in
                try store.scores.stored(period: period).map { "\(period) \($0.key) \($0.value)" }
            }.sorted()
            deadLetters = try store.deadLetters.list(includeResolved: true)
                .map { "\($0.source) \($0.payloadHash) \($0.recordId ?? "") \($0.failureClass) \($0.reason) \($0.resolvedAt != nil)" }.sorted()
        }

        var description: String { "\(counts) tasks \(tasks.count) bytes, \(scores.count) scores, \(deadLetters.count) dead letters" }
    }

    static func imports(config: String, database: String) throws -> [[String]] {
        let home = Fixtures.home
        return [
            ["import", "--config", config, "--database", database, "--source", "eoffice-hub"] + (try Fixtures.eofficeSamples()),
            ["import", "--config", config, "--database", database, "--source", "ioffice", "\(home)/Samples/ioffice/page-1.json"],
            ["import", "--config", config, "--database", database, "--source", "party", "\(home)/Samples/party/page-1.json"],
            ["import", "--config", config, "--database", database, "--source", "mass", "\(home)/Samples/mass/page-1.json"],
        ]
    }

    /// Small groups and small projector transactions, so that a run crosses many commit boundaries.
    static let ledgerSettings = "ledger: { groupPayloads: 10, projectorTasks: 3, projectorScores: 4 }\n"

    /// A kill at a random point, the N-th time the run reaches it: `payloads` bounds the payload points (one per
    /// payload), `groups` the group commit's points, `projector` the projector's.
    static func randomKill(
        _ rng: inout SeededGenerator, among points: [KillPoint] = KillPoint.allCases, payloads: Int, groups: Int, projector: Int = 6
    ) -> [String: String] {
        let point = points.randomElement(using: &rng)!
        let bound = switch point {
        case .payloadStored: payloads
        case .beforeCommit, .afterCommit: groups
        case .projectorBatch, .projectorCommitted: projector
        }
        return [KillPoint.variable: "\(point.rawValue):\(Int.random(in: 1...max(1, bound), using: &rng))"]
    }

    static func config(_ dir: TemporaryDirectory) throws -> String {
        let config = dir.file("kpibridge.yml")
        try (SimulatorSetup.configYAML(port: 9, home: Fixtures.home) + ledgerSettings).write(toFile: config, atomically: true, encoding: .utf8)
        return config
    }

    /// On either store, against a reference on SQLite: the same facts give the same ledger.
    @Test(arguments: TestLedger.available)
    func importKilledAtThirtyRandomCommitBoundariesEqualsAnUninterruptedImport(ledger: TestLedger) async throws {
        let dir = try TemporaryDirectory()
        let config = try Self.config(dir)
        let reference = dir.file("reference.sqlite")
        for command in try Self.imports(config: config, database: reference) { _ = try await CommandRunner.run(command) }
        let expected = try LedgerImage(reference)
        try await ledger.withStore(in: try TemporaryDirectory()) { store, killed in
            try await Self.killImports(config: config, killed: killed)
            #expect(expected.counts["task"]! > 20 && expected.counts["dead_letter"]! > 0)
            let image = try LedgerImage(store)
            #expect(image == expected)
        }
    }

    static func killImports(config: String, killed: String) async throws {
        var rng = SeededGenerator(seed: 335)
        var kills = 0
        for _ in 0..<30 {
            // Each attempt runs the four imports from the start, as an operator would after a crash; one of them dies.
            let commands = try Self.imports(config: config, database: killed)
            let victim = Int.random(in: 0..<commands.count, using: &rng)
            for (index, command) in commands.enumerated() {
                let files = command.count - 7
                // The facts' points only: a run whose facts are all in has no projector work left to be killed in
                // (the projector has its own test below).
                let env = index == victim
                    ? Self.randomKill(&rng, among: [.payloadStored, .beforeCommit, .afterCommit], payloads: files, groups: (files + 9) / 10) : [:]
                if try await CommandRunner.run(command, environment: env) == .killed(SIGKILL) { kills += 1; break }
            }
        }
        #expect(kills == 30)
        for command in try Self.imports(config: config, database: killed) { _ = try await CommandRunner.run(command) }
    }

    @Test(arguments: TestLedger.available)
    func projectorKilledMidBatchTwentyTimesEndsEqualToAnUninterruptedRun(ledger: TestLedger) async throws {
        let dir = try TemporaryDirectory()
        let config = try Self.config(dir)
        // Each attempt imports every source and then the directory, which queues every task and score again: the
        // projector always has work, and the kill lands inside or between its transactions.
        func commands(_ database: String) throws -> [[String]] {
            try Self.imports(config: config, database: database)
                + [["directory", "import", "--config", config, "--database", database, "\(Fixtures.home)/Samples/directory.yml"]]
        }
        let reference = dir.file("reference.sqlite")
        for command in try commands(reference) { await #expect(try CommandRunner.run(command) == .exited(0)) }

        let expected = try LedgerImage(reference)
        try await ledger.withStore(in: try TemporaryDirectory()) { store, killed in
            var rng = SeededGenerator(seed: 12)
            var kills = 0
            for _ in 0..<20 {
                let env = Self.randomKill(&rng, among: [.projectorBatch, .projectorCommitted], payloads: 1, groups: 1, projector: 6)
                for (index, command) in try commands(killed).enumerated() {
                    let ending = try await CommandRunner.run(command, environment: index == 4 ? env : [:])
                    if ending == .killed(SIGKILL) { kills += 1 }
                }
            }
            #expect(kills == 20)
            for command in try commands(killed) {
                let ending = try await CommandRunner.run(command)
                #expect(ending == .exited(0))
            }
            let queued = try store.facts.queued()
            #expect(queued == (tasks: 0, scores: 0))
            let image = try LedgerImage(store)
            #expect(image == expected)
        }
    }

    @Test(arguments: TestLedger.available)
    func syncKilledAtRandomCommitBoundariesEqualsTheTruthAndAnUninterruptedSync(ledger: TestLedger) async throws {
        let dir = try TemporaryDirectory()
        // Two simulators of the same world: the hub forgets what is acknowledged, so each run needs its own.
        let (refPort, _, refTask) = try await SimulatorSetup.start(world: SimulatedWorld(scale: 120, seed: 9))
        defer { refTask.cancel() }
        let world = SimulatedWorld(scale: 120, seed: 9)
        let (port, _, task) = try await SimulatorSetup.start(world: world)
        defer { task.cancel() }
        let refConfig = try dir.write("ref.yml", Array((SimulatorSetup.configYAML(port: refPort, home: Fixtures.home) + Self.ledgerSettings).utf8))
        let config = try dir.write("kpibridge.yml", Array((SimulatorSetup.configYAML(port: port, home: Fixtures.home) + Self.ledgerSettings).utf8))
        let env = SimulatorSetup.environment

        let reference = dir.file("reference.sqlite")
        await #expect(try CommandRunner.run(["sync", "--config", refConfig, "--database", reference], environment: env) == .exited(0))

        let expected = try LedgerImage(reference)
        try await ledger.withStore(in: try TemporaryDirectory()) { store, killed in
            var rng = SeededGenerator(seed: 2025)
            var kills = 0
            var attempts = 0
            // Early kills land within the first commits, so every attempt dies until the sync has little left to do.
            // The sources' passes run side by side and one projection follows them all, so a projector kill point
            // lets every fact in first: the first twenty kills are at the facts' commit boundaries, the last five
            // anywhere.
            while kills < 25 && attempts < 150 {
                attempts += 1
                let points: [KillPoint] = kills < 20 ? [.payloadStored, .beforeCommit, .afterCommit] : KillPoint.allCases
                let ending = try await CommandRunner.run(
                    ["sync", "--config", config, "--database", killed],
                    environment: env.merging(Self.randomKill(&rng, among: points, payloads: 3, groups: 1, projector: 1)) { $1 })
                if ending == .killed(SIGKILL) { kills += 1 }
            }
            #expect(kills == 25, "\(kills) kills in \(attempts) attempts")
            await #expect(try CommandRunner.run(["sync", "--config", config, "--database", killed], environment: env) == .exited(0))

            let image = try LedgerImage(store)
            let truth = try UnifiedTask.listJSON(SimulatorTruth.tasks(world))
            #expect(image.tasks == truth)
            #expect(image.tasks == expected.tasks)
            #expect(image.scores == expected.scores)
            #expect(image.deadLetters.count == expected.deadLetters.count)
            #expect(image.counts["task"] == expected.counts["task"])
        }
    }
}
