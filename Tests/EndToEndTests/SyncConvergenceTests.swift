import BridgeApp
import BridgeDemo
import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeSimulator
import BridgeSources
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

/// Real HTTP on loopback against the simulator: faults change how data is served, never what the ledger ends with.
@Suite(.serialized)
struct SyncConvergenceTests {
    static func bridge(port: Int, _ dir: TemporaryDirectory) throws -> Bridge {
        try Bridge(configuration: try SimulatorSetup.configuration(port: port, home: Fixtures.home), databasePath: dir.file("l.sqlite"))
    }

    /// A simulator serving `world`, and a bridge with a fresh ledger pointed at it; the simulator stops after `body`.
    static func withSimulator(
        _ world: SimulatedWorld, faults: FaultPlan = FaultPlan(), seed: UInt64 = 1,
        _ body: (Bridge, SimulatorServer, TemporaryDirectory) async throws -> Void
    ) async throws {
        let (port, server, task) = try await SimulatorSetup.start(world: world, faults: faults, seed: seed)
        defer { task.cancel() }
        let dir = try TemporaryDirectory()
        try await body(try bridge(port: port, dir), server, dir)
    }

    @Test func repeatedSyncsUnderFaultsConvergeToTheTruth() async throws {
        let world = SimulatedWorld(scale: 24, seed: 7)
        let faults = try FaultPlan("500:0.05,429:0.02,truncate:0.02,dup:0.03,reorder:0.03,reset:0.02")
        try await Self.withSimulator(world, faults: faults, seed: 11) { bridge, server, _ in
            var clean = false
            for _ in 0..<8 {
                let summaries = try await bridge.sync(environment: SimulatorSetup.environment)
                if summaries.allSatisfy({ $0.failure == nil }) { clean = true; break }
            }
            #expect(clean, "sync kept failing under faults")
            let truth = try UnifiedTask.listJSON(SimulatorTruth.tasks(world))
            let synced = try UnifiedTask.listJSON(try bridge.store.tasks.list(TaskFilter()))
            #expect(synced == truth)
            #expect(try bridge.store.tasks.list(TaskFilter()).count == world.tasks.count)
            let served = await server.counters().requests
            #expect(served > world.tasks.count)
        }
    }

    /// Commits do not wait for the disk; the end of a sync does. The database file alone — without the log that
    /// a power cut could lose — must then hold everything the sync stored.
    @Test func afterASyncTheDatabaseFileAloneHoldsEverything() async throws {
        let world = SimulatedWorld(scale: 12, seed: 5)
        try await Self.withSimulator(world) { bridge, _, dir in
            let summaries = try await bridge.sync(environment: SimulatorSetup.environment)
            #expect(summaries.allSatisfy { $0.failure == nil })
            try FileManager.default.copyItem(atPath: dir.file("l.sqlite"), toPath: dir.file("file-only.sqlite"))  // no -wal
            let copy = try LedgerStore(path: dir.file("file-only.sqlite"), options: .init(readOnly: true))
            #expect(try UnifiedTask.listJSON(copy.tasks.list(TaskFilter())) == UnifiedTask.listJSON(SimulatorTruth.tasks(world)))
        }
    }

    @Test func aSecondSyncWithNothingChangedWritesNoRevisionAndIsAnsweredBy304s() async throws {
        let world = SimulatedWorld(scale: 12, seed: 3)
        try await Self.withSimulator(world) { bridge, server, _ in
            let first = try await bridge.sync(environment: SimulatorSetup.environment)
            #expect(first.allSatisfy { $0.failure == nil })
            let revisions = try bridge.store.counts()["task_revision"]
            let notModifiedBefore = await server.counters().notModified
            let second = try await bridge.sync(environment: SimulatorSetup.environment)
            #expect(second.allSatisfy { $0.failure == nil && $0.commits.newTasks == 0 && $0.commits.updatedTasks == 0 })
            #expect(try bridge.store.counts()["task_revision"] == revisions)
            let notModified = await server.counters().notModified - notModifiedBefore
            #expect(notModified >= 2)  // iOffice pages and the Party page answered 304
            #expect(second.first { $0.source == "ioffice" }?.notModified == 2)
        }
    }

    @Test func incrementalSyncFindsWhatChangedAsTheWorldEvolves() async throws {
        let world = SimulatedWorld(scale: 30, seed: 4)
        try await Self.withSimulator(world) { bridge, server, _ in
            _ = try await bridge.sync(environment: SimulatorSetup.environment)
            for day in 1...8 {
                await server.evolve()
                let summaries = try await bridge.sync(environment: SimulatorSetup.environment)
                #expect(summaries.allSatisfy { $0.failure == nil })
                #expect(summaries.reduce(0) { $0 + $1.commits.newTasks + $1.commits.updatedTasks } > 0, "day \(day): nothing found")
                let truth = try UnifiedTask.listJSON(await server.truth())
                #expect(try UnifiedTask.listJSON(try bridge.store.tasks.list(TaskFilter())) == truth, "day \(day)")
            }
            // The week brought returns (counted once each) and deadline extensions (kept as history).
            let tasks = try bridge.store.tasks.list(TaskFilter())
            #expect(tasks.contains { $0.returns > 0 })
            #expect(tasks.contains { $0.deadlines.count > 1 })
        }
    }

    /// With work in two systems: a hub deadline extended while iOffice's copy is served is seen in both (the copy
    /// serves only its current deadline, so a polling bridge keeps the earlier one it saw), and the ledger equals
    /// the truth after every simulated day.
    @Test func dispatchesTrackedInTwoSystemsConvergeAsTheWorldEvolves() async throws {
        var world = SimulatedWorld(scale: 60, seed: 4)
        world.overlap = 0.3
        try await Self.withSimulator(world) { bridge, server, _ in
            _ = try await bridge.sync(environment: SimulatorSetup.environment)
            for day in 1...10 {
                await server.evolve()
                _ = try await bridge.sync(environment: SimulatorSetup.environment)
                #expect(try UnifiedTask.listJSON(try bridge.store.tasks.list(TaskFilter())) == UnifiedTask.listJSON(await server.truth()), "day \(day)")
            }
            let tasks = try bridge.store.tasks.list(TaskFilter())
            #expect(tasks.contains { $0.key.rawValue.hasPrefix("ioffice:VBD-H") && $0.deadlines.count > 1 }, "no mirrored extension happened")
        }
    }

    /// Conditional-request validators are kept by page or position, not by URL: a source paged by time (the
    /// mass tool sends updated_since, which moves every pass) or by cursor keeps a checkpoint of bounded size.
    @Test func checkpointsStayBoundedOverAHundredPasses() async throws {
        let world = SimulatedWorld(scale: 12, seed: 8)
        try await Self.withSimulator(world) { bridge, server, _ in
            var sizes: [Int: [String: Int]] = [:]
            for pass in 1...100 {
                if pass % 10 == 0 { await server.evolve(hours: 6) }
                let summaries = try await bridge.sync(environment: SimulatorSetup.environment)
                #expect(summaries.allSatisfy { $0.failure == nil }, "pass \(pass)")
                if pass == 10 || pass == 100 {
                    sizes[pass] = Dictionary(uniqueKeysWithValues: try bridge.store.health().checkpointBytes.map { ($0.source, $0.bytes) })
                }
            }
            for (source, late) in try #require(sizes[100]) {
                let early = try #require(sizes[10]?[source])
                #expect(late <= early + 200, "\(source): checkpoint grew from \(early) to \(late) bytes")
                #expect(late < 2_000, "\(source): \(late) bytes")
            }
            let mass = try bridge.store.facts.checkpoint(source: "mass")
            #expect(mass.etags.keys.allSatisfy { $0 == "position" || $0.hasPrefix("page ") })
            #expect(try UnifiedTask.listJSON(try bridge.store.tasks.list(TaskFilter())) == UnifiedTask.listJSON(await server.truth()))
        }
    }

    @Test func answersSpooledToDiskAsTheyArriveGiveTheSameLedgerAndLeaveNoFiles() async throws {
        let world = SimulatedWorld(scale: 15, seed: 6)
        try await Self.withSimulator(world) { bridge, _, _ in
            func spooled() throws -> [String] {
                try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path).filter { $0.hasPrefix("kpibridge-body-") }
            }
            let before = try spooled()
            // Every answer over 512 bytes goes to a file as it arrives: pages, edXML documents, lists.
            let summaries = try await bridge.sync(environment: SimulatorSetup.environment, transport: URLSessionTransport(spoolThreshold: 512))
            #expect(summaries.allSatisfy { $0.failure == nil })
            #expect(try UnifiedTask.listJSON(try bridge.store.tasks.list(TaskFilter())) == (try UnifiedTask.listJSON(SimulatorTruth.tasks(world))))
            #expect(Set(try spooled()).subtracting(before).isEmpty)
        }
    }

    @Test func aMissingSecretIsAOneLineErrorNamingTheVariable() async throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.bridge(port: 9, dir)
        var environment = SimulatorSetup.environment
        environment["KPIBRIDGE_PARTY_TOKEN"] = nil
        let error = await #expect(throws: AppError.self) { try await bridge.sync(only: "party", environment: environment) }
        #expect(error?.message == "source 'party': environment variable KPIBRIDGE_PARTY_TOKEN is not set")
    }

    @Test func anUnreachableSourceFailsWithTheReasonAndTheOthersStillRun() async throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.bridge(port: 1, dir)  // nothing listens on port 1
        let summaries = try await bridge.sync(environment: SimulatorSetup.environment)
        #expect(summaries.count == 4)
        #expect(summaries.allSatisfy { $0.failure?.contains("connection") == true })
    }
}

/// Passes requests to the real transport, recording them, and cuts every Party request after the first `allowed`.
final class CuttingTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private let inner = URLSessionTransport()
    private let allowed: Int
    private var party = 0
    private var log: [String] = []

    init(allowedPartyRequests: Int) { allowed = allowedPartyRequests }

    var partyRequests: [String] { lock.withLock { log } }

    func send(_ request: HTTPRequest, timeout: Duration, maxBytes: Int) async throws -> HTTPResponse {
        if request.url.path.contains("/party/") {
            let cut: Bool = lock.withLock {
                party += 1
                log.append(request.url.absoluteString)
                return party > allowed
            }
            if cut { throw TransportFailure(.timeout, "cut by the test") }
        }
        return try await inner.send(request, timeout: timeout, maxBytes: maxBytes)
    }
}

extension SyncConvergenceTests {
    @Test func aPassCutShortResumesAfterTheLastCommittedPageAndSkipsNothing() async throws {
        let world = SimulatedWorld(scale: 120, seed: 8)  // 120 Party tasks: three pages of 50
        try await Self.withSimulator(world) { bridge, _, _ in
            let cutting = CuttingTransport(allowedPartyRequests: 2)
            let first = try await bridge.sync(only: "party", environment: SimulatorSetup.environment, transport: cutting)
            #expect(first[0].failure?.contains("cut by the test") == true)
            #expect(try bridge.store.tasks.list(TaskFilter(block: .party)).count == 100)  // two committed pages
            let cursor = try #require(try bridge.store.facts.checkpoint(source: "party").cursor)

            let resumed = CuttingTransport(allowedPartyRequests: 100)
            let second = try await bridge.sync(only: "party", environment: SimulatorSetup.environment, transport: resumed)
            #expect(second[0].failure == nil)
            #expect(resumed.partyRequests.first?.contains("cursor=\(cursor)") == true)  // no committed page fetched again
            let truth = SimulatorTruth.tasks(world).filter { $0.block == .party }
            #expect(try UnifiedTask.listJSON(try bridge.store.tasks.list(TaskFilter(block: .party))) == (try UnifiedTask.listJSON(truth)))
        }
    }
}

extension SyncConvergenceTests {
    /// Three dispatches in ten are tracked both in the hub and in iOffice (a quarter of those with another
    /// handler there), and a third of those are followed up by a Party task citing them: after a sync the ledger
    /// holds each pair as one unit of work and queues what the rules say — the same tasks and the same queue as
    /// the truth, which reconciles the simulator's own records by the rules alone.
    @Test func documentsInTwoSystemsConvergeToOneUnitEachAndTheQueueTheRulesGive() async throws {
        var world = SimulatedWorld(scale: 30, seed: 7)
        world.overlap = 0.3
        let mirrors = world.mirrors()
        #expect(mirrors.count > 3 && !world.citations().isEmpty)
        try await Self.withSimulator(world, faults: try FaultPlan("500:0.03,dup:0.03,reorder:0.03"), seed: 3) { bridge, _, _ in
            var clean = false
            for _ in 0..<6 where !clean {
                clean = try await bridge.sync(environment: SimulatorSetup.environment).allSatisfy { $0.failure == nil }
            }
            #expect(clean)
            let tasks = try bridge.store.tasks.list(TaskFilter())
            #expect(try UnifiedTask.listJSON(tasks) == UnifiedTask.listJSON(SimulatorTruth.tasks(world)))
            #expect(tasks.filter { ($0.link?.members.count ?? 0) > 1 && $0.countsForKPI }.count == mirrors.count)
            #expect(tasks.filter { !$0.countsForKPI }.map(\.key.rawValue).sorted() == mirrors.map { "ioffice:\($0.copy.id)" }.sorted())

            let queue = try bridge.conflicts()
            #expect(try ConflictFormatter.json(queue) == ConflictFormatter.json(SimulatorTruth.queue(world)))
            #expect(queue.filter { $0.kind == .candidate && $0.subject == "document" }.count == world.citations().count)
            #expect(queue.contains { $0.kind == .disagreement && $0.subject == "mainHandler" })
        }
    }
}
