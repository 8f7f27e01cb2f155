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

/// A hub that keeps acknowledged messages and pages its list by cursor is walked to its end, with the cursor
/// in the checkpoint; a pass is never reported complete while the hub says there is more.
@Suite(.serialized)
struct HubPagingTests {
    static func withPagedHub(
        _ world: SimulatedWorld, faults: FaultPlan = FaultPlan(), concurrency: Int? = nil, _ body: (Bridge, Int) async throws -> Void
    ) async throws {
        let (port, _, task) = try await SimulatorSetup.start(world: world, faults: faults, seed: 3, hubPaging: true)
        defer { task.cancel() }
        let dir = try TemporaryDirectory()
        var configuration = try SimulatorSetup.configuration(port: port, home: Fixtures.home, hubPaging: true)
        if let concurrency { for index in configuration.sources.indices { configuration.sources[index].concurrency = concurrency } }
        try await body(try Bridge(configuration: configuration, databasePath: dir.file("l.sqlite")), port)
    }

    @Test func aPagedHubIsReadToItsEndAndTheNextPassStartsAtTheCursor() async throws {
        let world = SimulatedWorld(scale: 24, seed: 7)
        try await Self.withPagedHub(world) { bridge, _ in
            let first = try #require(try await bridge.sync(only: "eoffice-hub", environment: SimulatorSetup.environment).first)
            #expect(first.failure == nil)
            let messages = first.commits.records
            #expect(messages > 40)  // more than two pages of 20
            #expect(first.pages == (messages + 19) / 20)
            #expect(try await bridge.store.facts.checkpoint(source: "eoffice-hub").cursor == "p-\(messages)")

            let second = try #require(try await bridge.sync(only: "eoffice-hub", environment: SimulatorSetup.environment).first)
            #expect(second.failure == nil && second.pages == 1 && second.commits.records == 0)

        }
    }

    @Test func aPagedHubUnderFaultsConvergesToTheTruth() async throws {
        let world = SimulatedWorld(scale: 24, seed: 9)
        let faults = try FaultPlan("500:0.05,429:0.02,truncate:0.02,dup:0.05,reorder:0.05")
        try await Self.withPagedHub(world, faults: faults) { bridge, _ in
            var clean = false
            for _ in 0..<10 {
                let summaries = try await bridge.sync(environment: SimulatorSetup.environment)
                if summaries.allSatisfy({ $0.failure == nil }) { clean = true; break }
            }
            #expect(clean)
            #expect(try UnifiedTask.listJSON(bridge.store.tasks.list(TaskFilter())) == UnifiedTask.listJSON(SimulatorTruth.tasks(world)))
        }
    }

    @Test func aPassThatStopsWhileTheHubSaysThereIsMoreIsNotOk() async throws {
        let world = SimulatedWorld(scale: 24, seed: 7)
        try await Self.withPagedHub(world) { bridge, port in
            let clock = ContinuousClock()
            let client = HTTPSourceClient(
                source: "eoffice-hub", transport: URLSessionTransport(),
                auth: .basic(user: SimulatorSetup.environment["KPIBRIDGE_HUB_USER"]!, password: SimulatorSetup.environment["KPIBRIDGE_HUB_PASSWORD"]!),
                clock: clock, limiter: RateLimiter(clock: clock, requestsPerSecond: 0))
            let listing = HubListing(limitParam: "limit", limit: 20, cursorParam: "since", cursorField: "nextCursor", hasMoreField: "hasMore")
            let poller = HubPoller(
                importer: bridge.importer, client: client, binding: try bridge.source("eoffice-hub"),
                baseURL: URL(string: "http://127.0.0.1:\(port)/hub/")!, listing: listing, maxPages: 2)
            let summary = try await poller.poll()
            #expect(summary.pages == 2 && summary.commits.records == 40)
            #expect(summary.failure == "source eoffice-hub: the hub still says there is more after 2 pages; run sync again to go on")
            // The cursor covers what was committed: the next pass goes on from there.
            #expect(try await bridge.store.facts.checkpoint(source: "eoffice-hub").cursor == "p-40")
        }
    }

    @Test func aListingIsOnlyForHubSources() throws {
        let dir = try TemporaryDirectory()
        let file = try dir.write("kpibridge.yml", Array("""
            sources:
              - { id: party, kind: json-pages, baseURL: "http://127.0.0.1:9/", mapping: \(Fixtures.home)/Mappings/party-tasks.yml, block: party, listing: { cursorParam: a, cursorField: b } }
            """.utf8))
        let error = #expect(throws: (any Error).self) { try BridgeConfiguration.load(file: file) }
        #expect("\(error!)".contains("listing is for edxml-hub sources"))
    }

    /// A transport that counts how many requests of each kind are in flight at once.
    final class CountingTransport: HTTPTransport, @unchecked Sendable {
        let inner = URLSessionTransport()
        private let lock = NSLock()
        private var inFlight: [String: Int] = [:]
        private(set) var most: [String: Int] = [:]

        func send(_ request: HTTPRequest, timeout: Duration, maxBytes: Int) async throws -> HTTPResponse {
            let kind = request.url.lastPathComponent
            lock.withLock {
                inFlight[kind, default: 0] += 1
                most[kind] = max(most[kind] ?? 0, inFlight[kind]!)
            }
            defer { lock.withLock { inFlight[kind]! -= 1 } }
            return try await inner.send(request, timeout: timeout, maxBytes: maxBytes)
        }

        var peaks: [String: Int] { lock.withLock { most } }
    }

    /// Under faults, fetches and acknowledgements go several at a time, so that retries overlap — never more than
    /// the source's `concurrency` (4 here; the default is 8).
    @Test func hubMessagesAreFetchedAndAcknowledgedSeveralAtATime() async throws {
        let world = SimulatedWorld(scale: 24, seed: 7)
        let faults = try FaultPlan("500:0.05,slow:0.05")
        try await Self.withPagedHub(world, faults: faults, concurrency: 4) { bridge, _ in
            let transport = CountingTransport()
            var clean = false
            for _ in 0..<5 where !clean {
                let summaries = try await bridge.sync(only: "eoffice-hub", environment: SimulatorSetup.environment, transport: transport)
                clean = summaries.allSatisfy { $0.failure == nil }
            }
            #expect(clean)
            #expect((transport.peaks["getEdoc"] ?? 0) >= 2, "\(transport.peaks)")
            #expect((transport.peaks["updateStatus"] ?? 0) >= 2, "\(transport.peaks)")
            #expect(transport.peaks.values.allSatisfy { $0 <= 4 }, "\(transport.peaks)")
            #expect(transport.peaks["getReceivedEdocList"] == 1)
        }
    }
}
