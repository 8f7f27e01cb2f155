import BridgeApp
import BridgeLedger
import BridgeDemo
import BridgeModel
import BridgePipeline
import BridgeSimulator
import BridgeTestSupport
import Foundation
import Synchronization
import Testing

/// What `sync` prints about dead letters: the one-line summary names them, and a note says how many are new.
struct SyncReportTests {
    static func summary(_ source: String, dead: Int, new: Int) -> PollSummary {
        var s = PollSummary(source: source)
        s.pages = 2
        s.commits.records = 10
        s.commits.deadLetters = dead
        s.commits.newDeadLetters = new
        return s
    }

    @Test func theLineAndTheNoteNameDeadLetters() {
        let line = SyncReport.line(Self.summary("party", dead: 14, new: 3))
        #expect(line.contains("14 dead letter(s) (3 new)"), "\(line)")
        let note = SyncReport.deadLetterNote([Self.summary("party", dead: 14, new: 3), Self.summary("mass", dead: 0, new: 0)])
        #expect(note == "14 record(s) kept as dead letters, 3 new (party): kpibridge replay list")
        #expect(SyncReport.deadLetterNote([Self.summary("mass", dead: 0, new: 0)]) == nil)
    }
}

/// A sync polls its sources side by side and projects once: each source's line counts the tasks its own records
/// created or changed, never another source's, and the lines add up to the ledger.
@Suite(.serialized)
struct ParallelSyncCountsTests {
    @Test func eachSourcesLineCountsItsOwnTasks() async throws {
        let world = SimulatedWorld(scale: 12, seed: 4)
        let (simPort, _, simTask) = try await SimulatorSetup.start(world: world)
        defer { simTask.cancel() }
        let dir = try TemporaryDirectory()
        let bridge = try Bridge(configuration: try SimulatorSetup.configuration(port: simPort, home: Fixtures.home), databasePath: dir.file("l.sqlite"))
        let heard = Mutex<[String]>([])
        let first = try await bridge.sync(environment: SimulatorSetup.environment, progress: { summary in heard.withLock { $0.append(summary.source) } })
        let tasks = try bridge.store.tasks.list(TaskFilter())
        #expect(first.count >= 4 && first.allSatisfy { $0.failure == nil })
        // Progress hears the sources in configuration order, each once.
        #expect(heard.withLock { $0 } == bridge.configuration.sources.map(\.id))
        for summary in first {
            let own = tasks.filter { $0.provenance.first?.source == summary.source }.count
            #expect(summary.commits.newTasks == own && own > 0, "\(summary.source): \(summary.commits.newTasks) new, \(own) its own")
            #expect(summary.commits.updatedTasks == 0)
        }
        #expect(first.map(\.commits.newTasks).reduce(0, +) == tasks.count)
        // Nothing changed at the sources: every line says so.
        let second = try await bridge.sync(environment: SimulatorSetup.environment)
        #expect(second.allSatisfy { $0.commits.newTasks == 0 && $0.commits.updatedTasks == 0 })
    }
}
